import type { PollConfig, PollView, Tally, VotingMethod } from '@plenum/contracts';
import { castableVotes } from '@plenum/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import { ApiError } from '../../http/errors.ts';
import { presenceOf } from '../attendance/attendance.queries.ts';
import { activeGrants } from '../proxies/proxies.queries.ts';
import type { PollRecord } from './poll-state.ts';
import { findPoll, partialRoll } from './polls.queries.ts';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A poll as the API shows it. The computed tally only once closed: no interim results (R23). */
export async function pollView(db: Db, pollId: string) {
  const row = await findPoll(db, pollId);
  if (!row) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId });
  return toView(db, row);
}

export async function listPolls(db: Db, assemblyId: string) {
  const rows = await db
    .selectFrom('polls')
    .selectAll()
    .where('assembly_id', '=', assemblyId)
    .orderBy('created_at')
    .execute();
  return Promise.all(rows.map((r) => toView(db, r)));
}

async function toView(db: Db, row: PollRecord): Promise<PollView> {
  const voted = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM participation WHERE poll_id = ${row.id}`.execute(db);
  const declaration = await db
    .selectFrom('declarations')
    .select(['id', 'text', 'result', 'at', 'declared_by'])
    .where('poll_id', '=', row.id)
    .orderBy('at', 'desc')
    // R29: a correction recorded in the same instant as what it corrects is the later one.
    .orderBy(sql`corrects_id IS NOT NULL`, 'desc')
    .executeTakeFirst();
  const counted = row.status === 'closed' || row.status === 'declared';
  return {
    id: row.id,
    assemblyId: row.assembly_id,
    agendaItemId: row.agenda_item_id,
    round: row.round,
    kind: row.kind,
    // Text and JSON columns, written only by polls.service and poll-results.service in these shapes.
    itemKind: row.item_kind,
    method: row.method as VotingMethod,
    secret: row.secret,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    options: row.options as string[],
    config: row.config as PollConfig,
    status: row.status,
    openedAt: iso(row.opened_at),
    closedAt: iso(row.closed_at),
    votesAvailable: row.votes_available,
    votesExcluded: row.votes_excluded,
    voted: voted.rows[0]?.n ?? 0,
    ballotCount: row.ballot_count,
    ballotsRoot: row.ballots_root,
    receiptsRoot: row.receipts_root,
    tally: counted ? (row.tally as Tally | null) : null,
    declaration: declaration
      ? {
          id: declaration.id,
          text: declaration.text,
          outcome: String((declaration.result as { outcome?: string }).outcome ?? ''),
          at: new Date(declaration.at).toISOString(),
          by: declaration.declared_by,
        }
      : null,
  };
}

/**
 * The votes a member may cast in a poll — their own, as representative, and as proxy holder (R4,
 * R7, R10) — and which are already cast: one screen for all of them, not one ballot after another.
 */
export async function myVotes(db: Db, pollId: string, memberId: string) {
  const poll = await findPoll(db, pollId);
  if (!poll) throw new ApiError(404, 'poll.not_found', 'No poll with this id.', { pollId });
  const presence = await presenceOf(db, poll.assembly_id, memberId);
  const base = { pollId, status: poll.status, present: presence.present };
  if (poll.status === 'draft') return { ...base, votes: [], reason: 'poll.not_open' };
  const grants = await activeGrants(db, poll.assembly_id, { holderId: memberId });
  const rows = await db
    .selectFrom('poll_roll')
    .innerJoin('members', 'members.id', 'poll_roll.member_id')
    .select([
      'poll_roll.member_id',
      'poll_roll.status',
      'poll_roll.votes',
      'poll_roll.actors',
      'poll_roll.reason',
      'members.member_number',
      'members.given_name',
      'members.family_name',
    ])
    .where('poll_roll.poll_id', '=', pollId)
    .where((eb) =>
      eb.or([
        sql<boolean>`${memberId}::uuid = ANY(poll_roll.actors)`,
        eb('poll_roll.member_id', 'in', [memberId, ...grants.map((g) => g.principalId)]),
      ]),
    )
    .execute();
  const excluded = await db
    .selectFrom('poll_excluded_persons')
    .select('reason')
    .where('poll_id', '=', pollId)
    .where('person_id', '=', memberId)
    .executeTakeFirst();
  const roll = partialRoll(rows, { id: memberId, excludedReason: excluded?.reason });
  const castable = castableVotes(memberId, roll, grants);
  const done = new Set(
    (
      await db
        .selectFrom('participation')
        .select('member_id')
        .where('poll_id', '=', pollId)
        .where('member_id', 'in', castable.length ? castable.map((c) => c.memberId) : [memberId])
        .execute()
    ).map((r) => r.member_id),
  );
  const info = new Map(rows.map((r) => [r.member_id, r] as const));
  const votes = castable.map((c) => {
    const r = info.get(c.memberId);
    const capacity = c.memberId === memberId ? 'own' : c.capacity;
    return {
      memberId: c.memberId,
      memberNumber: r?.member_number ?? '',
      name: `${r?.given_name ?? ''} ${r?.family_name ?? ''}`.trim(),
      capacity,
      cast: done.has(c.memberId),
    };
  });
  const own = info.get(memberId);
  const reason = votes.length > 0 ? null : (excluded?.reason ?? own?.reason ?? 'roll.not_on_register');
  return { ...base, votes, reason };
}
