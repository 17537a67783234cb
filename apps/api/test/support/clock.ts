import type { Cancel, Clock, Scheduler } from '../../src/deps.ts';

/** The assembly day every suite starts on unless it says otherwise. */
export const TEST_DAY = '2026-06-20T10:00:00.000Z';

interface Timer {
  due: number;
  seq: number;
  every: number | null;
  fn: () => unknown;
}

/**
 * The one test clock: a Clock for the services and a Scheduler for timers, that moves only when
 * the test moves it. `advance` moves time and runs the timers that fell due, in order;
 * `tick` does the same but waits for each timer's returned promise before the next one runs.
 */
export interface TestClock extends Clock, Scheduler {
  /** Moves time by `ms` and runs the timers due by then (their promises are not awaited). */
  advance(ms: number): void;
  /** Moves time by `ms`, running due timers one after another and awaiting what each returns. */
  tick(ms: number): Promise<void>;
  /** One-shot timers waiting to run (intervals not counted). */
  pendingTimeouts(): number;
}

export function testClock(iso = TEST_DAY): TestClock {
  let now = new Date(iso).getTime();
  let seq = 0;
  const timers = new Set<Timer>();
  const add = (ms: number, every: number | null, fn: () => unknown): Cancel => {
    const timer: Timer = { due: now + Math.max(0, ms), seq: seq++, every, fn };
    timers.add(timer);
    return () => {
      timers.delete(timer);
    };
  };
  /** The next timer due by `until`, earliest first (ties in the order they were set). */
  const nextDue = (until: number): Timer | undefined => {
    let next: Timer | undefined;
    for (const t of timers)
      if (t.due <= until && (!next || t.due < next.due || (t.due === next.due && t.seq < next.seq))) next = t;
    return next;
  };
  const fire = (t: Timer): unknown => {
    now = t.due;
    if (t.every === null) timers.delete(t);
    else {
      t.due += Math.max(1, t.every);
      t.seq = seq++;
    }
    return t.fn();
  };
  return {
    now: () => new Date(now),
    millis: () => now,
    after: (ms, fn) => add(ms, null, fn),
    every: (ms, fn) => add(ms, ms, fn),
    advance(ms) {
      if (ms < 0) throw new Error('a test clock never goes back');
      const until = now + ms;
      for (let t = nextDue(until); t; t = nextDue(until)) void fire(t);
      now = until;
    },
    async tick(ms) {
      if (ms < 0) throw new Error('a test clock never goes back');
      const until = now + ms;
      for (let t = nextDue(until); t; t = nextDue(until)) await fire(t);
      now = until;
    },
    pendingTimeouts: () => [...timers].filter((t) => t.every === null).length,
  };
}

/** A clock that stays on one instant (a test clock nobody moves). */
export const fixedClock = (iso = TEST_DAY): Clock => testClock(iso);
