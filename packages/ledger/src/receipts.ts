import { sha256, sha256Hex, utf8 } from './bytes.ts';
import { canonicalBytes } from './canonical.ts';
import { LedgerError } from './errors.ts';

/**
 * Receipts (SPEC.md §6): 12 Crockford base32 characters shown as `XXXX-XXXX-XXXX`. The first 11
 * carry 55 random bits; the 12th is a check character so a typo is reported as a typo rather than
 * as "your ballot was not counted", which would frighten a voter for nothing.
 */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const RECEIPT_RANDOM_BYTES = 7;

const DATA_CHARS = 11;
const CHECK_DOMAIN = 'plenum/receipt-check/v1:';
const HASH_DOMAIN = 'plenum/receipt/v1';

export type NormalizedReceipt =
  | { readonly ok: true; readonly code: string }
  | { readonly ok: false; readonly reason: 'receipt.length' | 'receipt.character' | 'receipt.checksum' };

function checkChar(data: string): string {
  // Top 5 bits of a hash: any single wrong character is caught with probability 31/32, and a
  // verifier in another language needs nothing but sha256.
  return CROCKFORD[(sha256(utf8(CHECK_DOMAIN + data))[0] as number) >> 3] as string;
}

function group(chars: string): string {
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/**
 * Turns caller-supplied random bytes into a receipt code. The randomness is passed in so this
 * stays pure and testable; production code uses `newReceipt()` (receipt-random.ts).
 * Uses the first 55 bits of the first 7 bytes, most significant bit first.
 */
export function createReceipt(randomBytes: Uint8Array): string {
  if (randomBytes.length < RECEIPT_RANDOM_BYTES) {
    throw new LedgerError(
      'receipt.entropy',
      `need ${RECEIPT_RANDOM_BYTES} random bytes, got ${randomBytes.length}`,
    );
  }
  let bits = 0n;
  for (let i = 0; i < RECEIPT_RANDOM_BYTES; i++) bits = (bits << 8n) | BigInt(randomBytes[i] as number);
  bits >>= 1n; // 56 bits in, 55 used
  let data = '';
  for (let i = DATA_CHARS - 1; i >= 0; i--) data += CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)];
  return group(data + checkChar(data));
}

/**
 * Accepts what people type: any case, with or without dashes or spaces, and Crockford's
 * confusables (I and L read as 1, O as 0). Returns the canonical `XXXX-XXXX-XXXX` form.
 */
export function normalizeReceipt(input: string): NormalizedReceipt {
  const chars = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (chars.length !== DATA_CHARS + 1) return { ok: false, reason: 'receipt.length' };
  for (const c of chars) if (!CROCKFORD.includes(c)) return { ok: false, reason: 'receipt.character' };
  if (checkChar(chars.slice(0, DATA_CHARS)) !== chars.slice(DATA_CHARS))
    return { ok: false, reason: 'receipt.checksum' };
  return { ok: true, code: group(chars) };
}

/**
 * What the server stores instead of the code: sha256(canonical(["plenum/receipt/v1", pollId,
 * code])). The poll id separates polls, so one code reused in two polls gives unrelated hashes.
 */
export function hashReceipt(pollId: string, code: string): string {
  const normalized = normalizeReceipt(code);
  if (!normalized.ok) throw new LedgerError('receipt.invalid', `not a receipt code (${normalized.reason})`);
  return sha256Hex(canonicalBytes([HASH_DOMAIN, pollId, normalized.code]));
}
