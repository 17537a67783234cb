import { randomBytes } from 'node:crypto';

/** Time is passed in, never read from a global, so that tests and the domain stay deterministic. */
export interface Clock {
  now(): Date;
}

/** Randomness is passed in too (receipts, access codes, lots). */
export interface Random {
  bytes(length: number): Uint8Array;
}

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: Random = { bytes: (length) => new Uint8Array(randomBytes(length)) };

/** Cancels a timer made by a Scheduler (a no-op once it has run). */
export type Cancel = () => void;

/**
 * Timers are passed in as well where timing is behaviour (the live stream's coalescing and
 * heartbeat), so tests move time by hand instead of sleeping. A callback may return a promise;
 * the system scheduler ignores it, a test scheduler may wait for it.
 */
export interface Scheduler {
  /** Monotonic-enough milliseconds for spacing timers (Date.now() in production). */
  millis(): number;
  /** Runs `fn` once after `ms`. */
  after(ms: number, fn: () => unknown): Cancel;
  /** Runs `fn` every `ms`; never keeps the process alive by itself. */
  every(ms: number, fn: () => unknown): Cancel;
}

export const systemScheduler: Scheduler = {
  millis: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms).unref();
    return () => clearInterval(timer);
  },
};
