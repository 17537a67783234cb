// Offline verification of export bundles (`@plenum/ledger/verify`): used by plenum-verify, the
// API's export (to sign) and the tests. Kept apart from the main surface because it needs
// @plenum/domain to recount tallies.
export type {
  Bundle,
  BundleBallot,
  BundleDeclaration,
  BundleHallEntry,
  BundleKey,
  BundleLot,
  BundleMember,
  BundlePoll,
  ParticipationEntry,
  RollEntry,
  UnsignedBundle,
} from './bundle.ts';
export {
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA_VERSION,
  BUNDLE_SCHEMA_VERSIONS,
  bundleDigest,
  bundleDigestMessage,
  bundleKey,
  bundleSignatureValid,
  bundleSigningBytes,
  participationRoot,
  registerRoot,
  registerRow,
  rollRoot,
  signBundle,
} from './bundle.ts';
export type { VerifyOptions, VerifyResult } from './verify-bundle.ts';
export { verifyBundle } from './verify-bundle.ts';
export { replayLot } from './verify-tally.ts';
export type { Violation } from './violations.ts';
export { formatViolation } from './violations.ts';
