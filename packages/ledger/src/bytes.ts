import { hash } from 'node:crypto';
import { LedgerError } from './errors.ts';

// Hashes travel as lowercase hex everywhere (entries, bundles, SPEC.md), raw bytes only inside
// hash inputs. Accepting uppercase hex on input but never emitting it keeps comparisons exact.
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function hexToBytes(hex: string): Uint8Array {
  if (!HEX_RE.test(hex)) {
    throw new LedgerError('bytes.hex', 'expected an even number of hex digits');
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Hex → bytes, checking the length (hashes are 32 bytes, signatures 64). */
export function hexToFixedBytes(hex: string, length: number): Uint8Array {
  const bytes = hexToBytes(hex);
  if (bytes.length !== length) {
    throw new LedgerError('bytes.hex', `expected ${length} bytes, got ${bytes.length}`);
  }
  return bytes;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Unsigned bytewise order (memcmp), the order every sort in SPEC.md uses. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

// Hashing is the verifier's hot path (a Merkle tree of 100,000 ballots is 200,000 hashes): the
// parts are copied into one scratch buffer and hashed in one call, which allocates only the digest
// (a Hash object per call cost a third more time and most of the garbage).
const scratch = Buffer.allocUnsafe(4096);

export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  let input: Uint8Array;
  if (parts.length === 1) input = parts[0] as Uint8Array;
  else {
    let length = 0;
    for (const part of parts) length += part.length;
    input = length <= scratch.length ? scratch.subarray(0, length) : Buffer.alloc(length);
    let offset = 0;
    for (const part of parts) {
      input.set(part, offset);
      offset += part.length;
    }
  }
  // Copied into a fresh 32-byte array, which V8 keeps on its heap: a view of the digest Buffer
  // would keep an off-heap store per hash alive, and a Merkle tree keeps 100,000 of them.
  return new Uint8Array(hash('sha256', input, 'buffer') as unknown as Buffer);
}

export function sha256Hex(...parts: readonly Uint8Array[]): string {
  return bytesToHex(sha256(...parts));
}
