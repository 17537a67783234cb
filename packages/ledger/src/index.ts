// Public surface of @plenum/ledger. SPEC.md is the normative description of every byte these
// functions produce; the server, the web app's receipt check and plenum-verify all import from here.
export {
  bytesToHex,
  compareBytes,
  concatBytes,
  hexToBytes,
  hexToFixedBytes,
  sha256,
  sha256Hex,
  utf8,
} from './bytes.ts';
export type { CanonicalObject, CanonicalValue } from './canonical.ts';
export { canonicalBytes, canonicalString, canonicalWrite } from './canonical.ts';
export type {
  ChainHead,
  ChainViolation,
  ChainViolationCode,
  HashedEntry,
  LedgerEntry,
  NewEntry,
  VerifyChainOptions,
} from './chain.ts';
export {
  appendEntries,
  entryBody,
  entryProblem,
  GENESIS_HASH,
  GENESIS_HEAD,
  hashEntry,
  verifyChain,
} from './chain.ts';
export type { LedgerErrorCode } from './errors.ts';
export { LedgerError } from './errors.ts';
export type { LedgerEventType } from './event-types.ts';
export { isEntryOf, LEDGER_EVENT_TYPES } from './event-types.ts';
export type { LotInputs } from './lot.ts';
export { lotSeed } from './lot.ts';
export { merkleLeafHash, merkleProof, merkleRoot, merkleRootBytes, verifyMerkleProof } from './merkle.ts';
export type {
  Ballot,
  PollClose,
  PollViolation,
  ReceiptCheck,
  ReceiptProof,
  RecordedReceipts,
} from './poll-record.ts';
export {
  ballotLeaf,
  ballotsRoot,
  checkReceipt,
  pollClose,
  receiptProof,
  receiptsRoot,
  sortedBallotLeaves,
  sortedReceiptLeaves,
  verifyPollClose,
  verifyReceiptProof,
} from './poll-record.ts';
export { newReceipt } from './receipt-random.ts';
export type { NormalizedReceipt } from './receipts.ts';
export { CROCKFORD, createReceipt, hashReceipt, normalizeReceipt, RECEIPT_RANDOM_BYTES } from './receipts.ts';
export type { PollSealKey } from './seal.ts';
export {
  derivePollKey,
  openBallot,
  SEAL_NONCE_BYTES,
  SEAL_SECRET_BYTES,
  sealBallot,
  sealedSize,
} from './seal.ts';
export type { SigningKeyPair } from './signature.ts';
export {
  exportSeed,
  generateSigningKey,
  publicKeyFingerprint,
  publicKeyFromRaw,
  publicKeyToBase64,
  publicKeyToHex,
  publicKeyToRaw,
  signBytes,
  signCanonical,
  signingKeyFromSeed,
  verifyBytes,
  verifyCanonical,
} from './signature.ts';
