import type { PollView } from '@plenum/contracts';

/** A tie on the last seats as a closed election round reports it (R22); null without one. */
export interface TieView {
  readonly among: readonly string[];
  readonly seats: number;
  readonly settledBy: 'lot' | 'run_off';
}

/**
 * The tie of a counted election round, taken from the recorded lot once drawn (the poll's tally
 * then shows the round as the lot decided it) or from the tally while it is open.
 */
export function tieOf(poll: PollView | null | undefined): TieView | null {
  if (poll?.kind !== 'election') return null;
  if (poll.lot) return { among: poll.lot.among, seats: poll.lot.seats, settledBy: 'lot' };
  const tally = poll.tally;
  if (!tally || !('elected' in tally) || !tally.tie) return null;
  return tally.tie;
}

/** True while the chair still has to draw the lot: the result cannot be declared before. */
export function lotPending(poll: PollView | null | undefined): boolean {
  return tieOf(poll)?.settledBy === 'lot' && !poll?.lot;
}

/** A hex value in groups of four, as people read it aloud and copy it down. */
export function groupedHex(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}
