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
