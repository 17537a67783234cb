import { describe, expect, it } from 'vitest';
import { clock, secondsLeft } from './speaking-time';

describe('speaking time', () => {
  const start = '2026-06-20T10:00:00.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('counts down from the server start instant, whole seconds', () => {
    expect(secondsLeft(start, 180, at(start))).toBe(180);
    expect(secondsLeft(start, 180, at('2026-06-20T10:00:59.900Z'))).toBe(121);
    expect(secondsLeft(start, 180, at('2026-06-20T10:03:00.000Z'))).toBe(0);
  });

  it('shows m:ss, and the overrun without its sign', () => {
    expect(clock(180)).toEqual({ minutes: '3', seconds: '00' });
    expect(clock(65)).toEqual({ minutes: '1', seconds: '05' });
    expect(clock(secondsLeft(start, 180, at('2026-06-20T10:03:07.000Z')))).toEqual({
      minutes: '0',
      seconds: '07',
    });
  });
});
