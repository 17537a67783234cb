import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { type CanonicalObject, canonicalBytes } from './canonical.ts';
import { LedgerError } from './errors.ts';

/**
 * Sealed ballots (SPEC.md §3). While a poll is open, a ballot is stored only as an authenticated
 * ciphertext under a key that belongs to that poll alone and never enters the database. The key
 * is derived from the installation's ballot secret and the poll id, so any API process holding the
 * secret can open the poll's ballots at close, also after a crash or restart.
 *
 *   pollKey   = HKDF-SHA256(ikm = secret, salt = "plenum/ballot-seal/v1", info = pollId, 32 bytes)
 *   sealed    = nonce (12 bytes) ‖ AES-256-GCM(pollKey, nonce, aad = pollId, padded) ‖ tag (16 bytes)
 *   padded    = uint32 big-endian length of canonical(ballot) ‖ canonical(ballot) ‖ zero bytes
 *
 * Every ballot of a poll is padded to the same size (`sealedSize`), so the length of a ciphertext
 * says nothing about the choice inside it.
 */
export const SEAL_SECRET_BYTES = 32;
export const SEAL_NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SALT = Buffer.from('plenum/ballot-seal/v1', 'utf8');

export type PollSealKey = { readonly pollId: string; readonly key: Uint8Array };

export function derivePollKey(secret: Uint8Array, pollId: string): PollSealKey {
  if (secret.length !== SEAL_SECRET_BYTES)
    throw new LedgerError('seal.secret', `the ballot secret must be ${SEAL_SECRET_BYTES} bytes`);
  const key = new Uint8Array(hkdfSync('sha256', secret, SALT, Buffer.from(pollId, 'utf8'), 32));
  return { pollId, key };
}

/**
 * The padded plaintext size of every ballot of a poll with this many options: room for the
 * choice (an election ballot may name every option), the weight, the receipt hash and, in open
 * polls, the member — rounded up to 256 bytes.
 */
export function sealedSize(optionCount: number): number {
  const room = 4 + 256 + 48 * Math.max(optionCount, 3);
  return Math.ceil(room / 256) * 256;
}

export function sealBallot(
  poll: PollSealKey,
  ballot: CanonicalObject,
  nonce: Uint8Array,
  size: number,
): Uint8Array {
  if (nonce.length !== SEAL_NONCE_BYTES) throw new LedgerError('seal.nonce', 'the nonce must be 12 bytes');
  const body = canonicalBytes(ballot);
  if (body.length + 4 > size)
    throw new LedgerError('seal.too_large', `a ballot of ${body.length} bytes exceeds the poll's ${size}`);
  const padded = Buffer.alloc(size);
  padded.writeUInt32BE(body.length, 0);
  padded.set(body, 4);
  const cipher = createCipheriv('aes-256-gcm', poll.key, nonce);
  cipher.setAAD(Buffer.from(poll.pollId, 'utf8'));
  const encrypted = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.concat([nonce, encrypted, cipher.getAuthTag()]);
}

/** Opens a sealed ballot of this poll; a wrong key, poll or any changed byte is refused. */
export function openBallot(poll: PollSealKey, sealed: Uint8Array): CanonicalObject {
  if (sealed.length < SEAL_NONCE_BYTES + TAG_BYTES + 4)
    throw new LedgerError('seal.malformed', 'a sealed ballot is too short');
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const nonce = bytes.subarray(0, SEAL_NONCE_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', poll.key, nonce);
  decipher.setAAD(Buffer.from(poll.pollId, 'utf8'));
  decipher.setAuthTag(tag);
  let padded: Buffer;
  try {
    padded = Buffer.concat([
      decipher.update(bytes.subarray(SEAL_NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new LedgerError('seal.unauthentic', 'a sealed ballot does not open with this poll key');
  }
  const length = padded.readUInt32BE(0);
  if (length + 4 > padded.length) throw new LedgerError('seal.malformed', 'bad length prefix');
  return JSON.parse(padded.subarray(4, 4 + length).toString('utf8')) as CanonicalObject;
}
