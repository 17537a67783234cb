import type { PollLot } from '@plenum/contracts';
import { decideByLot, type ElectionRoundResult } from '@plenum/domain';
import type { Db, Trx } from '../../db/types.ts';
import { lotOf } from './lots.queries.ts';

type StoredTally = ElectionRoundResult & Record<string, unknown>;

/**
 * R22: the round as the chair's lot decided it: the recorded tally (its tie open) with the drawn
 * winners elected by lot. Without a lot, or for a tally without a tie, the tally as recorded.
 */
export function decidedTally(
  tally: Record<string, unknown> | null,
  lot: Pick<PollLot, 'order'> | null,
): Record<string, unknown> | null {
  if (tally === null || lot === null || tally.tie === undefined) return tally;
  const decided = decideByLot(tally as unknown as StoredTally, lot.order);
  return decided.ok ? (decided.value as unknown as Record<string, unknown>) : tally;
}

/** The stored tally of a poll with its lot applied (declaration, acceptance, views). */
export async function decidedTallyOf(db: Db | Trx, pollId: string, tally: Record<string, unknown> | null) {
  const lot = tally?.tie === undefined ? null : await lotOf(db, pollId);
  return { tally: decidedTally(tally, lot), lot };
}
