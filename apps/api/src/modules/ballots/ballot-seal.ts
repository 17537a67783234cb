import { createHmac, hkdfSync } from 'node:crypto';
import {
  type CanonicalObject,
  type CanonicalValue,
  derivePollKey,
  openBallot,
  type PollSealKey,
  SEAL_NONCE_BYTES,
  SEAL_SECRET_BYTES,
  sealBallot,
  sealedSize,
} from '@plenum/ledger';
import type { Random } from '../../deps.ts';
import { memberReceiptKey } from './member-receipts.ts';

/**
 * The per-poll ballot keys of this installation (ledger SPEC.md §3). The secret comes from
 * PLENUM_BALLOT_KEY or `<dataDir>/ballot-seal.key` and lives in the server's memory only; every
 * API process of one installation must hold the same secret. Keys are derived on demand, so a
 * restarted server opens the ballots that were sealed before the crash.
 */
export interface BallotKeys {
  forPoll(pollId: string): PollSealKey;
  /**
   * The poll's retry key (HKDF of the same secret with its own salt, so it is unrelated to the
   * seal key): it derives a cast's receipts and its request tag from the request id, so that a
   * retried cast gets the same receipts back without the database holding anything that pairs a
   * member with a receipt (see castReceipt and requestTag).
   */
  forRetries(pollId: string): Uint8Array;
  /**
   * The key that seals one member's own receipts (member-receipts.ts): derived at login from the
   * member's access code, carried only in their session; never in the database.
   */
  forMemberReceipts(assemblyId: string, memberId: string, normalisedAccessCode: string): Uint8Array;
}

const RETRY_SALT = Buffer.from('plenum/cast-retry/v1', 'utf8');

export function ballotKeys(secretBase64: string): BallotKeys {
  const secret = new Uint8Array(Buffer.from(secretBase64, 'base64'));
  if (secret.length !== SEAL_SECRET_BYTES) throw new Error('the ballot secret must be 32 bytes in base64');
  const cache = new Map<string, PollSealKey>();
  const retries = new Map<string, Uint8Array>();
  return {
    forPoll(pollId) {
      let key = cache.get(pollId);
      if (key === undefined) {
        if (cache.size > 1000) cache.clear();
        key = derivePollKey(secret, pollId);
        cache.set(pollId, key);
      }
      return key;
    },
    forRetries(pollId) {
      let key = retries.get(pollId);
      if (key === undefined) {
        if (retries.size > 1000) retries.clear();
        key = new Uint8Array(hkdfSync('sha256', secret, RETRY_SALT, Buffer.from(pollId, 'utf8'), 32));
        retries.set(pollId, key);
      }
      return key;
    },
    forMemberReceipts(assemblyId, memberId, normalisedAccessCode) {
      return memberReceiptKey(secret, assemblyId, memberId, normalisedAccessCode);
    },
  };
}

/** HMAC-SHA256 under the poll's retry key over length-prefixed parts (no two inputs collide). */
function retryMac(keys: BallotKeys, pollId: string, parts: readonly string[]): Buffer {
  const mac = createHmac('sha256', keys.forRetries(pollId));
  for (const part of parts) {
    const bytes = Buffer.from(part, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length, 0);
    mac.update(length).update(bytes);
  }
  return mac.digest();
}

/**
 * The random bytes of one receipt of a cast that carried a request id: the same voter, member and
 * request id always give the same receipt, so a retry recomputes it instead of reading it from
 * anywhere. Without the ballot secret the bytes are unpredictable, as a random receipt is.
 */
export function castReceiptBytes(
  keys: BallotKeys,
  pollId: string,
  voterId: string,
  memberId: string,
  requestId: string,
): Uint8Array {
  return new Uint8Array(retryMac(keys, pollId, ['receipt', voterId, memberId, requestId.toLowerCase()]));
}

/**
 * What the participation rows of a cast keep to recognise its retry: 16 bytes of HMAC over the
 * voter and the request id, as hex. It says nothing about the receipts or the choice: those need
 * the request id, which is never stored.
 */
export function requestTag(keys: BallotKeys, pollId: string, voterId: string, requestId: string): string {
  return retryMac(keys, pollId, ['request', voterId, requestId.toLowerCase()])
    .subarray(0, 16)
    .toString('hex');
}

/** What a sealed ballot holds: the choice, its weight, the receipt hash and (open polls) the member. */
export interface SealedContent {
  choice: unknown;
  weight: number;
  receiptHash: string;
  memberId: string | null;
}

export interface SealablePoll {
  id: string;
  options: readonly unknown[];
}

/** Seals one ballot; every ballot of the poll has the same ciphertext length. */
export function sealContent(
  keys: BallotKeys,
  random: Random,
  poll: SealablePoll,
  content: SealedContent,
): string {
  const body: Record<string, CanonicalValue> = {
    v: content.choice as CanonicalValue,
    w: content.weight,
    r: content.receiptHash,
  };
  if (content.memberId !== null) body.m = content.memberId;
  const sealed = sealBallot(
    keys.forPoll(poll.id),
    body,
    random.bytes(SEAL_NONCE_BYTES),
    sealedSize(poll.options.length),
  );
  return Buffer.from(sealed).toString('hex');
}

/** Opens a sealed ballot read back as hex; throws on any ciphertext that is not this poll's. */
export function openContent(keys: BallotKeys, pollId: string, hex: string): SealedContent {
  const body: CanonicalObject = openBallot(keys.forPoll(pollId), Buffer.from(hex, 'hex'));
  return {
    choice: body.v,
    weight: Number(body.w),
    receiptHash: String(body.r),
    memberId: typeof body.m === 'string' ? body.m : null,
  };
}
