import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  exportSeed,
  generateSigningKey,
  hexToBytes,
  LedgerError,
  publicKeyFromRaw,
  publicKeyToBase64,
  publicKeyToHex,
  publicKeyToRaw,
  signBytes,
  signCanonical,
  signingKeyFromSeed,
  utf8,
  verifyBytes,
  verifyCanonical,
} from '../src/index.ts';

const bundle = {
  format: 'plenum.bundle.v1',
  head: 'ab'.repeat(32),
  polls: [{ id: 'poll-7', yes: 12, no: 3 }],
};

describe('Ed25519 signatures', () => {
  const key = generateSigningKey();

  it('verifies a valid signature, whatever the key order of the signed value', () => {
    const signature = signCanonical(key.privateKey, bundle);
    expect(signature).toMatch(/^[0-9a-f]{128}$/);
    const reordered = { polls: bundle.polls, head: bundle.head, format: bundle.format };
    expect(verifyCanonical(key.publicKey, reordered, signature)).toBe(true);
  });

  it('rejects an altered payload', () => {
    const signature = signCanonical(key.privateKey, bundle);
    const altered = { ...bundle, polls: [{ id: 'poll-7', yes: 13, no: 3 }] };
    expect(verifyCanonical(key.publicKey, altered, signature)).toBe(false);
  });

  it('rejects a signature by another key', () => {
    const other = generateSigningKey();
    expect(verifyCanonical(other.publicKey, bundle, signCanonical(key.privateKey, bundle))).toBe(false);
  });

  it('rejects altered or malformed signatures without throwing', () => {
    const signature = signBytes(key.privateKey, utf8('minutes'));
    const flipped = (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1);
    expect(verifyBytes(key.publicKey, utf8('minutes'), signature)).toBe(true);
    expect(verifyBytes(key.publicKey, utf8('minutes'), signature.toUpperCase())).toBe(true);
    expect(verifyBytes(key.publicKey, utf8('minutes'), flipped)).toBe(false);
    expect(verifyBytes(key.publicKey, utf8('minutes'), signature.slice(2))).toBe(false);
    expect(verifyBytes(key.publicKey, utf8('minutes'), 'xyz')).toBe(false);
  });

  it('round-trips public keys as raw hex and base64, and private keys as seeds', () => {
    expect(publicKeyToRaw(key.publicKey)).toHaveLength(32);
    const fromHex = publicKeyFromRaw(publicKeyToHex(key.publicKey));
    const fromB64 = publicKeyFromRaw(publicKeyToBase64(key.publicKey));
    const fromRaw = publicKeyFromRaw(publicKeyToRaw(key.publicKey));
    const signature = signCanonical(key.privateKey, bundle);
    for (const pub of [fromHex, fromB64, fromRaw]) expect(verifyCanonical(pub, bundle, signature)).toBe(true);
    const restored = signingKeyFromSeed(exportSeed(key.privateKey));
    expect(publicKeyToHex(restored.publicKey)).toBe(publicKeyToHex(key.publicKey));
    // Ed25519 is deterministic: the restored key signs byte for byte the same.
    expect(signCanonical(restored.privateKey, bundle)).toBe(signature);
  });

  it('matches RFC 8032 §7.1 test 2', () => {
    const k = signingKeyFromSeed(
      hexToBytes('4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb'),
    );
    expect(publicKeyToHex(k.publicKey)).toBe(
      '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    );
    expect(signBytes(k.privateKey, Uint8Array.of(0x72))).toBe(
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    );
  });

  it('refuses wrong keys and key material', () => {
    expect(() => signingKeyFromSeed(new Uint8Array(31))).toThrow(LedgerError);
    expect(() => publicKeyFromRaw(new Uint8Array(33))).toThrow(LedgerError);
    expect(() => publicKeyFromRaw('not a key')).toThrow(LedgerError);
    expect(() => signBytes(key.publicKey, utf8('x'))).toThrow(LedgerError);
    expect(() => verifyBytes(key.privateKey, utf8('x'), '00'.repeat(64))).toThrow(LedgerError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signBytes(ec.privateKey, utf8('x'))).toThrow(LedgerError);
    expect(() => exportSeed(key.publicKey)).toThrow(LedgerError);
  });
});

describe('bytes helpers', () => {
  it('round-trips hex and refuses malformed hex', () => {
    expect(bytesToHex(hexToBytes('00ff10AB'))).toBe('00ff10ab');
    expect(bytesToHex(new Uint8Array(8).subarray(2, 4).fill(1))).toBe('0101');
    expect(() => hexToBytes('abc')).toThrow(LedgerError);
    expect(() => hexToBytes('zz')).toThrow(LedgerError);
  });
});
