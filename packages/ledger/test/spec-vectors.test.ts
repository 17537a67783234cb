import { readFileSync } from 'node:fs';
import { lotOrder } from '@plenum/domain';
import { describe, expect, it } from 'vitest';
import {
  ballotLeaf,
  ballotsRoot,
  bytesToHex,
  canonicalBytes,
  canonicalString,
  createReceipt,
  entryBody,
  hashEntry,
  hashReceipt,
  hexToBytes,
  lotSeed,
  merkleLeafHash,
  merkleProof,
  merkleRoot,
  normalizeReceipt,
  publicKeyFingerprint,
  publicKeyFromRaw,
  publicKeyToBase64,
  publicKeyToHex,
  receiptProof,
  receiptsRoot,
  sha256Hex,
  signBytes,
  signCanonical,
  signingKeyFromSeed,
  sortedBallotLeaves,
  utf8,
  verifyBytes,
  verifyCanonical,
} from '../src/index.ts';
import { bundleDigest, bundleDigestMessage } from '../src/verify/index.ts';

// The vectors live in SPEC.md only; this file reads them from there so the document an auditor
// relies on can never drift from what the code computes.
const spec = readFileSync(new URL('../SPEC.md', import.meta.url), 'utf8');
const vectors = new Map<string, Record<string, string>>();
for (const match of spec.matchAll(/```vector (\S+)\n([\s\S]*?)```/g)) {
  const fields: Record<string, string> = {};
  for (const line of (match[2] as string).split('\n').filter((l) => l !== '')) {
    const at = line.indexOf(': ');
    fields[line.slice(0, at)] = line.slice(at + 2);
  }
  vectors.set(match[1] as string, fields);
}

function v(name: string): Record<string, string> {
  const found = vectors.get(name);
  if (found === undefined) throw new Error(`SPEC.md has no vector ${name}`);
  return found;
}
const f = (name: string, key: string): string => {
  const value = v(name)[key];
  if (value === undefined) throw new Error(`vector ${name} has no ${key}`);
  return value;
};

const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(hexToBytes);
const BALLOTS = ['ballot.leaf1', 'ballot.leaf2', 'ballot.leaf3'].map((n) => JSON.parse(f(n, 'ballot')));
const RECEIPTS = ['receipt.code1', 'receipt.code2', 'receipt.code3'];

describe('SPEC.md test vectors', () => {
  it('lists exactly the vectors this test checks', () => {
    expect([...vectors.keys()].sort()).toEqual(
      [
        'canonical.object',
        'chain.entry1',
        'chain.entry2',
        'chain.entry3',
        'merkle.roots',
        'merkle.proof',
        'ballot.leaf1',
        'ballot.leaf2',
        'ballot.leaf3',
        'ballot.root',
        ...RECEIPTS,
        'receipt.normalize',
        'receipt.root',
        'receipt.otherpoll',
        'signature.bundle',
        'signature.bundle-digest',
        'lot.draw',
      ].sort(),
    );
  });

  it('lot.draw: the seed from its inputs and the draw order from the seed (R22)', () => {
    const inputs = {
      value: f('lot.draw', 'value'),
      head: f('lot.draw', 'head'),
      pollId: f('lot.draw', 'pollId'),
    };
    expect(canonicalString({ head: inputs.head, pollId: inputs.pollId, value: inputs.value })).toBe(
      f('lot.draw', 'canonical'),
    );
    expect(lotSeed(inputs)).toBe(f('lot.draw', 'seed'));
    expect(lotOrder(f('lot.draw', 'seed'), f('lot.draw', 'among').split(' '))).toEqual(
      f('lot.draw', 'order').split(' '),
    );
  });

  it('signature.bundle-digest: a bundle signs the digest message of its canonical bytes', () => {
    const key = signingKeyFromSeed(hexToBytes(f('signature.bundle-digest', 'seed')));
    const signed = JSON.parse(f('signature.bundle-digest', 'signed'));
    expect(bundleDigest(signed)).toBe(f('signature.bundle-digest', 'sha256'));
    expect(sha256Hex(utf8(f('signature.bundle-digest', 'signed')))).toBe(
      f('signature.bundle-digest', 'sha256'),
    );
    const message = bundleDigestMessage(f('signature.bundle-digest', 'sha256'));
    expect(new TextDecoder().decode(message)).toBe(f('signature.bundle-digest', 'message'));
    expect(signBytes(key.privateKey, message)).toBe(f('signature.bundle-digest', 'signature'));
    expect(verifyBytes(key.publicKey, message, f('signature.bundle-digest', 'signature'))).toBe(true);
  });

  it('canonical.object', () => {
    const value = JSON.parse(f('canonical.object', 'input'));
    expect(canonicalString(value)).toBe(f('canonical.object', 'canonical'));
    expect(bytesToHex(canonicalBytes(value))).toBe(f('canonical.object', 'utf8'));
    expect(sha256Hex(canonicalBytes(value))).toBe(f('canonical.object', 'sha256'));
  });

  it('chain entries link from genesis', () => {
    let prev = '0'.repeat(64);
    for (const name of ['chain.entry1', 'chain.entry2', 'chain.entry3']) {
      expect(f(name, 'prevHash')).toBe(prev);
      const entry = JSON.parse(f(name, 'body'));
      expect(canonicalString(entryBody(entry))).toBe(f(name, 'body'));
      prev = hashEntry(prev, entry);
      expect(prev).toBe(f(name, 'hash'));
    }
  });

  it('merkle roots and proof (the RFC 6962 reference vectors)', () => {
    for (let n = 0; n <= 8; n++)
      expect(merkleRoot(CT_LEAVES.slice(0, n))).toBe(f('merkle.roots', `size${n}`));
    const size = Number(f('merkle.proof', 'size'));
    const index = Number(f('merkle.proof', 'index'));
    expect(merkleProof(CT_LEAVES.slice(0, size), index).join(' ')).toBe(f('merkle.proof', 'proof'));
  });

  it('ballot leaves and root', () => {
    BALLOTS.forEach((ballot, i) => {
      const leaf = ballotLeaf(ballot);
      expect(new TextDecoder().decode(leaf)).toBe(f(`ballot.leaf${i + 1}`, 'leaf'));
      expect(bytesToHex(merkleLeafHash(leaf))).toBe(f(`ballot.leaf${i + 1}`, 'leafHash'));
    });
    const order = sortedBallotLeaves(BALLOTS).map((l) => JSON.parse(new TextDecoder().decode(l)).choice);
    expect(order.join(' ')).toBe(f('ballot.root', 'order'));
    expect(ballotsRoot(BALLOTS)).toBe(f('ballot.root', 'root'));
  });

  it('receipt codes, hashes, normalisation and tree', () => {
    for (const name of RECEIPTS) {
      expect(createReceipt(hexToBytes(f(name, 'random')))).toBe(f(name, 'code'));
      expect(hashReceipt('poll-7', f(name, 'code'))).toBe(f(name, 'hash'));
    }
    for (const key of ['input1', 'input2']) {
      expect(normalizeReceipt(f('receipt.normalize', key))).toEqual({
        ok: true,
        code: f('receipt.normalize', 'code'),
      });
    }
    const hashes = RECEIPTS.map((n) => f(n, 'hash'));
    expect(receiptsRoot(hashes)).toBe(f('receipt.root', 'root'));
    expect(receiptProof(hashes, hashes[0] as string)).toEqual({
      index: Number(f('receipt.root', 'index')),
      size: Number(f('receipt.root', 'size')),
      proof: f('receipt.root', 'proof').split(' '),
    });
    expect(hashReceipt(f('receipt.otherpoll', 'pollId'), f('receipt.otherpoll', 'code'))).toBe(
      f('receipt.otherpoll', 'hash'),
    );
  });

  it('signature over canonical bytes (RFC 8032 test 1 key)', () => {
    const key = signingKeyFromSeed(hexToBytes(f('signature.bundle', 'seed')));
    expect(publicKeyToHex(key.publicKey)).toBe(f('signature.bundle', 'publicKeyHex'));
    expect(publicKeyToBase64(key.publicKey)).toBe(f('signature.bundle', 'publicKeyBase64'));
    expect(publicKeyFingerprint(key.publicKey)).toBe(f('signature.bundle', 'fingerprint'));
    const message = JSON.parse(f('signature.bundle', 'message'));
    expect(canonicalString(message)).toBe(f('signature.bundle', 'message'));
    expect(signCanonical(key.privateKey, message)).toBe(f('signature.bundle', 'signature'));
    const pub = publicKeyFromRaw(f('signature.bundle', 'publicKeyBase64'));
    expect(verifyCanonical(pub, message, f('signature.bundle', 'signature'))).toBe(true);
  });
});
