import type { ExclusionReason, RollSnapshot } from '@plenum/domain';
import { canonicalBytes, merkleRoot } from '@plenum/ledger';
import { sql } from 'kysely';
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

/**
 * C4: how many members of the poll's register are present or represented now, and how many there
 * are (the roll without those who are not members at all). Present: the latest attendance event
 * is a check-in. Represented: an active proxy whose holder is present.
 */
export async function quorumAttendance(
  db: Db,
  pollId: string,
  assemblyId: string,
): Promise<{ presentMembers: number; totalMembers: number }> {
  const { rows } = await sql<{ present: number; total: number }>`
    WITH latest AS (
      SELECT DISTINCT ON (member_id) member_id, event FROM attendance
      WHERE assembly_id = ${assemblyId} AND event <> 'refused' ORDER BY member_id, id DESC
    ), present AS (
      SELECT member_id FROM latest WHERE event = 'check_in'
    ), grants AS (
      SELECT DISTINCT ON (grant_id) event, principal_id, holder_member_id FROM proxies
      WHERE assembly_id = ${assemblyId} AND event IN ('granted', 'revoked') ORDER BY grant_id, id DESC
    ), attending AS (
      SELECT member_id FROM present
      UNION SELECT g.principal_id FROM grants g JOIN present p ON p.member_id = g.holder_member_id
      WHERE g.event = 'granted'
    )
    SELECT count(*) FILTER (WHERE r.member_id IN (SELECT member_id FROM attending))::int AS present,
      count(*)::int AS total
    FROM poll_roll r WHERE r.poll_id = ${pollId} AND r.status <> 'ineligible'`.execute(db);
  return { presentMembers: rows[0]?.present ?? 0, totalMembers: rows[0]?.total ?? 0 };
}

/** R29: every declaration of a poll, the first and its corrections, oldest first. */
export async function declarationsOf(db: Db | Trx, pollId: string) {
  return db
    .selectFrom('declarations')
    .select(['id', 'poll_id', 'corrects_id', 'text', 'result', 'declared_by', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('at')
    .execute();
}

/** R29: appends a correction; the declaration it corrects stays as it was (append-only table). */
export async function insertCorrection(
  trx: Trx,
  c: {
    id: string;
    pollId: string;
    correctsId: string;
    text: string;
    result: Record<string, unknown>;
    declaredBy: string;
    at: Date;
  },
) {
  await trx
    .insertInto('declarations')
    .values({
      id: c.id,
      poll_id: c.pollId,
      corrects_id: c.correctsId,
      text: c.text,
      result: JSON.stringify(c.result),
      declared_by: c.declaredBy,
      at: c.at,
    })
    .execute();
}
