import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { SEAL_NONCE_BYTES } from '@plenum/ledger';
import type { Random } from '../../deps.ts';

/**
 * A member's receipts, kept for them so that they see them again on another device.
 *
 * A receipt code must never sit next to the member in a form the database can read: after the
 * close the receipts table holds hash(poll, code) of every counted ballot, so a reader who could
 * pair a member with a code could pair the member with their ballot in a secret poll. Each code is
 * therefore stored with its participation row, sealed with AES-256-GCM under a key that needs three
 * things: the installation's ballot secret (never in the database), the id of the member who cast
 * the vote (the voter, or the proxy holder or representative who cast it for them), and that
 * member's access code, which the server sees only at login and carries only inside the member's
 * session token. So neither a database copy nor the operator's files open a kept receipt; only a
 * request of the member, logged in with their code, does.
 *
 *   key    = HKDF-SHA256(ikm = secret, salt = "plenum/member-receipts/v2",
 *                        info = assemblyId ":" casterId ":" normalised access code, 32 bytes)
 *   kept   = nonce (12) ‖ AES-256-GCM(key, nonce, aad = pollId ":" memberId ":" casterId, code) ‖ tag (16)
 *
 * Receipt codes have one length, so every kept receipt has the same length (42 bytes). A new
 * access code means a new key: receipts kept under the old one stay closed (the browser keeps its
 * own copy).
 */
const SALT = Buffer.from('plenum/member-receipts/v2', 'utf8');
const TAG_BYTES = 16;

/** Which vote a kept receipt belongs to and who may open it. */
export interface KeptFor {
  pollId: string;
  /** The member the vote counts for. */
  memberId: string;
  /** The member who cast it (the same, or their proxy holder or representative). */
  casterId: string;
}

export function memberReceiptKey(
  secret: Uint8Array,
  assemblyId: string,
  casterId: string,
  normalisedAccessCode: string,
): Uint8Array {
  const info = Buffer.from(`${assemblyId}:${casterId}:${normalisedAccessCode}`, 'utf8');
  return new Uint8Array(hkdfSync('sha256', secret, SALT, info, 32));
}

/** The key as a session token carries it (base64url), and back; null when absent or malformed. */
export function encodeReceiptKey(key: Uint8Array): string {
  return Buffer.from(key).toString('base64url');
}
export function decodeReceiptKey(value: unknown): Uint8Array | null {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(value)) return null;
  const key = Buffer.from(value, 'base64url');
  return key.length === 32 ? new Uint8Array(key) : null;
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
