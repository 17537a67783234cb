import { bytesToHex, hexToBytes, sha256 } from './bytes.ts';
import { LedgerError } from './errors.ts';

/**
 * Merkle trees exactly as RFC 6962 §2.1 (Certificate Transparency), so auditors can reuse any CT
 * library: leaf = sha256(0x00 ‖ data), node = sha256(0x01 ‖ left ‖ right), empty = sha256(""),
 * and an odd count splits at the largest power of two below n instead of duplicating a leaf
 * (duplication lets two different lists share a root, CVE-2012-2459).
 */
const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

export function merkleLeafHash(leaf: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, leaf);
}

function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** Largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// Works on leaf hashes [from, to) so each leaf is hashed once whatever the depth.
function subtreeRoot(hashes: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 1) return hashes[from] as Uint8Array;
  const k = splitPoint(n);
  return nodeHash(subtreeRoot(hashes, from, from + k), subtreeRoot(hashes, from + k, to));
}

export function merkleRootBytes(leaves: readonly Uint8Array[]): Uint8Array {
  return rootOfLeafHashes(leaves.map(merkleLeafHash));
}

/** MTH from leaf hashes already computed (sha256(0x00 ‖ leaf) each), so no leaf is hashed twice. */
export function rootOfLeafHashes(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return sha256();
  return subtreeRoot(hashes, 0, hashes.length);
}

/** MTH(D[n]) as lowercase hex. */
export function merkleRoot(leaves: readonly Uint8Array[]): string {
  return bytesToHex(merkleRootBytes(leaves));
}

/** The audit path PATH(index, D[n]) of RFC 6962 §2.1.1, siblings from the leaf upwards, hex. */
export function merkleProof(leaves: readonly Uint8Array[], index: number): string[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length) {
    throw new LedgerError('merkle.index', `index ${index} is outside a tree of ${leaves.length} leaves`);
  }
  const hashes = leaves.map(merkleLeafHash);
  const path: Uint8Array[] = [];
  let from = 0;
  let to = leaves.length;
  let m = index;
  // Walk down from the root, collecting the sibling subtree at each split; reverse at the end.
  while (to - from > 1) {
    const k = splitPoint(to - from);
    if (m < k) {
      path.push(subtreeRoot(hashes, from + k, to));
      to = from + k;
    } else {
      path.push(subtreeRoot(hashes, from, from + k));
      from += k;
      m -= k;
    }
  }
  return path.reverse().map(bytesToHex);
}

/**
 * RFC 9162 §2.1.3.2 inclusion check. Never throws on hostile input: a malformed proof is simply
 * not a proof.
 */
export function verifyMerkleProof(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: readonly string[],
  rootHex: string,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = merkleLeafHash(leaf);
  for (const hex of proof) {
    if (sn === 0 || !/^[0-9a-f]{64}$/.test(hex)) return false;
    const p = hexToBytes(hex);
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && bytesToHex(r) === rootHex;
}
