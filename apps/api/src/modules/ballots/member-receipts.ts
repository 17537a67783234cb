import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { type CanonicalValue, canonicalBytes, SEAL_NONCE_BYTES } from '@plenum/ledger';
import type { Random } from '../../deps.ts';

/**
 * A member's receipts, kept for them so that they see them again on another device.
 *
 * A receipt code must never sit next to the member in a form the database can read: after the
 * close the receipts table holds hash(poll, code) of every counted ballot, so a reader who could
 * pair a member with a code could pair the member with their ballot in a secret poll. The codes
 * are therefore sealed with AES-256-GCM under a key derived from the installation's ballot secret
 * (which never enters the database) and the member id:
 *
 *   key    = HKDF-SHA256(ikm = secret, salt = "plenum/member-receipts/v1", info = memberId, 32 bytes)
 *   sealed = nonce (12) ‖ AES-256-GCM(key, nonce, aad = assemblyId ":" memberId, canonical(list)) ‖ tag (16)
 *   list   = [{ p: pollId, m: memberId the vote was for, r: receipt code }, …]
 *
 * A row is written in the cast transaction, one per cast request. Its length depends only on the
 * number of votes in the request (uuids and codes have fixed lengths), which the participation
 * rows show anyway.
 */
const SALT = Buffer.from('plenum/member-receipts/v1', 'utf8');
const TAG_BYTES = 16;

export interface KeptReceipt {
  pollId: string;
  memberId: string;
  receipt: string;
}

export function memberReceiptKey(secret: Uint8Array, memberId: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, SALT, Buffer.from(memberId, 'utf8'), 32));
}

function aad(assemblyId: string, memberId: string): Buffer {
  return Buffer.from(`${assemblyId}:${memberId}`, 'utf8');
}

/** Seals the receipts of one cast request for the member who cast it; returns hex. */
export function sealMemberReceipts(
  key: Uint8Array,
  random: Random,
  owner: { assemblyId: string; memberId: string },
  receipts: readonly KeptReceipt[],
): string {
  const list: CanonicalValue[] = receipts.map((r) => ({ p: r.pollId, m: r.memberId, r: r.receipt }));
  const nonce = random.bytes(SEAL_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad(owner.assemblyId, owner.memberId));
  const body = Buffer.concat([cipher.update(canonicalBytes(list)), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('hex');
}

/** Opens one row; undefined when it does not authenticate (another member's row, a changed byte). */
export function openMemberReceipts(
  key: Uint8Array,
  owner: { assemblyId: string; memberId: string },
  sealed: Uint8Array,
): KeptReceipt[] | undefined {
  if (sealed.length < SEAL_NONCE_BYTES + TAG_BYTES) return undefined;
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, SEAL_NONCE_BYTES));
    decipher.setAAD(aad(owner.assemblyId, owner.memberId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(bytes.subarray(SEAL_NONCE_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]);
    const list = JSON.parse(plain.toString('utf8')) as { p: string; m: string; r: string }[];
    return list.map((e) => ({ pollId: e.p, memberId: e.m, receipt: e.r }));
  } catch {
    return undefined;
  }
}
