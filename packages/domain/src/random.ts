/**
 * Lots (R22: ties are decided by lot). The domain never draws randomness itself: the caller
 * passes a source, e.g. `seededRandom(seed)` for a reproducible, auditable draw.
 */

/** A source of numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * A seeded PRNG (mulberry32): the same seed gives the same sequence, so a lot can be re-drawn by
 * an auditor from the published seed.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function index(random: RandomSource, size: number): number {
  // Clamp: a misbehaving source must not pick outside the pool.
  const value = Math.floor(random() * size);
  return Math.min(size - 1, Math.max(0, Number.isFinite(value) ? value : 0));
}

/**
 * Draws `count` winners from `candidates` by lot. The pool is sorted first, so the result
 * depends only on the set of candidates and the random source, not on input order.
 */
export function drawLots(candidates: readonly string[], count: number, random: RandomSource): string[] {
  const pool = [...new Set(candidates)].sort();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = index(random, i + 1);
    [pool[i], pool[j]] = [pool[j] as string, pool[i] as string];
  }
  return pool.slice(0, Math.max(0, count));
}
