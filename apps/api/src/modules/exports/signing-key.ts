import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  exportSeed,
  generateSigningKey,
  publicKeyFingerprint,
  publicKeyToBase64,
  type SigningKeyPair,
  signingKeyFromSeed,
} from '@plenum/ledger';
import type { Config } from '../../config.ts';

export const KEY_FILE = 'ledger-ed25519.key';

/**
 * The installation's Ed25519 key that signs export bundles (ledger SPEC.md §7): from
 * PLENUM_SIGNING_KEY (a base64 seed), else `<dataDir>/ledger-ed25519.key`, generated on first use
 * and readable by the owner only. Loaded lazily so a server that never exports never writes it.
 */
export function signingKeyLoader(config: Pick<Config, 'dataDir' | 'signingKeySeed'>): () => SigningKeyPair {
  let key: SigningKeyPair | undefined;
  return () => {
    key ??= loadKey(config);
    return key;
  };
}

function loadKey(config: Pick<Config, 'dataDir' | 'signingKeySeed'>): SigningKeyPair {
  if (config.signingKeySeed !== undefined)
    return signingKeyFromSeed(Buffer.from(config.signingKeySeed, 'base64'));
  const path = join(config.dataDir, KEY_FILE);
  if (existsSync(path)) {
    return signingKeyFromSeed(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
  }
  const key = generateSigningKey();
  writeFileSync(path, `${Buffer.from(exportSeed(key.privateKey)).toString('base64')}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  return key;
}

/** What GET /api/ledger/key publishes, so auditors can pin the key a bundle must be signed with. */
export function publicKeyView(key: SigningKeyPair) {
  return {
    algorithm: 'Ed25519' as const,
    publicKey: publicKeyToBase64(key.publicKey),
    fingerprint: publicKeyFingerprint(key.publicKey),
  };
}
