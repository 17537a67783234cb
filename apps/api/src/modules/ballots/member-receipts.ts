import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { SEAL_NONCE_BYTES } from '@plenum/ledger';
import type { Random } from '../../deps.ts';

/**
 * A member's receipts, kept for them so that they see them again on another device.
 *
 * A receipt code must never sit next to the member in a form the database can read: after the
 * close the receipts table holds hash(poll, code) of every counted ballot, so a reader who could
 * pair a member with a code could pair the member with their ballot in a secret poll. Each code is
 * therefore stored with its participation row, sealed with AES-256-GCM under a key derived from the
 * installation's ballot secret (which never enters the database) and the id of the member who cast
 * the vote (the voter, or the proxy holder or representative who cast it for them):
 *
 *   key    = HKDF-SHA256(ikm = secret, salt = "plenum/member-receipts/v1", info = casterId, 32 bytes)
 *   kept   = nonce (12) ‖ AES-256-GCM(key, nonce, aad = pollId ":" memberId ":" casterId, code) ‖ tag (16)
 *
 * Receipt codes have one length, so every kept receipt has the same length (42 bytes).
 */
const SALT = Buffer.from('plenum/member-receipts/v1', 'utf8');
const TAG_BYTES = 16;

/** Which vote a kept receipt belongs to and who may open it. */
export interface KeptFor {
  pollId: string;
  /** The member the vote counts for. */
  memberId: string;
  /** The member who cast it (the same, or their proxy holder or representative). */
  casterId: string;
}

export function memberReceiptKey(secret: Uint8Array, casterId: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, SALT, Buffer.from(casterId, 'utf8'), 32));
}

function aad(vote: KeptFor): Buffer {
  return Buffer.from(`${vote.pollId}:${vote.memberId}:${vote.casterId}`, 'utf8');
}

/** Seals one receipt for the member who cast the vote; returns hex. */
export function sealKeptReceipt(key: Uint8Array, random: Random, vote: KeptFor, receipt: string): string {
  const nonce = random.bytes(SEAL_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(vote));
  const body = Buffer.concat([cipher.update(Buffer.from(receipt, 'utf8')), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('hex');
}

/** Opens a kept receipt; undefined when it does not authenticate (another key, row or a changed byte). */
export function openKeptReceipt(key: Uint8Array, vote: KeptFor, sealed: Uint8Array): string | undefined {
  if (sealed.length < SEAL_NONCE_BYTES + TAG_BYTES) return undefined;
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, SEAL_NONCE_BYTES));
    decipher.setAAD(aad(vote));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(SEAL_NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}
