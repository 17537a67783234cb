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
  /** The key that seals one member's own receipts (member-receipts.ts); never in the database. */
  forMemberReceipts(memberId: string): Uint8Array;
}

export function ballotKeys(secretBase64: string): BallotKeys {
  const secret = new Uint8Array(Buffer.from(secretBase64, 'base64'));
  if (secret.length !== SEAL_SECRET_BYTES) throw new Error('the ballot secret must be 32 bytes in base64');
  const cache = new Map<string, PollSealKey>();
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
    forMemberReceipts(memberId) {
      return memberReceiptKey(secret, memberId);
    },
  };
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
