import type { Declaration, Poll, StatuteConfig, Tally } from '@plenum/domain';
import type { Trx } from '../../db/types.ts';
import { lockPollExclusive } from '../ledger/ledger.queries.ts';
import { Refusal } from '../refusal.ts';
import { findPoll, latestDeclaration } from './polls.queries.ts';

export type PollRecord = NonNullable<Awaited<ReturnType<typeof findPoll>>>;

/** Takes the poll's exclusive lock (waits for casts in flight) and loads it. */
export async function lockedPoll(trx: Trx, pollId: string): Promise<PollRecord> {
  await lockPollExclusive(trx, pollId);
  const poll = await findPoll(trx, pollId);
  if (!poll) throw new Refusal('poll.not_found', 'No poll with this id.', { pollId });
  return poll;
}

/**
 * The domain's view of a stored majority poll, built from what is stored and nothing else: the
 * roll's totals (its entries stay in `poll_roll`), the tally recorded at close, and for a declared
 * poll the declaration in force, which the caller reads (`latestDeclaration`).
 */
export function domainPoll(row: PollRecord, statute: StatuteConfig, declaration?: Declaration | null): Poll {
  const base = {
    id: row.id,
    itemId: row.agenda_item_id,
    itemKind: row.item_kind,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    quorum: statute.quorum,
    secret: row.secret,
  };
  if (row.status === 'draft') return { ...base, status: 'draft' };
  const open = {
    ...base,
    openedAt: required(row.opened_at, 'opened_at', row).toISOString(),
    roll: {
      pollId: row.id,
      votesAvailable: required(row.votes_available, 'votes_available', row),
      votesExcluded: required(row.votes_excluded, 'votes_excluded', row),
    },
  };
  if (row.status === 'open') return { ...open, status: 'open' };
  const closed = {
    ...open,
    closedAt: required(row.closed_at, 'closed_at', row).toISOString(),
    tally: required(row.tally, 'tally', row) as unknown as Tally,
  };
  if (row.status === 'closed') return { ...closed, status: 'closed' };
  if (!declaration) throw new Error(`poll ${row.id} is declared but its declaration was not given`);
  return { ...closed, status: 'declared', declaration };
}

/** {@link domainPoll}, reading the declaration in force when the poll is declared. */
export async function loadDomainPoll(trx: Trx, row: PollRecord, statute: StatuteConfig): Promise<Poll> {
  return domainPoll(row, statute, row.status === 'declared' ? await latestDeclaration(trx, row.id) : null);
}

/** A column the poll's state guarantees (written in the transaction that set the state). */
function required<T>(value: T | null | undefined, column: string, row: PollRecord): T {
  if (value === null || value === undefined) {
    throw new Error(`poll ${row.id} is ${row.status} but has no ${column}`);
  }
  return value;
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
