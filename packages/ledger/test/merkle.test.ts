import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes, LedgerError, merkleProof, merkleRoot, verifyMerkleProof } from '../src/index.ts';

// Naive RFC 6962 MTH straight from the definition, on Buffers, sharing no code with src/.
function naiveRoot(leaves: Buffer[]): string {
  const h = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
  const mth = (d: Buffer[]): Buffer => {
    if (d.length === 0) return h();
    if (d.length === 1) return h(Buffer.from([0]), d[0] as Buffer);
    let k = 1;
    while (k * 2 < d.length) k *= 2;
    return h(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
  };
  return mth(leaves).toString('hex');
}

const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`leaf-${i}`));

describe('merkle', () => {
  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])('root of %i leaves matches a naive RFC 6962 tree', (n) => {
    expect(merkleRoot(leavesOf(n))).toBe(naiveRoot(leavesOf(n)));
  });

  it('does not let an odd tree equal the tree with its last leaf duplicated', () => {
    const three = leavesOf(3);
    expect(merkleRoot(three)).not.toBe(merkleRoot([...three, three[2] as Buffer]));
  });

  // The Certificate Transparency reference inclusion vectors (leaf index is 0-based here).
  const CT = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ].map(hexToBytes);
  it.each([
    [
      0,
      8,
      [
        '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
      ],
    ],
    [
      5,
      8,
      [
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
        'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
        'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      ],
    ],
    [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
    [
      1,
      5,
      [
        '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
        '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
        'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      ],
    ],
  ])('CT reference proof for leaf %i of %i', (index, size, proof) => {
    expect(merkleProof(CT.slice(0, size), index)).toEqual(proof);
    expect(
      verifyMerkleProof(CT[index] as Uint8Array, index, size, proof, merkleRoot(CT.slice(0, size))),
    ).toBe(true);
  });

  it('proves every index of every tree, and nothing else', () => {
    const leaves = fc.array(fc.uint8Array({ maxLength: 8 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(leaves, fc.nat(), (list, pick) => {
        const root = merkleRoot(list);
        const n = list.length;
        list.forEach((leaf, i) => {
          expect(verifyMerkleProof(leaf, i, n, merkleProof(list, i), root)).toBe(true);
        });
        const i = pick % n;
        const proof = merkleProof(list, i);
        const leaf = list[i] as Uint8Array;
        expect(verifyMerkleProof(Uint8Array.of(...leaf, 0), i, n, proof, root)).toBe(false);
        expect(verifyMerkleProof(leaf, i, n, [...proof, proof[0] ?? root], root)).toBe(false);
        if (proof.length > 0) expect(verifyMerkleProof(leaf, i, n, proof.slice(1), root)).toBe(false);
        const other = list.findIndex((l) => Buffer.compare(Buffer.from(l), Buffer.from(leaf)) !== 0);
        if (other >= 0) expect(verifyMerkleProof(leaf, other, n, merkleProof(list, other), root)).toBe(false);
      }),
    );
  });

  it('treats hostile proof input as not a proof', () => {
    const list = leavesOf(4);
    const root = merkleRoot(list);
    const proof = merkleProof(list, 1);
    expect(verifyMerkleProof(list[1] as Buffer, 1, 4, proof, root)).toBe(true);
    expect(verifyMerkleProof(list[1] as Buffer, -1, 4, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[1] as Buffer, 4, 4, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[1] as Buffer, 1, 4.5, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[1] as Buffer, 1, 8, proof, root)).toBe(false);
    expect(verifyMerkleProof(list[1] as Buffer, 1, 4, ['zz', ...proof.slice(1)], root)).toBe(false);
    expect(verifyMerkleProof(list[0] as Buffer, 0, 1, [], merkleRoot([list[0] as Buffer]))).toBe(true);
    expect(() => merkleProof(list, 4)).toThrow(LedgerError);
    expect(() => merkleProof([], 0)).toThrow(LedgerError);
  });
});
