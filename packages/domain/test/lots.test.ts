import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STATUTE,
  decideByLot,
  defineStatute,
  type ElectionBallot,
  type ElectionRoundSpec,
  evaluateElectionRound,
  lotOrder,
  seedRandom,
} from '../src/index.ts';
import { statute } from './support.ts';

const names = (...choices: string[]): ElectionBallot => ({ kind: 'candidates', choices });
const repeat = (n: number, b: ElectionBallot): ElectionBallot[] => Array.from({ length: n }, () => b);
const spec: ElectionRoundSpec = {
  method: 'most_votes',
  seats: 2,
  candidates: ['a', 'b', 'c', 'd'],
  round: 1,
};
const tied = [...repeat(5, names('a')), ...repeat(3, names('b')), ...repeat(3, names('c')), names('d')];
const SEED = '5f0c3d0e8a9b4c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d';
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);

describe('R22: a tie on the last seats is settled as the statute says', () => {
  it('R22: counted without a random source, a tie stays open and the lot is required', () => {
    const r = evaluateElectionRound(spec, tied, null, DEFAULT_STATUTE);
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.outcome).toBe('election.lot_required');
    expect(r.value.tie).toEqual({ among: ['b', 'c'], seats: 1, settledBy: 'lot' });
    expect(r.value.elected).toEqual([{ candidateId: 'a', votes: 5, byLot: false }]);
    expect(r.value.unfilledSeats).toBe(1);
    expect(r.value.lots).toEqual([]);
  });

  it('R22: with tieBreak run_off, the tied candidates go to a run-off for the open seats', () => {
    const r = evaluateElectionRound(spec, tied, null, statute({ elections: { tieBreak: 'run_off' } }));
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.outcome).toBe('election.tie_runoff_required');
    expect(r.value.tie).toEqual({ among: ['b', 'c'], seats: 1, settledBy: 'run_off' });
    expect(r.value.nextRoundCandidates).toEqual(['b', 'c']);
    expect(decideByLot(r.value, ['b', 'c'])).toMatchObject({ ok: false, reason: 'election.no_tie' });
  });

  it('R22: no tie, no lot: the result has no tie field', () => {
    const r = evaluateElectionRound(spec, [...repeat(3, names('a', 'b')), names('c')], null, DEFAULT_STATUTE);
    expect(r.ok && r.value.tie).toBe(undefined);
    expect(r.ok && r.value.outcome).toBe('election.all_seats_filled');
  });

  it('R22: the statute setting is validated and defaults to lot', () => {
    expect(DEFAULT_STATUTE.elections.tieBreak).toBe('lot');
    const bad = defineStatute({ elections: { tieBreak: 'coin' as 'lot' } });
    expect(bad).toMatchObject({ ok: false, reason: 'statute.tie_break_invalid' });
  });

  it('R22: the lot elects the first of the drawn order and fills every seat', () => {
    const r = evaluateElectionRound(spec, tied, null, DEFAULT_STATUTE);
    if (!r.ok) throw new Error(r.reason);
    const order = lotOrder(SEED, r.value.tie?.among ?? []);
    const decided = decideByLot(r.value, order);
    if (!decided.ok) throw new Error(decided.reason);
    expect(decided.value.outcome).toBe('election.all_seats_filled');
    expect(decided.value.tie).toBe(undefined);
    expect(decided.value.unfilledSeats).toBe(0);
    expect(decided.value.elected[1]).toEqual({ candidateId: order[0], votes: 3, byLot: true });
    expect(decided.value.lots).toEqual([{ among: ['b', 'c'], seats: 1, winners: [order[0]] }]);
    expect(decideByLot(r.value, ['b'])).toMatchObject({ ok: false, reason: 'election.lot_order_invalid' });
    expect(decideByLot(r.value, ['b', 'd'])).toMatchObject({
      ok: false,
      reason: 'election.lot_order_invalid',
    });
  });

  it('R22: the lot is deterministic from the seed (the SPEC.md test vector)', () => {
    expect(lotOrder(SEED, ['c', 'a', 'b', 'd'])).toEqual(lotOrder(SEED, ['a', 'b', 'c', 'd']));
    expect(lotOrder(SEED, ['anna', 'bert', 'clara', 'dora', 'emil'])).toEqual([
      'anna',
      'clara',
      'bert',
      'emil',
      'dora',
    ]);
    const first = seedRandom(SEED);
    const again = seedRandom(SEED);
    const draws = [first(), first(), first()];
    expect([again(), again(), again()]).toEqual(draws);
    for (const d of draws) expect(d >= 0 && d < 1).toBe(true);
    expect(() => seedRandom('XYZ')).toThrow();
  });

  it('R22: the lot order is a permutation of the tied candidates and depends only on the seed', () => {
    fc.assert(
      fc.property(
        hex64,
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (seed, candidates, shift) => {
          const order = lotOrder(seed, candidates);
          expect([...order].sort()).toEqual([...candidates].sort());
          const rotated = candidates.map((_, i) => candidates[(i + shift) % candidates.length] as string);
          expect(lotOrder(seed, rotated)).toEqual(order);
          expect(lotOrder(seed, [...candidates, ...candidates])).toEqual(order);
        },
      ),
    );
  });

  it('R22: different seeds reach every order of three candidates', () => {
    const orders = new Set<string>();
    fc.assert(
      fc.property(hex64, (seed) => {
        orders.add(lotOrder(seed, ['x', 'y', 'z']).join());
      }),
      { numRuns: 300 },
    );
    expect(orders.size).toBe(6);
  });
});
