import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  assertNever,
  businessYearEnd,
  compareInstants,
  dateOf,
  daysBetween,
  drawLots,
  fail,
  isCalendarDate,
  isInstant,
  ok,
  seededRandom,
} from '../src/index.ts';

describe('dates', () => {
  it.each([
    ['2025-02-28', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['25-01-01', false],
  ])('isCalendarDate(%s) is %s', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it('does day and month arithmetic without a clock', () => {
    expect(daysBetween('2025-05-31', '2025-06-14')).toBe(14);
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-07-01', 6)).toBe('2026-01-01');
    expect(businessYearEnd('2025-03-01', '01-01')).toBe('2025-12-31');
    expect(businessYearEnd('2025-03-01', '07-01')).toBe('2025-06-30');
    expect(businessYearEnd('2025-08-01', '07-01')).toBe('2026-06-30');
    expect(dateOf('2025-06-14T23:30:00-02:00', 'UTC')).toBe('2025-06-15');
    // The cooperative's calendar, not UTC's: 23:30 UTC is 00:30 (winter) or 01:30 (summer) in Berlin.
    expect(dateOf('2025-12-31T23:30:00Z', 'Europe/Berlin')).toBe('2026-01-01');
    expect(dateOf('2025-06-30T22:30:00Z', 'Europe/Berlin')).toBe('2025-07-01');
    expect(dateOf('2025-06-30T21:30:00Z', 'Europe/Berlin')).toBe('2025-06-30');
    expect(compareInstants('2025-06-14T10:00:00Z', '2025-06-14T12:00:00+02:00')).toBe(0);
    expect(() => addDays('nope', 1)).toThrow(RangeError);
  });

  it.each([
    ['2025-06-14T10:00:00Z', true],
    ['2025-06-14T10:00:00.123+02:00', true],
    ['2025-06-14T10:00:00', false],
    ['2025-06-14', false],
  ])('isInstant(%s) is %s', (value, expected) => {
    expect(isInstant(value)).toBe(expected);
  });
});

describe('R22: lots', () => {
  it('R22: a seeded draw is reproducible and independent of input order', () => {
    expect(drawLots(['c', 'a', 'b'], 2, seededRandom(7))).toEqual(
      drawLots(['a', 'b', 'c'], 2, seededRandom(7)),
    );
    expect(drawLots(['a', 'b'], 5, seededRandom(1))).toHaveLength(2);
    expect(drawLots(['a', 'b'], -1, seededRandom(1))).toEqual([]);
  });

  it('R22: a misbehaving random source cannot pick outside the pool', () => {
    expect(drawLots(['a', 'b', 'c'], 3, () => 1).sort()).toEqual(['a', 'b', 'c']);
    expect(drawLots(['a', 'b', 'c'], 3, () => Number.NaN).sort()).toEqual(['a', 'b', 'c']);
    expect(drawLots(['a', 'b', 'c'], 3, () => -5).sort()).toEqual(['a', 'b', 'c']);
  });

  it('seededRandom yields numbers in [0, 1)', () => {
    const r = seededRandom(123);
    for (let i = 0; i < 1000; i++) {
      const x = r();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});

describe('results', () => {
  it('builds successes and failures, and assertNever throws', () => {
    expect(ok(1)).toEqual({ ok: true, value: 1 });
    expect(fail('poll.not_open', 'm')).toEqual({ ok: false, reason: 'poll.not_open', message: 'm' });
    expect(() => assertNever('x' as never)).toThrow('Unexpected value');
  });
});
