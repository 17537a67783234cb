import { describe, expect, it } from 'vitest';
import {
  compareFractions,
  computeTally,
  countBallots,
  decideMajority,
  type Fraction,
  fraction,
  isValidFraction,
  maxFraction,
  NINE_TENTHS,
  quorumMet,
  SIMPLE_MAJORITY,
  THREE_QUARTERS,
  TWO_THIRDS,
  type VoteCounts,
} from '../src/index.ts';

const counts = (yes: number, no: number, abstain = 0, invalid = 0): VoteCounts => ({
  yes,
  no,
  abstain,
  invalid,
});

describe('R13: simple majority', () => {
  it.each<[string, VoteCounts, boolean, string]>([
    ['more yes than no', counts(10, 9), true, 'majority.reached'],
    ['a tie', counts(10, 10), false, 'majority.tie'],
    ['more no than yes', counts(9, 10), false, 'majority.not_reached'],
    ['abstentions do not count against', counts(2, 1, 100), true, 'majority.reached'],
    ['invalid votes do not count against', counts(2, 1, 0, 100), true, 'majority.reached'],
    ['only abstentions', counts(0, 0, 5), false, 'majority.no_votes'],
  ])('R13: given %s, then passed is %s', (_title, c, passed, reason) => {
    expect(decideMajority(c, SIMPLE_MAJORITY)).toEqual({ passed, base: c.yes + c.no, reason });
  });
});

describe('R14: qualified majorities are inclusive ("at least")', () => {
  it.each<[string, Fraction, number, number, boolean]>([
    ['3/4 exactly', THREE_QUARTERS, 75, 25, true],
    ['just below 3/4', THREE_QUARTERS, 74, 26, false],
    ['2/3 exactly', TWO_THIRDS, 20, 10, true],
    ['just below 2/3', TWO_THIRDS, 19, 10, false],
    ['9/10 exactly', NINE_TENTHS, 90, 10, true],
    ['just below 9/10', NINE_TENTHS, 89, 11, false],
    ['unanimous 9/10', NINE_TENTHS, 1, 0, true],
  ])('R14: %s (%o with %i yes, %i no) passes: %s', (_title, threshold, yes, no, passed) => {
    expect(decideMajority(counts(yes, no), threshold).passed).toBe(passed);
  });

  it('R13: a tie fails even under a (misconfigured) threshold below one half', () => {
    expect(decideMajority(counts(1, 1), fraction(1, 3)).passed).toBe(false);
    expect(decideMajority(counts(1, 2), fraction(1, 3)).passed).toBe(false);
  });
});

describe('counting', () => {
  it('R1: ballots carry their weight and add up', () => {
    expect(
      countBallots([
        { choice: 'yes', weight: 3 },
        { choice: 'no' },
        { choice: 'abstain' },
        { choice: 'invalid' },
      ]),
    ).toEqual(counts(3, 1, 1, 1));
  });
});

describe('R12: excluded votes are reported apart and never in the base', () => {
  it('R12: excluded is its own count, not abstention, not in the base', () => {
    const r = computeTally({
      counts: counts(3, 2, 1),
      excluded: 4,
      threshold: SIMPLE_MAJORITY,
      quorum: { kind: 'none' },
    });
    expect(r).toMatchObject({ ok: true, value: { excluded: 4, base: 5, ballots: 6, passed: true } });
    expect(r.ok && r.value.counts.abstain).toBe(1);
  });

  it.each<[string, VoteCounts, number]>([
    ['a negative count', counts(-1, 0), 0],
    ['a fractional count', counts(1.5, 0), 0],
    ['a negative excluded', counts(1, 0), -1],
  ])('refuses %s', (_title, c, excluded) => {
    expect(
      computeTally({ counts: c, excluded, threshold: SIMPLE_MAJORITY, quorum: { kind: 'none' } }),
    ).toMatchObject({
      ok: false,
      reason: 'tally.counts_invalid',
    });
  });

  it('R5: refuses more ballots than the roll has votes', () => {
    const r = computeTally({
      counts: counts(5, 5),
      excluded: 0,
      threshold: SIMPLE_MAJORITY,
      quorum: { kind: 'none' },
      votesAvailable: 9,
    });
    expect(r).toMatchObject({ ok: false, reason: 'tally.more_ballots_than_votes' });
  });
});

describe('C4: quorum', () => {
  const rule = { kind: 'share_of_members', share: fraction(1, 4) } as const;
  it.each([
    [225, 900, true],
    [224, 900, false],
  ])('C4: %i of %i members present meets a 1/4 quorum: %s', (present, total, met) => {
    expect(quorumMet(rule, { presentMembers: present, totalMembers: total })).toBe(met);
  });

  it('C4: without attendance a configured quorum is not met; without a quorum rule it always is', () => {
    expect(quorumMet(rule, undefined)).toBe(false);
    expect(quorumMet({ kind: 'none' }, undefined)).toBe(true);
  });

  it('C4: a missed quorum fails the poll whatever the votes', () => {
    const r = computeTally({
      counts: counts(10, 0),
      excluded: 0,
      threshold: SIMPLE_MAJORITY,
      quorum: rule,
      attendance: { presentMembers: 10, totalMembers: 900 },
    });
    expect(r).toMatchObject({
      ok: true,
      value: { passed: false, quorumMet: false, reason: 'quorum.not_met' },
    });
  });
});

describe('fractions', () => {
  it('compare by cross-multiplication', () => {
    expect(compareFractions(fraction(2, 4), SIMPLE_MAJORITY)).toBe(0);
    expect(compareFractions(TWO_THIRDS, THREE_QUARTERS)).toBe(-1);
    expect(compareFractions(NINE_TENTHS, THREE_QUARTERS)).toBe(1);
    expect(maxFraction(TWO_THIRDS, THREE_QUARTERS)).toEqual(THREE_QUARTERS);
    expect(maxFraction(NINE_TENTHS, THREE_QUARTERS)).toEqual(NINE_TENTHS);
    expect(isValidFraction(fraction(1, 2))).toBe(true);
    expect(isValidFraction(fraction(0.5, 1))).toBe(false);
  });
});
