import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendEntries,
  GENESIS_HASH,
  GENESIS_HEAD,
  type HashedEntry,
  hashEntry,
  LedgerError,
  type NewEntry,
  verifyChain,
} from '../src/index.ts';

const T0 = Date.UTC(2026, 4, 16, 10);

const newEntryArb: fc.Arbitrary<NewEntry> = fc
  .record({
    ms: fc.integer({ min: 0, max: 86_400_000 }),
    type: fc.constantFrom('poll.opened', 'ballots.chained', 'attendance.checked_in', 'proxy.granted'),
    assemblyId: fc.option(fc.constantFrom('asm-1', 'asm-2'), { nil: undefined }),
    payload: fc.dictionary(
      fc.string().filter((k) => k !== '__proto__'),
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    ),
  })
  .map(({ ms, type, assemblyId, payload }) => ({
    at: new Date(T0 + ms).toISOString(),
    type,
    ...(assemblyId === undefined ? {} : { assemblyId }),
    payload: { ...payload },
  }));

type Tamper =
  | {
      kind: 'modify';
      i: number;
      field: 'seq' | 'at' | 'type' | 'assemblyId' | 'payload' | 'prevHash' | 'hash';
    }
  | { kind: 'delete'; i: number }
  | { kind: 'insert'; i: number; entry: NewEntry }
  | { kind: 'reorder'; i: number; j: number }
  | { kind: 'rewrite_suffix'; i: number };

const tamperArb: fc.Arbitrary<Tamper> = fc.oneof(
  fc.record({
    kind: fc.constant('modify' as const),
    i: fc.nat(),
    field: fc.constantFrom('seq', 'at', 'type', 'assemblyId', 'payload', 'prevHash', 'hash'),
  }),
  fc.record({ kind: fc.constant('delete' as const), i: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), i: fc.nat(), entry: newEntryArb }),
  fc.record({ kind: fc.constant('reorder' as const), i: fc.nat(), j: fc.nat() }),
  fc.record({ kind: fc.constant('rewrite_suffix' as const), i: fc.nat() }),
);

function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

function modify(e: HashedEntry, field: Extract<Tamper, { kind: 'modify' }>['field']): HashedEntry {
  switch (field) {
    case 'seq':
      return { ...e, seq: e.seq + 1 };
    case 'at':
      return { ...e, at: new Date(Date.parse(e.at) + 1000).toISOString() };
    case 'type':
      return { ...e, type: 'poll.tampered' === e.type ? 'poll.forged' : 'poll.tampered' };
    case 'assemblyId':
      return { ...e, assemblyId: e.assemblyId === undefined ? 'asm-x' : `${e.assemblyId}x` };
    case 'payload':
      return { ...e, payload: { ...e.payload, tampered: true } };
    case 'prevHash':
      return { ...e, prevHash: flipHex(e.prevHash) };
    case 'hash':
      return { ...e, hash: flipHex(e.hash) };
  }
}

// Each tamper is what an attacker with write access to the table could do; the insert and the
// suffix rewrite even recompute hashes correctly from the point where they strike.
function applyTamper(chain: readonly HashedEntry[], t: Tamper): HashedEntry[] {
  const out = [...chain];
  const i = t.i % chain.length;
  switch (t.kind) {
    case 'modify':
      out[i] = modify(chain[i] as HashedEntry, t.field);
      return out;
    case 'delete':
      out.splice(i, 1);
      return out;
    case 'insert': {
      const head = i === 0 ? GENESIS_HEAD : { seq: i, hash: (chain[i - 1] as HashedEntry).hash };
      out.splice(i, 0, ...appendEntries(head, [t.entry]).entries);
      return out;
    }
    case 'reorder': {
      const j = (i + 1 + (t.j % (chain.length - 1))) % chain.length;
      [out[i], out[j]] = [out[j] as HashedEntry, out[i] as HashedEntry];
      return out;
    }
    case 'rewrite_suffix': {
      const head = i === 0 ? GENESIS_HEAD : { seq: i, hash: (chain[i - 1] as HashedEntry).hash };
      const forged = chain
        .slice(i)
        .map((e, k) => (k === 0 ? { ...e, payload: { ...e.payload, forged: 1 } } : e));
      return [...chain.slice(0, i), ...appendEntries(head, forged).entries];
    }
  }
}

describe('ledger chain', () => {
  it('ledger: modifying, deleting, inserting or reordering any entry breaks verification', () => {
    fc.assert(
      fc.property(fc.array(newEntryArb, { minLength: 2, maxLength: 12 }), tamperArb, (batch, tamper) => {
        const { entries, head } = appendEntries(GENESIS_HEAD, batch);
        expect(verifyChain(entries, { expectedHead: head.hash })).toEqual([]);
        const tampered = applyTamper(entries, tamper);
        expect(verifyChain(tampered, { expectedHead: head.hash }).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('batches appended one after another form the same chain as one batch', () => {
    fc.assert(
      fc.property(fc.array(newEntryArb, { maxLength: 10 }), fc.nat(), (batch, cut) => {
        const at = batch.length === 0 ? 0 : cut % batch.length;
        const whole = appendEntries(GENESIS_HEAD, batch);
        const first = appendEntries(GENESIS_HEAD, batch.slice(0, at));
        const second = appendEntries(first.head, batch.slice(at));
        expect([...first.entries, ...second.entries]).toEqual(whole.entries);
        expect(second.head).toEqual(whole.head);
        expect(verifyChain(second.entries, { startPrevHash: first.head.hash, startSeq: at + 1 })).toEqual([]);
      }),
    );
  });
});

describe('verifyChain pinpoints each violation', () => {
  const batch: NewEntry[] = [0, 1, 2, 3].map((n) => ({
    at: `2026-05-16T10:0${n}:00Z`,
    type: 'poll.opened',
    payload: { n },
  }));
  const { entries, head } = appendEntries(GENESIS_HEAD, batch);
  const codes = (chain: HashedEntry[], expectedHead = head.hash) =>
    verifyChain(chain, { expectedHead }).map((v) => `${v.seq}:${v.code}`);

  it('given tampering, reports what and where', () => {
    const [e1, e2, e3, e4] = entries as [HashedEntry, HashedEntry, HashedEntry, HashedEntry];
    expect(codes([e1, { ...e2, payload: { n: 9 } }, e3, e4])).toEqual(['2:chain.hash_mismatch']);
    expect(codes([e1, e3, e4])).toEqual(['3:chain.seq_gap', '3:chain.prev_mismatch']);
    expect(codes([e1, e2, e3])).toEqual(['3:chain.head_mismatch']);
    expect(codes([e1, e3, e2, e4])).toEqual([
      '3:chain.seq_gap',
      '3:chain.prev_mismatch',
      '2:chain.seq_gap',
      '2:chain.prev_mismatch',
      '4:chain.seq_gap',
      '4:chain.prev_mismatch',
    ]);
    expect(codes([e1, { ...e2, at: 'yesterday' }, e3, e4])).toEqual(['2:chain.entry_invalid']);
    expect(codes([e1, { ...e2, seq: 2.5 }, e3, e4])).toEqual([
      '2.5:chain.seq_gap',
      '2.5:chain.entry_invalid',
    ]);
    expect(codes([e1, e2, { ...e3, prevHash: e2.hash.toUpperCase() }, e4])).toEqual([
      '3:chain.prev_mismatch',
      '3:chain.entry_invalid',
    ]);
    expect(codes([e1, { ...e2, hash: 'ABC' }, e3, e4])).toEqual([
      '2:chain.entry_invalid',
      '3:chain.prev_mismatch',
    ]);
  });

  it('given no expected head, an empty chain and a valid chain are fine', () => {
    expect(verifyChain([])).toEqual([]);
    expect(verifyChain(entries)).toEqual([]);
    expect(codes([], GENESIS_HASH)).toEqual([]);
    expect(codes([])).toEqual(['0:chain.head_mismatch']);
  });

  it('refuses to hash malformed entries', () => {
    const good = { seq: 1, at: '2026-05-16T10:00:00Z', type: 'poll.opened', payload: {} };
    const bad = [
      { ...good, seq: 0 },
      { ...good, seq: 1.5 },
      { ...good, at: '2026-05-16T10:00:00+02:00' },
      { ...good, type: 'Poll' },
      { ...good, assemblyId: 7 },
      { ...good, payload: [] },
      { ...good, payload: null },
    ];
    for (const entry of bad) {
      expect(() => hashEntry(GENESIS_HASH, entry as never)).toThrow(LedgerError);
    }
    expect(() => hashEntry('00', good)).toThrow(/32 bytes/);
  });

  it('ignores fields outside the body, so extra columns cannot change the hash', () => {
    const good = { seq: 1, at: '2026-05-16T10:00:00Z', type: 'poll.opened', payload: {} };
    expect(hashEntry(GENESIS_HASH, { ...good, rowId: 17 } as never)).toBe(hashEntry(GENESIS_HASH, good));
  });
});
