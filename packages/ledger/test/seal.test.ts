import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalObject } from '../src/canonical.ts';
import { derivePollKey, openBallot, sealBallot, sealedSize } from '../src/seal.ts';

const secret = new Uint8Array(32).fill(3);
const pollA = '6f1c2a3e-0000-4000-8000-00000000000a';
const pollB = '6f1c2a3e-0000-4000-8000-00000000000b';
const nonce = (n: number) => new Uint8Array(12).fill(n);

describe('sealed ballots (SPEC §3)', () => {
  it('seal: a sealed ballot opens with its poll key to exactly what was sealed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('yes', 'no', 'abstain'),
        fc.integer({ min: 1, max: 3 }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        (v, w, r, iv) => {
          const key = derivePollKey(secret, pollA);
          const sealed = sealBallot(key, { v, w, r }, iv, sealedSize(3));
          expect(openBallot(key, sealed)).toEqual({ v, w, r });
        },
      ),
    );
  });

  it('seal: every ballot of a poll has the same length, whatever the choice', () => {
    const key = derivePollKey(secret, pollA);
    const size = sealedSize(5);
    const lengths = new Set(
      (
        [
          { v: 'yes', w: 1, r: 'a'.repeat(64) },
          { v: 'abstain', w: 3, r: 'b'.repeat(64), m: pollB },
          { v: { kind: 'candidates', choices: [pollA, pollB] }, w: 1, r: 'c'.repeat(64) },
          { v: { kind: 'candidates', choices: [] }, w: 1, r: 'd'.repeat(64) },
        ] as CanonicalObject[]
      ).map((b, i) => sealBallot(key, b, nonce(i), size).length),
    );
    expect(lengths.size).toBe(1);
  });

  it('seal: room for an election ballot naming every option, refused beyond it', () => {
    const options = Array.from(
      { length: 40 },
      (_, i) => `${pollA.slice(0, -2)}${String(i).padStart(2, '0')}`,
    );
    const key = derivePollKey(secret, pollA);
    const full = { v: { kind: 'candidates', choices: options }, w: 3, r: 'e'.repeat(64), m: pollB };
    expect(openBallot(key, sealBallot(key, full, nonce(1), sealedSize(40)))).toEqual(full);
    expect(() => sealBallot(key, full, nonce(1), sealedSize(3))).toThrow(/exceeds/);
  });

  it("seal: another poll's key, another secret or any changed byte does not open it", () => {
    const key = derivePollKey(secret, pollA);
    const sealed = sealBallot(key, { v: 'yes', w: 1, r: 'f'.repeat(64) }, nonce(7), sealedSize(3));
    expect(() => openBallot(derivePollKey(secret, pollB), sealed)).toThrow(/does not open/);
    expect(() => openBallot(derivePollKey(new Uint8Array(32).fill(4), pollA), sealed)).toThrow(
      /does not open/,
    );
    // A sealed ballot moved to another poll's rows fails too: the poll id is authenticated data.
    expect(() => openBallot({ pollId: pollB, key: key.key }, sealed)).toThrow(/does not open/);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        (i, x) => {
          const changed = new Uint8Array(sealed);
          changed[i] = (changed[i] as number) ^ x;
          expect(() => openBallot(key, changed)).toThrow();
        },
      ),
    );
  });

  it('seal: the ciphertext carries no plaintext and two seals of one choice differ', () => {
    const key = derivePollKey(secret, pollA);
    const a = Buffer.from(sealBallot(key, { v: 'abstain', w: 1, r: '0'.repeat(64) }, nonce(1), 256));
    const b = Buffer.from(sealBallot(key, { v: 'abstain', w: 1, r: '0'.repeat(64) }, nonce(2), 256));
    expect(a.toString('latin1')).not.toContain('abstain');
    expect(a.equals(b)).toBe(false);
    expect(() => derivePollKey(new Uint8Array(16), pollA)).toThrow(/32 bytes/);
  });
});
