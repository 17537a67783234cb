import { lotOrder } from '@plenum/domain';
import { type CanonicalObject, canonicalString } from '../canonical.ts';
import type { HashedEntry } from '../chain.ts';
import { lotSeed } from '../lot.ts';
import type { BundlePoll } from './bundle.ts';
import type { Report } from './violations.ts';

const sameList = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * R22 (SPEC.md §11): a lot the chair drew. From its `election.lot_drawn` entry alone the verifier
 * recomputes the seed from the recorded inputs, checks that the recorded head was the chain head
 * at the draw (the entry's own prevHash), that the tie is the one `poll.closed` left open, and
 * that the order and winners follow from the seed by the domain's `lotOrder`. The bundle's `lot`
 * must state the same draw. A declared election whose tie was never drawn is `poll.lot_missing`.
 */
export function checkLot(
  poll: BundlePoll,
  closed: HashedEntry | undefined,
  lots: readonly HashedEntry[],
  declared: boolean,
  where: string,
  report: Report,
): void {
  const tally = (closed?.payload.tally ?? null) as CanonicalObject | null;
  const tie = (tally?.tie ?? null) as { among?: unknown; seats?: unknown; settledBy?: unknown } | null;
  if (lots.length > 1) report('poll.lot_invalid', where, `${lots.length} lots are recorded for one tie`);
  const entry = lots[0];
  if (entry === undefined) {
    if (tie?.settledBy === 'lot' && declared)
      report('poll.lot_missing', where, 'the result was declared, but the tie was never drawn by lot');
    if (poll.lot !== undefined && poll.lot !== null)
      report('evidence.lot_mismatch', where, 'the bundle states a lot that no ledger entry records');
    return;
  }
  const p = entry.payload;
  const value = String(p.value ?? '');
  const seed = lotSeed({ value, head: String(p.head ?? ''), pollId: poll.id });
  if (seed !== p.seed)
    report(
      'poll.lot_seed_mismatch',
      where,
      `ledger entry ${entry.seq}: the recorded inputs give the seed ${seed}, the entry records ${String(p.seed)}`,
    );
  if (p.head !== entry.prevHash || p.headSeq !== entry.seq - 1)
    report(
      'poll.lot_head_mismatch',
      where,
      `ledger entry ${entry.seq}: the recorded head (${String(p.headSeq)}) was not the chain head at the draw (${entry.seq - 1})`,
    );
  if (
    tie === null ||
    tie.settledBy !== 'lot' ||
    !sameList(tie.among, p.among) ||
    tie.seats !== p.seats ||
    closed === undefined ||
    closed.seq > entry.seq
  )
    report(
      'poll.lot_tie_mismatch',
      where,
      `ledger entry ${entry.seq} draws a tie the close did not leave open`,
    );
  const among = Array.isArray(p.among) ? (p.among as string[]) : [];
  const order = lotOrder(seed, among);
  if (!sameList(order, p.order) || !sameList(order.slice(0, Number(p.seats)), p.winners))
    report(
      'poll.lot_outcome_mismatch',
      where,
      `ledger entry ${entry.seq}: the seed gives the order ${order.join(' ')}, the entry records ${String(p.order)}`,
    );
  const stated = poll.lot ?? null;
  const recorded = {
    value,
    valueSource: p.valueSource,
    headSeq: p.headSeq,
    head: p.head,
    seed: p.seed,
    among: p.among,
    seats: p.seats,
    order: p.order,
    winners: p.winners,
    drawnBy: p.by,
    at: entry.at,
  } as CanonicalObject;
  if (stated === null || canonicalString(stated as unknown as CanonicalObject) !== canonicalString(recorded))
    report('evidence.lot_mismatch', where, `the lot in the bundle differs from ledger entry ${entry.seq}`);
}

/** The lot entry of a poll that precedes `seq` (a declaration), if any. */
export function lotBefore(lots: readonly HashedEntry[], seq: number): HashedEntry | undefined {
  return lots.find((l) => l.seq < seq);
}
