import type { ExclusionReason, RollSnapshot } from '@plenum/domain';
import { canonicalBytes, merkleRoot } from '@plenum/ledger';
import type { Db, Trx } from '../../db/types.ts';

export type PollRow = Awaited<ReturnType<typeof findPoll>> & {};

export async function findPoll(db: Db, pollId: string) {
  return db.selectFrom('polls').selectAll().where('id', '=', pollId).executeTakeFirst();
}

export interface RollRow {
  member_id: string;
  status: 'eligible' | 'excluded' | 'ineligible';
  votes: number;
  actors: string[];
  reason: string | null;
}

const CHUNK = 4000;

/** Writes the roll snapshot in chunks (PostgreSQL takes at most 65,535 parameters a statement). */
export async function insertRoll(trx: Trx, pollId: string, rows: readonly RollRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await trx
      .insertInto('poll_roll')
      .values(chunk.map((r) => ({ poll_id: pollId, ...r })))
      .execute();
  }
}

/**
 * The roll's fingerprint for the ledger: a Merkle root over the rows sorted by member id, so an
 * auditor can check the exported roll against what was recorded when the poll opened.
 */
export function rollRoot(rows: readonly RollRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0,
  );
  return merkleRoot(
    sorted.map((r) =>
      canonicalBytes({ memberId: r.member_id, status: r.status, votes: r.votes, reason: r.reason ?? null }),
    ),
  );
}

export interface ParticipationRow {
  member_id: string;
  channel: string;
  cast_by: string | null;
}

/** Participation list fingerprint (R27: who took part and through which channel, never the choice). */
export function participationRoot(rows: readonly ParticipationRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0,
  );
  return merkleRoot(
    sorted.map((r) =>
      canonicalBytes({ memberId: r.member_id, channel: r.channel, castBy: r.cast_by ?? null }),
    ),
  );
}

/** A stored roll row as read back for one poll. */
export interface StoredRollRow {
  member_id: string;
  status: string;
  votes: number;
  actors: string[];
  reason: string | null;
}

/**
 * The part of a poll's roll that a decision about one voter needs (what `castableVotes` reads):
 * the rows of the members concerned and the voter's own §43(6) exclusion, if any.
 */
export function partialRoll(
  rows: readonly StoredRollRow[],
  voter: { id: string; excludedReason: string | null | undefined },
): Pick<RollSnapshot, 'entries' | 'exclusions'> {
  return {
    entries: rows
      .filter((r) => r.status !== 'ineligible')
      .map((r) => ({
        memberId: r.member_id,
        votes: r.votes,
        capacity: 'self' as const,
        actors: r.actors,
        excluded: r.status === 'excluded' ? (r.reason as ExclusionReason) : null,
      })),
    exclusions: voter.excludedReason
      ? [{ personId: voter.id, reason: voter.excludedReason as ExclusionReason }]
      : [],
  };
}
