import type { PollLot } from '@plenum/contracts';
import type { Db, Trx } from '../../db/types.ts';

/** R22: the lot drawn for a poll's tie, as the API and the export state it; null without one. */
export async function lotOf(db: Db | Trx, pollId: string): Promise<PollLot | null> {
  const row = await db
    .selectFrom('election_lots')
    .selectAll()
    .where('poll_id', '=', pollId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    value: row.value,
    valueSource: row.value_source,
    headSeq: Number(row.head_seq),
    head: row.head_hash,
    seed: row.seed,
    among: row.among,
    seats: row.seats,
    order: row.draw_order,
    winners: row.winners,
    drawnBy: row.drawn_by,
    at: new Date(row.drawn_at).toISOString(),
    ledgerSeq: Number(row.ledger_seq),
  };
}

export async function insertLot(
  trx: Trx,
  pollId: string,
  lot: Omit<PollLot, 'at'> & { at: Date },
): Promise<void> {
  await trx
    .insertInto('election_lots')
    .values({
      poll_id: pollId,
      value: lot.value,
      value_source: lot.valueSource,
      head_seq: lot.headSeq,
      head_hash: lot.head,
      seed: lot.seed,
      among: JSON.stringify(lot.among),
      seats: lot.seats,
      draw_order: JSON.stringify(lot.order),
      winners: JSON.stringify(lot.winners),
      drawn_by: lot.drawnBy,
      drawn_at: lot.at,
      ledger_seq: lot.ledgerSeq,
    })
    .execute();
}

/**
 * Locks the chain head row (as appendLedger does first) and reads it: the head a lot's seed is
 * drawn from stays the head until this transaction's own entry is appended on it.
 */
export async function lockedLedgerHead(trx: Trx): Promise<{ seq: number; hash: string }> {
  const head = await trx
    .selectFrom('ledger_head')
    .select(['seq', 'hash'])
    .where('id', '=', true)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { seq: Number(head.seq), hash: head.hash };
}

/** R22: the draft run-off round that follows `round` of an item, if one was prepared. */
export async function draftRoundAfter(db: Db | Trx, itemId: string, round: number): Promise<string | null> {
  const row = await db
    .selectFrom('polls')
    .select('id')
    .where('agenda_item_id', '=', itemId)
    .where('rehearsal', '=', false)
    .where('round', '=', round + 1)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return row?.id ?? null;
}
