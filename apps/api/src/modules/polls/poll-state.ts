import type { Poll, RollSnapshot, StatuteConfig, Tally } from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import { lockPollExclusive } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { findPoll } from './polls.queries.ts';

export type PollRecord = NonNullable<Awaited<ReturnType<typeof findPoll>>>;

/** Takes the poll's exclusive lock (waits for casts in flight) and loads it. */
export async function lockedPoll(trx: Trx, pollId: string): Promise<PollRecord> {
  await lockPollExclusive(trx, pollId);
  const poll = await findPoll(trx, pollId);
  if (!poll) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  return poll;
}

/**
 * Rebuilds the domain's view of a stored majority poll. The roll is carried only as far as the
 * lifecycle needs it (the vote totals); the full snapshot is in `poll_roll`.
 */
export function domainPoll(row: PollRecord, statute: StatuteConfig): Poll {
  const base = {
    id: row.id,
    itemId: row.agenda_item_id,
    itemKind: row.item_kind,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    quorum: statute.quorum,
    secret: row.secret,
  };
  if (row.status === 'draft') return { ...base, status: 'draft' };
  const openedAt = new Date(row.opened_at ?? 0).toISOString();
  const roll: RollSnapshot = {
    pollId: row.id,
    takenAt: openedAt,
    itemKind: base.itemKind,
    entries: [],
    ineligible: [],
    exclusions: [],
    votesAvailable: row.votes_available ?? 0,
    votesExcluded: row.votes_excluded ?? 0,
  };
  const open = { ...base, openedAt, roll };
  if (row.status === 'open') return { ...open, status: 'open' };
  const closedAt = new Date(row.closed_at ?? 0).toISOString();
  return { ...open, status: 'closed', closedAt, tally: row.tally as unknown as Tally };
}

export function closedView(row: PollRecord) {
  return {
    id: row.id,
    status: row.status,
    ballotCount: row.ballot_count,
    ballotsRoot: row.ballots_root,
    receiptsRoot: row.receipts_root,
    tally: row.tally,
  };
}
