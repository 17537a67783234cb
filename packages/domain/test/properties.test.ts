import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Ballot,
  type Cast,
  type Channel,
  compareFractions,
  countBallots,
  DEFAULT_STATUTE,
  decideMajority,
  type ElectionBallot,
  type ElectionMethod,
  evaluateElectionRound,
  type Fraction,
  resolveChannels,
  seededRandom,
} from '../src/index.ts';
import { statute } from './support.ts';

const choice = fc.constantFrom('yes', 'no', 'abstain', 'invalid') as fc.Arbitrary<Ballot['choice']>;
const ballot: fc.Arbitrary<Ballot> = fc.record({ choice, weight: fc.integer({ min: 1, max: 3 }) });
/** Thresholds between 1/2 and 1, as the statute validation allows. */
const threshold: fc.Arbitrary<Fraction> = fc
  .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([den, extra]) => ({
    num: Math.ceil(den / 2) + Math.floor((extra * (den - Math.ceil(den / 2))) / 100),
    den,
  }));
const count = fc.integer({ min: 0, max: 10_000 });

describe('tally properties', () => {
  it('R13: counts always add up to the ballots', () => {
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 200 }), (ballots) => {
        const c = countBallots(ballots);
        const total = ballots.reduce((sum, b) => sum + (b.weight ?? 1), 0);
        expect(c.yes + c.no + c.abstain + c.invalid).toBe(total);
        expect(c.yes).toBe(
          ballots.filter((b) => b.choice === 'yes').reduce((s, b) => s + (b.weight ?? 1), 0),
        );
      }),
    );
  });

  it('R13, R14: adding a yes never turns a pass into a fail', () => {
    fc.assert(
      fc.property(count, count, threshold, (yes, no, t) => {
        if (decideMajority({ yes, no }, t).passed)
          expect(decideMajority({ yes: yes + 1, no }, t).passed).toBe(true);
      }),
    );
  });

  it('R15: raising a threshold never turns a fail into a pass', () => {
    fc.assert(
      fc.property(count, count, threshold, threshold, (yes, no, a, b) => {
        const [low, high] = compareFractions(a, b) <= 0 ? [a, b] : [b, a];
        if (!decideMajority({ yes, no }, low).passed)
          expect(decideMajority({ yes, no }, high).passed).toBe(false);
      }),
    );
  });

  it('R13: a tie never passes, whatever the threshold', () => {
    fc.assert(
      fc.property(count, threshold, (n, t) => {
        expect(decideMajority({ yes: n, no: n }, t).passed).toBe(false);
      }),
    );
  });
});

describe('channel properties', () => {
  const cast: fc.Arbitrary<Cast> = fc.record({
    memberId: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5'),
    channel: fc.constantFrom<Channel>('room', 'online', 'proxy', 'advance'),
    at: fc.integer({ min: 0, max: 59 }).map((s) => `2025-06-14T10:00:${String(s).padStart(2, '0')}Z`),
    ref: fc.uuid(),
  });

  it('R5: no member is counted twice across channels, and every member who cast is counted once', () => {
    const config = statute({ channels: { advanceVoting: true } }).channels;
    fc.assert(
      fc.property(fc.array(cast, { maxLength: 40 }), (casts) => {
        const r = resolveChannels(casts, config);
        const counted = r.counted.map((c) => c.memberId);
        expect(new Set(counted).size).toBe(counted.length);
        expect(new Set(counted)).toEqual(new Set(casts.map((c) => c.memberId)));
        expect(r.counted.length + r.discarded.length).toBe(casts.length);
      }),
    );
  });

  it('R5: the counted cast is never outranked by a discarded one of the same member', () => {
    const rank = { room: 0, online: 0, proxy: 1, advance: 2 } as const;
    const config = statute({ channels: { advanceVoting: true } }).channels;
    fc.assert(
      fc.property(fc.array(cast, { maxLength: 40 }), (casts) => {
        const r = resolveChannels(casts, config);
        for (const c of r.counted) {
          for (const d of r.discarded.filter((x) => x.cast.memberId === c.memberId)) {
            expect(rank[c.channel]).toBeLessThanOrEqual(rank[d.cast.channel]);
          }
        }
      }),
    );
  });
});

describe('election properties', () => {
  const candidates = ['a', 'b', 'c', 'd', 'e', 'f'];
  const electionBallot: fc.Arbitrary<ElectionBallot> = fc.oneof(
    fc.subarray(candidates, { maxLength: 4 }).map((choices) => ({ kind: 'candidates' as const, choices })),
    fc.constant({ kind: 'invalid' as const }),
    fc.constantFrom('yes', 'no', 'abstain').map((c) => ({ kind: 'list' as const, choice: c as 'yes' })),
  );
  const method = fc.constantFrom<ElectionMethod>(
    'most_votes',
    'absolute_majority_of_ballots',
    'show_of_hands_per_seat',
    'list',
  );
  const allowLists = statute({ elections: { allowListVoting: true } });

  it('R22, C6: an election never elects more candidates than seats and is deterministic for a lot seed', () => {
    fc.assert(
      fc.property(
        method,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 2 }),
        fc.array(electionBallot, { maxLength: 60 }),
        fc.integer(),
        (m, seats, round, ballots, seed) => {
          const spec = {
            method: m,
            seats,
            round: m === 'most_votes' || m === 'list' ? 1 : round,
            candidates: m === 'list' ? candidates.slice(0, seats) : candidates,
          };
          const first = evaluateElectionRound(spec, ballots, seededRandom(seed), allowLists);
          const again = evaluateElectionRound(spec, ballots, seededRandom(seed), allowLists);
          expect(first.ok).toBe(true);
          expect(again).toEqual(first);
          if (!first.ok) return;
          const elected = first.value.elected.map((e) => e.candidateId);
          expect(elected.length).toBeLessThanOrEqual(seats);
          expect(new Set(elected).size).toBe(elected.length);
          expect(elected.length + first.value.unfilledSeats).toBe(seats);
          expect(
            first.value.validBallots + first.value.abstentions + first.value.invalidBallots,
          ).toBeLessThanOrEqual(ballots.length);
        },
      ),
    );
  });

  it('C6: the default statute refuses list elections whatever the ballots', () => {
    const r = evaluateElectionRound(
      { method: 'list', seats: 1, round: 1, candidates: ['a'] },
      [],
      seededRandom(1),
      DEFAULT_STATUTE,
    );
    expect(r.ok).toBe(false);
  });
});
