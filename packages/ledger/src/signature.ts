import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { bytesToHex, hexToBytes, sha256Hex } from './bytes.ts';
import { canonicalBytes } from './canonical.ts';
import { LedgerError } from './errors.ts';

/**
 * Ed25519 (RFC 8032, pure, no pre-hash) over canonical bytes, for the installation key that signs
 * export bundles (SPEC.md §7). Public keys travel as their raw 32 bytes (hex or base64), which
 * every Ed25519 library accepts; signatures as 64 raw bytes in hex.
 */
export type SigningKeyPair = { readonly privateKey: KeyObject; readonly publicKey: KeyObject };

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function generateSigningKey(): SigningKeyPair {
  return generateKeyPairSync('ed25519');
}

/** Rebuilds a key pair from its 32-byte RFC 8032 seed (how test vectors and key files are stored). */
export function signingKeyFromSeed(seed: Uint8Array): SigningKeyPair {
  if (seed.length !== 32) throw new LedgerError('signature.key', 'an Ed25519 seed is 32 bytes');
  // PKCS#8 for Ed25519 is a fixed 16-byte header followed by the seed (RFC 8410 §7).
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function exportSeed(privateKey: KeyObject): Uint8Array {
  return rawJwkField(privateKey, 'd');
}

export function publicKeyToRaw(publicKey: KeyObject): Uint8Array {
  return rawJwkField(publicKey, 'x');
}

export function publicKeyToHex(publicKey: KeyObject): string {
  return bytesToHex(publicKeyToRaw(publicKey));
}

export function publicKeyToBase64(publicKey: KeyObject): string {
  return Buffer.from(publicKeyToRaw(publicKey)).toString('base64');
}

/** Accepts raw bytes, 64 hex digits or standard base64 (what the two exporters above produce). */
export function publicKeyFromRaw(raw: Uint8Array | string): KeyObject {
  const bytes = typeof raw === 'string' ? decodeKeyText(raw) : raw;
  if (bytes.length !== 32) throw new LedgerError('signature.key', 'an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(bytes) }, format: 'jwk' });
}

/** A short, stable name for a key in bundles and logs: sha256 of the raw public key, hex. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  return sha256Hex(publicKeyToRaw(publicKey));
}

export function signBytes(privateKey: KeyObject, data: Uint8Array): string {
  assertEd25519(privateKey, 'private');
  return bytesToHex(sign(null, data, privateKey));
}

/** False for any bad signature, including malformed hex or a wrong length; never throws on input. */
export function verifyBytes(publicKey: KeyObject, data: Uint8Array, signatureHex: string): boolean {
  assertEd25519(publicKey, 'public');
  if (!/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  return verify(null, data, publicKey, hexToBytes(signatureHex));
}

export function signCanonical(privateKey: KeyObject, value: unknown): string {
  return signBytes(privateKey, canonicalBytes(value));
}

export function verifyCanonical(publicKey: KeyObject, value: unknown, signatureHex: string): boolean {
  return verifyBytes(publicKey, canonicalBytes(value), signatureHex);
}

function assertEd25519(key: KeyObject, type: 'public' | 'private'): void {
  if (key.asymmetricKeyType !== 'ed25519' || key.type !== type) {
    throw new LedgerError('signature.key', `expected an Ed25519 ${type} key`);
  }
}

function rawJwkField(key: KeyObject, field: 'd' | 'x'): Uint8Array {
  assertEd25519(key, field === 'd' ? 'private' : 'public');
  const value = key.export({ format: 'jwk' })[field];
  return new Uint8Array(Buffer.from(value as string, 'base64url'));
}

function decodeKeyText(text: string): Uint8Array {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return hexToBytes(text);
  if (/^[A-Za-z0-9+/]{43}=$/.test(text)) return new Uint8Array(Buffer.from(text, 'base64'));
  throw new LedgerError('signature.key', 'expected 64 hex digits or 44 base64 characters');
}

function b64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}
