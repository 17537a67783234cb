import { createHash, type KeyObject } from 'node:crypto';
import { type CanonicalObject, type CanonicalValue, canonicalBytes, canonicalWrite } from '../canonical.ts';
import type { HashedEntry } from '../chain.ts';
import { merkleRoot } from '../merkle.ts';
import {
  publicKeyFingerprint,
  publicKeyFromRaw,
  publicKeyToBase64,
  signBytes,
  verifyBytes,
} from '../signature.ts';

/**
 * The export bundle (SPEC.md §10): everything an auditor needs to recheck one assembly offline.
 * Types mirror bundle.schema.json; every value is canonical-encodable (integers, strings, no
 * undefined), because the whole bundle minus `signature` is what the installation key signs.
 */
export const BUNDLE_FORMAT = 'plenum.bundle.v1';
/**
 * 2: the signature is over the SHA-256 of the canonical bundle (SPEC.md §10.1), so a bundle can be
 * written and checked as a stream. 1: over the canonical bytes themselves; still verified.
 */
export const BUNDLE_SCHEMA_VERSION = 2;
export const BUNDLE_SCHEMA_VERSIONS: readonly number[] = [1, 2];

export type Fraction = { readonly num: number; readonly den: number };

export type BundleKey = {
  readonly algorithm: 'Ed25519';
  /** Raw 32-byte public key, standard base64. */
  readonly publicKey: string;
  /** sha256 of the raw public key, hex (SPEC.md §7). */
  readonly fingerprint: string;
};

/**
 * A register entry as the bundle states it (SPEC.md §10.2): who the member is and the register
 * facts the roll depends on (kind, membership dates, investing member, statutory votes).
 */
export type BundleMember = {
  readonly id: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly kind: string;
  readonly admissionDate: string;
  readonly exitDate: string | null;
  readonly investing: boolean;
  readonly votes: number;
};

export type RollEntry = {
  readonly memberId: string;
  readonly status: 'eligible' | 'excluded' | 'ineligible';
  readonly votes: number;
  readonly reason: string | null;
};

export type ParticipationEntry = {
  readonly memberId: string;
  readonly channel: string;
  readonly castBy: string | null;
};

/** A ballot as chained (SPEC.md §5): `choice` is `{ v, w }`, plus `m` in open polls only. */
export type BundleBallot = { readonly ballotId: string; readonly choice: CanonicalObject };

export type BundleDeclaration = {
  readonly id: string;
  readonly correctsId: string | null;
  readonly text: string;
  readonly outcome: string;
  readonly computed: string;
  readonly deviationReason: string | null;
  readonly declaredBy: string;
  readonly at: string;
};

/** A teller's hall count of a poll (R27), entered or confirmed, as the ledger records it. */
export type BundleHallEntry = {
  readonly action: 'entered' | 'confirmed';
  readonly tellerId: string;
  readonly teller: string;
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  /** On the confirmation: the poll's result, electronic ballots plus the hall count. */
  readonly tally: CanonicalObject | null;
  readonly at: string;
};

export type BundlePoll = {
  readonly id: string;
  readonly agendaItemId: string;
  readonly round: number;
  readonly kind: 'majority' | 'election';
  readonly itemKind: string;
  readonly method: string;
  readonly secret: boolean;
  readonly threshold: Fraction;
  readonly options: readonly CanonicalValue[];
  readonly config: CanonicalObject;
  readonly status: string;
  readonly openedAt: string | null;
  readonly closedAt: string | null;
  readonly votesAvailable: number | null;
  readonly votesExcluded: number | null;
  readonly roll: readonly RollEntry[];
  readonly excluded: readonly { readonly personId: string; readonly reason: string }[];
  readonly participation: readonly ParticipationEntry[];
  readonly ballots: readonly BundleBallot[];
  readonly receipts: readonly string[];
  readonly tally: CanonicalObject | null;
  readonly declarations: readonly BundleDeclaration[];
  /** R27: the tellers' hall counts, oldest first (absent in bundles of earlier versions). */
  readonly hallCounts?: readonly BundleHallEntry[];
  /** R22: the lot drawn for a tie on the last seats (SPEC.md §11); absent in older bundles. */
  readonly lot?: BundleLot | null;
};

/** R22: a lot as the bundle states it, compared with its `election.lot_drawn` entry. */
export type BundleLot = {
  readonly value: string;
  readonly valueSource: 'chair' | 'random';
  readonly headSeq: number;
  readonly head: string;
  readonly seed: string;
  readonly among: readonly string[];
  readonly seats: number;
  readonly order: readonly string[];
  readonly winners: readonly string[];
  readonly drawnBy: string;
  readonly at: string;
};

export type Bundle = {
  readonly format: typeof BUNDLE_FORMAT;
  readonly schemaVersion: number;
  readonly generatedAt: string;
  readonly key: BundleKey;
  readonly assembly: CanonicalObject & {
    readonly id: string;
    readonly title: string;
    readonly form: string;
    readonly statute: CanonicalObject;
  };
  readonly members: readonly BundleMember[];
  readonly agenda: readonly CanonicalObject[];
  readonly attendance: readonly CanonicalObject[];
  readonly proxies: readonly CanonicalObject[];
  readonly polls: readonly BundlePoll[];
  readonly objections: readonly CanonicalObject[];
  /**
   * Motions from the floor (SPEC.md §10): id, item, mover, kind, text and its sha256, status, reach,
   * rejection reason, amended text, poll, submission instant. Absent in bundles written before them.
   */
  readonly floorMotions?: readonly CanonicalObject[];
  readonly annexes: CanonicalObject;
  readonly ledger: {
    readonly head: { readonly seq: number; readonly hash: string };
    readonly entries: readonly HashedEntry[];
  };
  /** Ed25519, hex: over the digest message of the bundle without this field (version 1: its bytes). */
  readonly signature: string;
};

export type UnsignedBundle = Omit<Bundle, 'signature'>;

/** canonical(bundle) with the `signature` member removed, nothing else changed (SPEC.md §10.1). */
export function bundleSigningBytes(bundle: UnsignedBundle | Bundle): Uint8Array {
  const { signature: _ignored, ...unsigned } = bundle as Bundle;
  return canonicalBytes(unsigned);
}

/** SHA-256 of `bundleSigningBytes`, hex, computed piecewise: the bytes are never held whole. */
export function bundleDigest(bundle: UnsignedBundle | Bundle): string {
  const { signature: _ignored, ...unsigned } = bundle as Bundle;
  const hash = createHash('sha256');
  let pending = '';
  canonicalWrite(unsigned, (text) => {
    pending += text;
    if (pending.length >= 1 << 16) {
      hash.update(pending, 'utf8');
      pending = '';
    }
  });
  return hash.update(pending, 'utf8').digest('hex');
}

/**
 * What a schema-version-2 signature signs (SPEC.md §10.1): the canonical bytes of
 * `{ format, schemaVersion: 2, sha256 }`, where `sha256` is the bundle's digest. The message carries
 * its own format and version, so it can never be mistaken for another signed value.
 */
export function bundleDigestMessage(sha256: string): Uint8Array {
  return canonicalBytes({ format: BUNDLE_FORMAT, schemaVersion: 2, sha256 });
}

export function bundleKey(publicKey: KeyObject): BundleKey {
  return {
    algorithm: 'Ed25519',
    publicKey: publicKeyToBase64(publicKey),
    fingerprint: publicKeyFingerprint(publicKey),
  };
}

/** Signs as the bundle's `schemaVersion` says: 2 over its digest, 1 over its canonical bytes. */
export function signBundle(privateKey: KeyObject, unsigned: UnsignedBundle): Bundle {
  const signature =
    unsigned.schemaVersion === 1
      ? signBytes(privateKey, bundleSigningBytes(unsigned))
      : signBytes(privateKey, bundleDigestMessage(bundleDigest(unsigned)));
  return { ...unsigned, signature };
}

/** True iff the signature verifies with the key the bundle names (pin that key separately). */
export function bundleSignatureValid(bundle: Bundle): boolean {
  try {
    const key = publicKeyFromRaw(bundle.key.publicKey);
    const signed =
      bundle.schemaVersion === 1 ? bundleSigningBytes(bundle) : bundleDigestMessage(bundleDigest(bundle));
    return verifyBytes(key, signed, String(bundle.signature));
  } catch {
    return false;
  }
}

const byMemberId = <T extends { memberId: string }>(a: T, b: T) =>
  a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0;

/** `poll.opened.rollRoot` (SPEC.md §10.2): MTH over canonical roll rows sorted by member id. */
export function rollRoot(rows: readonly RollEntry[]): string {
  return merkleRoot(
    [...rows]
      .sort(byMemberId)
      .map((r) =>
        canonicalBytes({ memberId: r.memberId, status: r.status, votes: r.votes, reason: r.reason ?? null }),
      ),
  );
}

/** The canonical register row (SPEC.md §10.2): exactly the fields of a bundle member, nothing else. */
export function registerRow(m: BundleMember): CanonicalObject {
  return {
    id: m.id,
    memberNumber: m.memberNumber,
    name: m.name,
    kind: m.kind,
    admissionDate: m.admissionDate,
    exitDate: m.exitDate ?? null,
    investing: m.investing,
    votes: m.votes,
  };
}

/**
 * `registerRoot` (SPEC.md §10.2), recorded by every ledger entry that changes the register and by
 * every `poll.opened`: MTH over the canonical register rows sorted by member id.
 */
export function registerRoot(members: readonly BundleMember[]): string {
  return merkleRoot(
    [...members]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((m) => canonicalBytes(registerRow(m))),
  );
}

/** `poll.closed.participationRoot` (SPEC.md §10.2): MTH over canonical participation rows. */
export function participationRoot(rows: readonly ParticipationEntry[]): string {
  return merkleRoot(
    [...rows]
      .sort(byMemberId)
      .map((r) => canonicalBytes({ memberId: r.memberId, channel: r.channel, castBy: r.castBy ?? null })),
  );
}
