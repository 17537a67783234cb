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

/**
 * R22: the random source of a lot drawn from a published seed (ledger SPEC.md §11): xoshiro128**
 * seeded with the first 16 bytes of the 32-byte seed as four big-endian 32-bit words (the all-zero
 * state, which xoshiro cannot leave, becomes `[1, 0, 0, 0]`); each draw is the next 32-bit output
 * divided by 2^32. Pure: anyone with the seed gets the same numbers.
 */
export function seedRandom(seedHex: string): RandomSource {
  if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new Error('a lot seed is 64 lowercase hex digits');
  const s = [0, 1, 2, 3].map((i) => Number.parseInt(seedHex.slice(8 * i, 8 * i + 8), 16) >>> 0);
  if (!s.some((w) => w !== 0)) s[0] = 1;
  const rotl = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;
  return () => {
    const [s0, s1, s2, s3] = s as [number, number, number, number];
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = (s2 ^ s0) >>> 0;
    let n3 = (s3 ^ s1) >>> 0;
    const n1 = (s1 ^ n2) >>> 0;
    const n0 = (s0 ^ n3) >>> 0;
    n2 = (n2 ^ t) >>> 0;
    n3 = rotl(n3, 11);
    s[0] = n0;
    s[1] = n1;
    s[2] = n2;
    s[3] = n3;
    return result / 4_294_967_296;
  };
}

/**
 * R22: the draw order of a lot: the distinct candidates sorted by code unit, shuffled by
 * {@link drawLots} with {@link seedRandom}. Depends only on the seed and the set of candidates; the
 * first `seats` of the order win.
 */
export function lotOrder(seedHex: string, candidates: readonly string[]): string[] {
  const pool = [...new Set(candidates)];
  return drawLots(pool, pool.length, seedRandom(seedHex));
}
