import { concatBytes, hexToFixedBytes, sha256Hex } from './bytes.ts';
import { type CanonicalObject, canonicalBytes } from './canonical.ts';
import { LedgerError } from './errors.ts';

/** What a state change records (SPEC.md §3). `seq` is 1-based and gapless over the whole ledger. */
export type LedgerEntry = {
  readonly seq: number;
  readonly at: string;
  readonly type: string;
  readonly assemblyId?: string;
  readonly payload: CanonicalObject;
};

/** An entry as stored and exported: `prevHash` is repeated so a cut or splice is pinpointed. */
export type HashedEntry = LedgerEntry & { readonly prevHash: string; readonly hash: string };

/** What the appender hands in; the chain assigns seq and hashes. */
export type NewEntry = Omit<LedgerEntry, 'seq'>;

export type ChainHead = { readonly seq: number; readonly hash: string };

export const GENESIS_HASH = '0'.repeat(64);
export const GENESIS_HEAD: ChainHead = { seq: 0, hash: GENESIS_HASH };

// UTC with a Z, so every language hashes the string it received without re-formatting it.
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const TYPE_RE = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$/;

/** Why an entry is malformed, or null. Shared by hashing (throws) and verification (reports). */
export function entryProblem(entry: LedgerEntry): string | null {
  if (!Number.isSafeInteger(entry.seq) || entry.seq < 1) return 'seq must be a positive integer';
  if (typeof entry.at !== 'string' || !INSTANT_RE.test(entry.at))
    return 'at must be a UTC instant ending in Z';
  if (typeof entry.type !== 'string' || !TYPE_RE.test(entry.type)) return 'type must look like area.event';
  if (entry.assemblyId !== undefined && typeof entry.assemblyId !== 'string')
    return 'assemblyId must be a string';
  const p = entry.payload as unknown;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return 'payload must be an object';
  return null;
}

/**
 * The hashed body: exactly these fields, picked by name, so extra columns a caller maps onto the
 * entry (row ids, insert times) can neither sneak into nor silently fall out of the hash.
 */
export function entryBody(entry: LedgerEntry): CanonicalObject {
  return pickEntry(entry) as CanonicalObject;
}

function pickEntry(entry: LedgerEntry): LedgerEntry {
  const { seq, at, type, assemblyId, payload } = entry;
  return assemblyId === undefined ? { seq, at, type, payload } : { seq, at, type, assemblyId, payload };
}

/** hash = sha256(prevHash as 32 raw bytes ‖ canonical(body)), lowercase hex. */
export function hashEntry(prevHashHex: string, entry: LedgerEntry): string {
  const problem = entryProblem(entry);
  if (problem !== null) throw new LedgerError('chain.entry', `entry ${entry.seq}: ${problem}`);
  return sha256Hex(concatBytes(hexToFixedBytes(prevHashHex, 32), canonicalBytes(entryBody(entry))));
}

/**
 * Chains a batch after `head`. Only one appender may call this per ledger at a time (the database
 * side serialises it), which is what keeps the chain from forking.
 */
export function appendEntries(
  head: ChainHead,
  entries: readonly NewEntry[],
): { entries: HashedEntry[]; head: ChainHead } {
  const out: HashedEntry[] = [];
  let { seq, hash } = head;
  for (const next of entries) {
    seq += 1;
    const entry = pickEntry({ ...next, seq });
    const entryHash = hashEntry(hash, entry);
    out.push({ ...entry, prevHash: hash, hash: entryHash });
    hash = entryHash;
  }
  return { entries: out, head: { seq, hash } };
}

export type ChainViolationCode =
  | 'chain.entry_invalid'
  | 'chain.seq_gap'
  | 'chain.prev_mismatch'
  | 'chain.hash_mismatch'
  | 'chain.head_mismatch';

/** One finding; `seq` is the entry's claimed seq (or the expected one at the head check). */
export type ChainViolation = {
  readonly seq: number;
  readonly code: ChainViolationCode;
  readonly message: string;
};

export type VerifyChainOptions = {
  /** The head recorded elsewhere (minutes, signed bundle). Without it, dropping the tail is invisible. */
  readonly expectedHead?: string;
  /** To verify a segment: the hash before its first entry (default: genesis). */
  readonly startPrevHash?: string;
  /** To verify a segment: the seq of its first entry (default: 1). */
  readonly startSeq?: number;
};

/**
 * Checks every link and reports every break, not just the first, so an auditor sees exactly
 * which entries were modified, dropped, inserted or moved. An empty list means the chain holds.
 */
export function verifyChain(
  entries: readonly HashedEntry[],
  options: VerifyChainOptions = {},
): ChainViolation[] {
  const violations: ChainViolation[] = [];
  let prevHash = options.startPrevHash ?? GENESIS_HASH;
  let expectedSeq = options.startSeq ?? 1;
  for (const entry of entries) {
    const seq = entry.seq;
    const report = (code: ChainViolationCode, message: string) => violations.push({ seq, code, message });
    if (seq !== expectedSeq) report('chain.seq_gap', `expected seq ${expectedSeq}, found ${seq}`);
    if (entry.prevHash !== prevHash)
      report('chain.prev_mismatch', `prevHash does not match the entry before`);
    const problem = entryProblem(entry) ?? hexProblem(entry);
    if (problem !== null) {
      report('chain.entry_invalid', problem);
    } else if (hashEntry(entry.prevHash, entry) !== entry.hash) {
      report('chain.hash_mismatch', `stored hash does not match the entry's content`);
    }
    prevHash = entry.hash;
    expectedSeq = (Number.isSafeInteger(seq) ? seq : expectedSeq) + 1;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== prevHash) {
    violations.push({
      seq: expectedSeq - 1,
      code: 'chain.head_mismatch',
      message: 'last hash is not the expected head',
    });
  }
  return violations;
}

const HASH_RE = /^[0-9a-f]{64}$/;

function hexProblem(entry: HashedEntry): string | null {
  if (typeof entry.prevHash !== 'string' || !HASH_RE.test(entry.prevHash))
    return 'prevHash must be 64 lowercase hex';
  if (typeof entry.hash !== 'string' || !HASH_RE.test(entry.hash)) return 'hash must be 64 lowercase hex';
  return null;
}
