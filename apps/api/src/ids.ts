import type { Random } from './deps.ts';

/** A version-4 UUID from the injected random source (ballot ids must be unpredictable, R23). */
export function randomUuid(random: Random): string {
  return uuidFromBytes(random.bytes(16));
}

/** `count` version-4 UUIDs from one draw of the random source (a close needs one per ballot). */
export function randomUuids(random: Random, count: number): string[] {
  const pool = random.bytes(16 * count);
  return Array.from({ length: count }, (_, i) => uuidFromBytes(pool.slice(16 * i, 16 * i + 16)));
}

function uuidFromBytes(b: Uint8Array): string {
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
