import { bytesToHex, compareBytes, hexToFixedBytes } from './bytes.ts';
import { type CanonicalValue, canonicalBytes } from './canonical.ts';
import { LedgerError } from './errors.ts';
import { merkleLeafHash, merkleProof, merkleRoot, rootOfLeafHashes, verifyMerkleProof } from './merkle.ts';
import { hashReceipt, normalizeReceipt } from './receipts.ts';

/**
 * What closing a poll commits to (SPEC.md §5–§6): two separate, unlinked Merkle trees. The ballot
 * tree holds what was voted and no receipt; the receipt tree holds receipt hashes and no choice.
 * Nothing pairs a leaf of one with a leaf of the other, so a receipt shows that *a* ballot of
 * this poll was counted, never which choice it carried (R23: voters cannot prove their vote).
 */
export type Ballot = { readonly ballotId: string; readonly pollId: string; readonly choice: CanonicalValue };

export type PollClose = {
  readonly pollId: string;
  readonly ballots: number;
  readonly ballotsRoot: string;
  readonly receipts: number;
  readonly receiptsRoot: string;
};

export type ReceiptProof = {
  readonly index: number;
  readonly size: number;
  readonly proof: readonly string[];
};

export type ReceiptCheck = 'counted' | 'not_found' | 'list_mismatch' | 'invalid_code';

export type PollViolation = {
  readonly code: 'poll.id_mismatch' | 'poll.count_mismatch' | 'poll.ballots_root' | 'poll.receipts_root';
  readonly message: string;
};

/** canonical({ ballotId, choice, pollId }): deliberately no receipt hash, no time, no member. */
export function ballotLeaf(ballot: Ballot): Uint8Array {
  return canonicalBytes({ ballotId: ballot.ballotId, choice: ballot.choice, pollId: ballot.pollId });
}

/**
 * Leaves sorted by their RFC 6962 leaf hash: an order nobody chooses and that says nothing about
 * cast order, even if some future ballot id scheme were not random.
 */
export function sortedBallotLeaves(ballots: readonly Ballot[]): Uint8Array[] {
  const seen = new Set<string>();
  for (const b of ballots) {
    if (seen.has(b.ballotId)) throw new LedgerError('merkle.duplicate', `ballot ${b.ballotId} appears twice`);
    seen.add(b.ballotId);
  }
  return sortByLeafHash(ballots.map(ballotLeaf));
}

export function ballotsRoot(ballots: readonly Ballot[]): string {
  const seen = new Set<string>();
  for (const b of ballots) {
    if (seen.has(b.ballotId)) throw new LedgerError('merkle.duplicate', `ballot ${b.ballotId} appears twice`);
    seen.add(b.ballotId);
  }
  // The leaf hashes order the leaves and are the tree's bottom row: computed once.
  const hashes = ballots.map((b) => merkleLeafHash(ballotLeaf(b))).sort(compareBytes);
  return bytesToHex(rootOfLeafHashes(hashes));
}

/** Receipt leaves are the 32 raw bytes of each receipt hash, sorted bytewise, no duplicates. */
export function sortedReceiptLeaves(receiptHashes: readonly string[]): Uint8Array[] {
  const leaves = receiptHashes.map((h) => hexToFixedBytes(h, 32)).sort(compareBytes);
  for (let i = 1; i < leaves.length; i++) {
    if (compareBytes(leaves[i - 1] as Uint8Array, leaves[i] as Uint8Array) === 0) {
      throw new LedgerError('merkle.duplicate', 'a receipt hash appears twice');
    }
  }
  return leaves;
}

export function receiptsRoot(receiptHashes: readonly string[]): string {
  return merkleRoot(sortedReceiptLeaves(receiptHashes));
}

/** The `poll.closed` payload's integrity part; counts let an auditor match the participation list. */
export function pollClose(
  pollId: string,
  ballots: readonly Ballot[],
  receiptHashes: readonly string[],
): PollClose {
  return {
    pollId,
    ballots: ballots.length,
    ballotsRoot: ballotsRoot(ballots),
    receipts: receiptHashes.length,
    receiptsRoot: receiptsRoot(receiptHashes),
  };
}

/** Recomputes a recorded close from the exported ballots and receipt hashes. */
export function verifyPollClose(
  recorded: PollClose,
  ballots: readonly Ballot[],
  receiptHashes: readonly string[],
): PollViolation[] {
  const out: PollViolation[] = [];
  const foreign = ballots.filter((b) => b.pollId !== recorded.pollId).length;
  if (foreign > 0)
    out.push({ code: 'poll.id_mismatch', message: `${foreign} ballots belong to another poll` });
  // One receipt per accepted ballot: unequal counts mean a ballot or a receipt was added or lost.
  if (
    recorded.ballots !== ballots.length ||
    recorded.receipts !== receiptHashes.length ||
    ballots.length !== receiptHashes.length
  ) {
    out.push({
      code: 'poll.count_mismatch',
      message: 'ballot and receipt counts do not agree with the record',
    });
  }
  if (ballotsRoot(ballots) !== recorded.ballotsRoot) {
    out.push({ code: 'poll.ballots_root', message: 'ballots do not match the recorded Merkle root' });
  }
  if (receiptsRoot(receiptHashes) !== recorded.receiptsRoot) {
    out.push({ code: 'poll.receipts_root', message: 'receipt hashes do not match the recorded Merkle root' });
  }
  return out;
}

/** What the server returns for a receipt check after close: an inclusion proof, or null. */
export function receiptProof(receiptHashes: readonly string[], receiptHash: string): ReceiptProof | null {
  const leaves = sortedReceiptLeaves(receiptHashes);
  const target = hexToFixedBytes(receiptHash, 32);
  const index = leaves.findIndex((leaf) => compareBytes(leaf, target) === 0);
  if (index < 0) return null;
  return { index, size: leaves.length, proof: merkleProof(leaves, index) };
}

/** The part of a recorded `poll.closed` a receipt check needs; size comes from here, not the proof. */
export type RecordedReceipts = Pick<PollClose, 'receipts' | 'receiptsRoot'>;

/** The holder's side: does this code's hash sit in the tree whose root the poll's close recorded? */
export function verifyReceiptProof(
  pollId: string,
  code: string,
  proof: ReceiptProof,
  recorded: RecordedReceipts,
): boolean {
  // An RFC 6962 proof does not pin the tree size (SPEC.md §4), so the recorded count must.
  if (!normalizeReceipt(code).ok || proof.size !== recorded.receipts) return false;
  const leaf = hexToFixedBytes(hashReceipt(pollId, code), 32);
  return verifyMerkleProof(leaf, proof.index, proof.size, proof.proof, recorded.receiptsRoot);
}

/** Offline check against a published receipt list (auditor bundle) and the recorded close. */
export function checkReceipt(
  pollId: string,
  code: string,
  receiptHashes: readonly string[],
  recorded: RecordedReceipts,
): ReceiptCheck {
  if (!normalizeReceipt(code).ok) return 'invalid_code';
  if (receiptHashes.length !== recorded.receipts || receiptsRoot(receiptHashes) !== recorded.receiptsRoot) {
    return 'list_mismatch';
  }
  const hash = hashReceipt(pollId, code);
  return receiptHashes.some((h) => h.toLowerCase() === hash) ? 'counted' : 'not_found';
}

function sortByLeafHash(leaves: Uint8Array[]): Uint8Array[] {
  return leaves
    .map((leaf) => ({ leaf, key: merkleLeafHash(leaf) }))
    .sort((a, b) => compareBytes(a.key, b.key))
    .map((x) => x.leaf);
}
