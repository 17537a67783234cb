import { DEFAULT_STATUTE, type StatuteConfig } from '@plenum/domain';
import { verifyChain } from '../chain.ts';
import { publicKeyFingerprint, publicKeyFromRaw } from '../signature.ts';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA_VERSIONS, type Bundle, bundleSignatureValid } from './bundle.ts';
import { verifyEvidence } from './verify-evidence.ts';
import { verifyPoll } from './verify-polls.ts';
import { collector, type Violation } from './violations.ts';

export type VerifyOptions = {
  /** The installation key as published at /api/ledger/key (base64 or hex); pins the signer. */
  readonly publicKey?: string;
  /** The key's fingerprint (sha256 of the raw public key, hex) as published; pins the signer. */
  readonly fingerprint?: string;
  /**
   * Chain heads noted outside the database (the projector, the minutes, GET …/evidence): the entry
   * at `seq` must have a hash starting with `hash` (the full 64 hex digits or the 16-digit short
   * form; spaces ignored).
   */
  readonly heads?: readonly { readonly seq: number; readonly hash: string }[];
};

export type VerifyResult = {
  readonly ok: boolean;
  /** True when the signer was pinned by a key or fingerprint given from outside the bundle. */
  readonly pinned: boolean;
  readonly violations: readonly Violation[];
  readonly summary: {
    readonly assembly: string;
    readonly entries: number;
    readonly head: { readonly seq: number; readonly hash: string };
    readonly polls: number;
    readonly ballots: number;
    readonly fingerprint: string;
  };
};

/**
 * Checks a bundle offline (SPEC.md §8, §10): the signature, the whole hash chain against the
 * signed head, and for every poll its roll, batches, Merkle roots, one-vote invariants, tally and
 * declarations. Reports every violation found, not only the first.
 */
export function verifyBundle(bundle: Bundle, options: VerifyOptions = {}): VerifyResult {
  const { violations, report } = collector();
  if (bundle.format !== BUNDLE_FORMAT || !BUNDLE_SCHEMA_VERSIONS.includes(bundle.schemaVersion))
    report(
      'bundle.format',
      'bundle',
      `expected format ${BUNDLE_FORMAT} version ${BUNDLE_SCHEMA_VERSIONS.join(' or ')}`,
    );
  checkSignature(bundle, options, report);
  const entries = bundle.ledger.entries;
  for (const v of verifyChain(entries, { expectedHead: bundle.ledger.head.hash }))
    report(v.code, `seq ${v.seq}`, v.message);
  const last = entries[entries.length - 1];
  if ((last?.seq ?? 0) !== bundle.ledger.head.seq)
    report(
      'chain.head_mismatch',
      `seq ${last?.seq ?? 0}`,
      `the signed head is seq ${bundle.ledger.head.seq}`,
    );
  const statute = { ...DEFAULT_STATUTE, ...bundle.assembly.statute } as StatuteConfig;
  for (const poll of bundle.polls) verifyPoll(poll, entries, statute, report, bundle.assembly.form);
  verifyEvidence(bundle, entries, report);
  for (const noted of options.heads ?? []) {
    const prefix = noted.hash.toLowerCase().replace(/[\s:-]/g, '');
    const entry = entries.find((e) => e.seq === noted.seq);
    if (!/^[0-9a-f]{16,64}$/.test(prefix))
      report('chain.published_head', `seq ${noted.seq}`, 'the --head given is not 16 to 64 hex digits');
    else if (entry === undefined || !entry.hash.startsWith(prefix))
      report(
        'chain.published_head',
        `seq ${noted.seq}`,
        `the published head ${prefix} is not the hash of this entry (${entry?.hash ?? 'missing'})`,
      );
  }
  return {
    ok: violations.length === 0,
    pinned: options.publicKey !== undefined || options.fingerprint !== undefined,
    violations,
    summary: {
      assembly: `${bundle.assembly.title} (${bundle.assembly.id})`,
      entries: entries.length,
      head: bundle.ledger.head,
      polls: bundle.polls.length,
      ballots: bundle.polls.reduce((n, p) => n + p.ballots.length, 0),
      fingerprint: bundle.key?.fingerprint ?? '',
    },
  };
}

/** The fingerprint of the key the bundle's signature is checked with, computed, never taken as written. */
function signerFingerprint(bundle: Bundle): string | null {
  try {
    return publicKeyFingerprint(publicKeyFromRaw(String(bundle.key?.publicKey ?? '')));
  } catch {
    return null;
  }
}

function checkSignature(
  bundle: Bundle,
  options: VerifyOptions,
  report: (code: string, where: string, message: string) => void,
): void {
  const signer = signerFingerprint(bundle);
  if (signer !== null && signer !== bundle.key?.fingerprint)
    report(
      'signature.key_invalid',
      'key',
      `the bundle names fingerprint ${bundle.key?.fingerprint}, but its public key has fingerprint ${signer}`,
    );
  const pins: { expected: string; what: string }[] = [];
  if (options.publicKey !== undefined) {
    try {
      pins.push({
        expected: publicKeyFingerprint(publicKeyFromRaw(options.publicKey.trim())),
        what: '--key',
      });
    } catch {
      report('signature.key_invalid', 'key', 'the --key given is not an Ed25519 public key');
    }
  }
  if (options.fingerprint !== undefined) {
    const expected = options.fingerprint
      .trim()
      .toLowerCase()
      .replace(/[\s:-]/g, '');
    if (/^[0-9a-f]{64}$/.test(expected)) pins.push({ expected, what: '--fingerprint' });
    else report('signature.key_invalid', 'key', 'the --fingerprint given is not 64 hex digits');
  }
  for (const pin of pins)
    if (pin.expected !== signer)
      report(
        'signature.key_mismatch',
        'key',
        `the bundle is signed by ${signer ?? 'an invalid key'}, not by ${pin.expected} (${pin.what})`,
      );
  if (!bundleSignatureValid(bundle))
    report(
      'signature.invalid',
      'bundle',
      `the Ed25519 signature does not verify with key ${bundle.key?.fingerprint}`,
    );
}
