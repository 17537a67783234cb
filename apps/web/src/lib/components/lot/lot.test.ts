import type { PollView } from '@plenum/contracts';
import { describe, expect, it } from 'vitest';
import { groupedHex, lotPending, tieOf } from './lot';

const tally = (tie?: object) => ({ elected: [], seats: 2, ...(tie ? { tie } : {}) });
/** A poll view with only what the helpers read. */
const view = (fields: Record<string, unknown>) =>
  ({ kind: 'election', lot: null, tally: null, ...fields }) as unknown as PollView;

describe('R22: the tie and the lot on the screens', () => {
  it('R22: a tie by lot is pending until the lot is recorded; a run-off tie never is', () => {
    const open = view({ tally: tally({ among: ['a', 'b'], seats: 1, settledBy: 'lot' }) });
    expect(tieOf(open)).toEqual({ among: ['a', 'b'], seats: 1, settledBy: 'lot' });
    expect(lotPending(open)).toBe(true);
    const drawn = view({ tally: tally(), lot: { among: ['a', 'b'], seats: 1, order: ['b', 'a'] } });
    expect(tieOf(drawn)).toEqual({ among: ['a', 'b'], seats: 1, settledBy: 'lot' });
    expect(lotPending(drawn)).toBe(false);
    const runOff = view({ tally: tally({ among: ['a', 'b'], seats: 1, settledBy: 'run_off' }) });
    expect(lotPending(runOff)).toBe(false);
    expect(tieOf(view({ tally: tally() }))).toBeNull();
    expect(tieOf(view({ kind: 'majority' }))).toBeNull();
  });

  it('groups a seed in fours, as people read it aloud', () => {
    expect(groupedHex('9e6708717950e4f5')).toBe('9e67 0871 7950 e4f5');
  });
});
