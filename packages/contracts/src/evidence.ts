import { type Static, Type } from 'typebox';

/** The installation's ledger signing key, as auditors pin it (plenum-verify --fingerprint). */
export const LedgerKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  publicKey: Type.String({ description: 'Raw 32-byte Ed25519 public key, base64.' }),
  fingerprint: Type.String({ description: 'sha256 of the raw public key, hex (ledger SPEC.md §7).' }),
});
export type LedgerKey = Static<typeof LedgerKey>;

export const LedgerHead = Type.Object({ seq: Type.Integer(), hash: Type.String() });
export type LedgerHead = Static<typeof LedgerHead>;

/** The chain head right after one declared result (its poll.declared ledger entry). */
export const DeclaredHead = Type.Object({
  pollId: Type.String(),
  declarationId: Type.String(),
  seq: Type.Integer({ description: 'seq of the poll.declared entry' }),
  hash: Type.String({ description: "the chain head right after the declaration (that entry's hash)" }),
  at: Type.String({ description: 'when the result was declared (UTC)' }),
});
export type DeclaredHead = Static<typeof DeclaredHead>;

/** GET /api/assemblies/:id/evidence (public): what an auditor pins a bundle to. */
export const AssemblyEvidence = Type.Object({
  assemblyId: Type.String(),
  key: LedgerKey,
  declared: Type.Array(DeclaredHead, { description: 'one per declared result, in ledger order' }),
  latest: Type.Union([DeclaredHead, Type.Null()], {
    description: 'the chain head after the last declared result, null before the first',
  }),
});
export type AssemblyEvidence = Static<typeof AssemblyEvidence>;
