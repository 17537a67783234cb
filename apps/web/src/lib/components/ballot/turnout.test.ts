import { describe, expect, it } from 'vitest';
import { turnoutText } from './turnout';

const turnout = (voted: number, canVoteNow: number, register = 893, excluded = 0) => ({
  voted,
  canVoteNow,
  eligible: register - excluded,
  excluded,
  register,
});

describe('turnout formatting', () => {
  it('measures against the votes possible now, with the register as context (German)', () => {
    const text = turnoutText('de', turnout(12, 34));
    expect(text.cast).toBe('12 von 34 möglichen Stimmen abgegeben');
    expect(text.castShort).toBe('12 von 34 möglichen Stimmen');
    expect(text.register).toBe('893 Mitglieder im Register');
    expect(text.excluded).toBeNull();
    expect(text.share).toBeCloseTo((12 / 34) * 100);
  });

  it('English, with thousands separators', () => {
    const text = turnoutText('en', turnout(1200, 3400, 100_000, 5));
    expect(text.cast).toBe('1,200 of 3,400 possible votes cast');
    expect(text.register).toBe('100,000 members in the register');
    expect(text.excluded).toBe('5 votes are barred from voting on this item');
  });

  it('German groups thousands with a dot', () => {
    expect(turnoutText('de', turnout(1200, 3400, 100_000)).register).toBe('100.000 Mitglieder im Register');
  });

  it('uses the singular for one', () => {
    const de = turnoutText('de', turnout(0, 1, 1, 1));
    expect(de.cast).toBe('0 von 1 möglichen Stimme abgegeben');
    expect(de.register).toBe('1 Mitglied im Register');
    expect(de.excluded).toBe('1 Stimme ist bei diesem Punkt vom Stimmrecht ausgeschlossen');
    const en = turnoutText('en', turnout(0, 1, 1, 1));
    expect(en.cast).toBe('0 of 1 possible vote cast');
    expect(en.register).toBe('1 member in the register');
    expect(en.excluded).toBe('1 vote is barred from voting on this item');
  });

  it('an empty hall shows an empty bar, never a division by zero; the bar never overflows', () => {
    expect(turnoutText('de', turnout(0, 0)).share).toBe(0);
    expect(turnoutText('de', turnout(0, 0)).cast).toBe('0 von 0 möglichen Stimmen abgegeben');
    expect(turnoutText('de', turnout(5, 4)).share).toBe(100);
  });
});
