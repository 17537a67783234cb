import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Ballot,
  ballotLeaf,
  ballotsRoot,
  CROCKFORD,
  checkReceipt,
  createReceipt,
  hashReceipt,
  LedgerError,
  newReceipt,
  normalizeReceipt,
  pollClose,
  type ReceiptProof,
  receiptProof,
  receiptsRoot,
  verifyPollClose,
  verifyReceiptProof,
} from '../src/index.ts';

const POLL = 'poll-7';
const CHOICES = ['yes', 'no', 'abstain'] as const;
const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

// A pure model of casting: what the server derives from its random draws and the choice. It
// returns the receipt to the voter and stores the ballot and the receipt hash apart.
function cast(receiptBytes: Uint8Array, ballotId: string, choice: string) {
  const code = createReceipt(receiptBytes);
  return { code, receiptHash: hashReceipt(POLL, code), ballot: { ballotId, pollId: POLL, choice } };
}

const castArb = fc.uniqueArray(
  fc.record({
    bytes: fc.uint8Array({ minLength: 7, maxLength: 7 }),
    ballotId: fc.uuid(),
    choice: fc.constantFrom(...CHOICES),
  }),
  { minLength: 1, maxLength: 30, selector: (c) => Buffer.from(c.bytes).toString('hex') },
);

describe('receipts', () => {
  it('receipts: a receipt proves inclusion and nothing about the choice', () => {
    fc.assert(
      fc.property(castArb, fc.uint8Array({ minLength: 7, maxLength: 7 }), (casts, strangerBytes) => {
        const cast1 = casts.map((c) => cast(c.bytes, c.ballotId, c.choice));
        // Same random bytes, every other choice: the code, its hash and the receipt tree are
        // identical, so nothing a receipt holder has depends on the choice.
        const flipped = casts.map((c) => cast(c.bytes, c.ballotId, c.choice === 'yes' ? 'no' : 'yes'));
        expect(flipped.map((c) => c.code)).toEqual(cast1.map((c) => c.code));
        expect(receiptsRoot(flipped.map((c) => c.receiptHash))).toBe(
          receiptsRoot(cast1.map((c) => c.receiptHash)),
        );
        // ...and no ballot leaf carries the code or its hash.
        for (const c of cast1) {
          const leaf = new TextDecoder().decode(ballotLeaf(c.ballot));
          expect(leaf).not.toContain(c.receiptHash);
          expect(leaf).not.toContain(c.code);
        }

        const ballots: Ballot[] = cast1.map((c) => c.ballot);
        const hashes = cast1.map((c) => c.receiptHash);
        const closed = pollClose(POLL, ballots, hashes);
        expect(verifyPollClose(closed, ballots, hashes)).toEqual([]);
        for (const c of cast1) {
          const proof = receiptProof(hashes, c.receiptHash);
          expect(proof).not.toBeNull();
          expect(verifyReceiptProof(POLL, c.code, proof as ReceiptProof, closed)).toBe(true);
          expect(verifyReceiptProof('poll-8', c.code, proof as ReceiptProof, closed)).toBe(false);
          expect(checkReceipt(POLL, c.code.toLowerCase().replaceAll('-', ' '), hashes, closed)).toBe(
            'counted',
          );
        }
        const stranger = createReceipt(strangerBytes);
        if (!cast1.some((c) => c.code === stranger)) {
          expect(receiptProof(hashes, hashReceipt(POLL, stranger))).toBeNull();
          expect(checkReceipt(POLL, stranger, hashes, closed)).toBe('not_found');
          const borrowed = receiptProof(hashes, cast1[0]?.receiptHash as string);
          expect(verifyReceiptProof(POLL, stranger, borrowed as ReceiptProof, closed)).toBe(false);
        }
      }),
    );
  });

  it('codes are 12 Crockford characters carrying 55 bits of the bytes passed in', () => {
    expect(createReceipt(new Uint8Array(7))).toBe('0000-0000-0001');
    expect(createReceipt(new Uint8Array(7).fill(255))).toMatch(/^ZZZZ-ZZZZ-ZZZ.$/);
    // The last bit of the seventh byte is dropped; any other bit changes the code.
    expect(createReceipt(Uint8Array.of(0, 0, 0, 0, 0, 0, 1))).toBe(createReceipt(new Uint8Array(7)));
    expect(createReceipt(Uint8Array.of(0, 0, 0, 0, 0, 0, 2))).not.toBe(createReceipt(new Uint8Array(7)));
    expect(() => createReceipt(new Uint8Array(6))).toThrow(LedgerError);
    expect(newReceipt()).toMatch(CODE_RE);
    expect(newReceipt()).not.toBe(newReceipt());
  });

  it('normalises what people type', () => {
    const code = createReceipt(Uint8Array.of(1, 2, 3, 4, 5, 6, 7));
    const typed = [
      code,
      code.toLowerCase(),
      code.replaceAll('-', ''),
      code.replaceAll('-', ' '),
      ` ${code} `,
    ];
    for (const input of typed) expect(normalizeReceipt(input)).toEqual({ ok: true, code });
    const confusable = code.replaceAll('0', 'O').replaceAll('1', 'l');
    expect(normalizeReceipt(confusable)).toEqual({ ok: true, code });
    expect(normalizeReceipt('oooo-0000-000l')).toEqual({ ok: true, code: '0000-0000-0001' });
    expect(normalizeReceipt('i000-0000-000K').ok).toBe(normalizeReceipt('1000-0000-000K').ok);
  });

  it('refuses what is not a receipt', () => {
    expect(normalizeReceipt('0000-0000-000')).toEqual({ ok: false, reason: 'receipt.length' });
    expect(normalizeReceipt('0000-0000-000U')).toEqual({ ok: false, reason: 'receipt.character' });
    expect(normalizeReceipt('0000-0000-000*')).toEqual({ ok: false, reason: 'receipt.character' });
    expect(normalizeReceipt('0000-0000-0000')).toEqual({ ok: false, reason: 'receipt.checksum' });
    expect(() => hashReceipt(POLL, 'nope')).toThrow(LedgerError);
    expect(checkReceipt(POLL, 'nope', [], pollClose(POLL, [], []))).toBe('invalid_code');
    expect(verifyReceiptProof(POLL, 'nope', { index: 0, size: 1, proof: [] }, pollClose(POLL, [], []))).toBe(
      false,
    );
  });

  it('catches most single-character typos with the check character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 7, maxLength: 7 }), (bytes) => {
        const code = createReceipt(bytes).replaceAll('-', '');
        let caught = 0;
        for (const c of CROCKFORD)
          if (c !== code[3]) caught += normalizeReceipt(code.slice(0, 3) + c + code.slice(4)).ok ? 0 : 1;
        // 31 substitutions; a 5-bit hash check lets about 1 in 32 through (20 keeps this deterministic in practice).
        expect(caught).toBeGreaterThanOrEqual(20);
      }),
    );
  });

  it('hashes the same code differently in two polls', () => {
    const code = createReceipt(new Uint8Array(7));
    expect(hashReceipt('poll-1', code)).not.toBe(hashReceipt('poll-2', code));
    expect(hashReceipt('poll-1', code.toLowerCase())).toBe(hashReceipt('poll-1', code));
  });
});

describe('poll close records', () => {
  const ballots: Ballot[] = CHOICES.map((choice, i) => ({ ballotId: `b-${i}`, pollId: POLL, choice }));
  const hashes = [1, 2, 3].map((n) => hashReceipt(POLL, createReceipt(new Uint8Array(7).fill(n))));
  const closed = pollClose(POLL, ballots, hashes);

  it('is independent of the order ballots and receipts arrive in', () => {
    expect(pollClose(POLL, [...ballots].reverse(), [...hashes].reverse())).toEqual(closed);
  });

  it('reports changed, missing, foreign or extra ballots and receipts', () => {
    const changed = ballots.map((b, i) => (i === 0 ? { ...b, choice: 'no' } : b));
    expect(verifyPollClose(closed, changed, hashes).map((v) => v.code)).toEqual(['poll.ballots_root']);
    expect(verifyPollClose(closed, ballots.slice(1), hashes).map((v) => v.code)).toEqual([
      'poll.count_mismatch',
      'poll.ballots_root',
    ]);
    expect(verifyPollClose(closed, ballots, hashes.slice(1)).map((v) => v.code)).toEqual([
      'poll.count_mismatch',
      'poll.receipts_root',
    ]);
    const foreign = ballots.map((b, i) => (i === 0 ? { ...b, pollId: 'poll-8' } : b));
    expect(verifyPollClose(closed, foreign, hashes).map((v) => v.code)).toEqual([
      'poll.id_mismatch',
      'poll.ballots_root',
    ]);
  });

  it('refuses duplicate ballots and receipts, and lists that do not match the record', () => {
    expect(() => ballotsRoot([...ballots, ballots[0] as Ballot])).toThrow(LedgerError);
    expect(() => receiptsRoot([...hashes, (hashes[0] as string).toUpperCase()])).toThrow(LedgerError);
    const code = createReceipt(new Uint8Array(7).fill(1));
    expect(checkReceipt(POLL, code, hashes.slice(1), closed)).toBe('list_mismatch');
    expect(
      checkReceipt(
        POLL,
        code,
        hashes.map((h) => h.toUpperCase()),
        closed,
      ),
    ).toBe('counted');
    const proof = receiptProof(hashes, hashReceipt(POLL, code));
    expect(verifyReceiptProof(POLL, code, { ...(proof as ReceiptProof), size: 4 }, closed)).toBe(false);
  });
});
