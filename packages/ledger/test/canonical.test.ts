import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalString, canonicalWrite, LedgerError } from '../src/index.ts';

/** Any JSON value the canonical encoding accepts: integers only, nested arrays and objects. */
const jsonInt = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'grapheme' }),
    fc.array(tie('value')),
    fc.dictionary(fc.string({ unit: 'grapheme' }), tie('value')),
  ),
})).value;

describe('canonical encoding', () => {
  it.each([
    ['key order by UTF-16 code units', { b: 1, a: 2, B: 3, '': 4, aa: 5 }, '{"":4,"B":3,"a":2,"aa":5,"b":1}'],
    ['astral keys sort before U+E000..U+FFFF', { '\uFB01': 1, '😀': 2, é: 3 }, '{"é":3,"😀":2,"ﬁ":1}'],
    [
      'nested objects and arrays keep array order',
      { z: [{ y: 1, x: 2 }, [3, 2, 1]] },
      '{"z":[{"x":2,"y":1},[3,2,1]]}',
    ],
    ['control escapes', '\b\t\n\f\r\u0000\u001f', '"\\b\\t\\n\\f\\r\\u0000\\u001f"'],
    ['quote, backslash; slash and DEL literal', '"\\/\u007f', '"\\"\\\\/\u007f"'],
    ['U+2028 and non-ASCII literal', '\u2028é😀', '"\u2028é😀"'],
    ['-0 becomes 0', -0, '0'],
    ['largest safe integers', [2 ** 53 - 1, -(2 ** 53 - 1)], '[9007199254740991,-9007199254740991]'],
    ['literals', [true, false, null], '[true,false,null]'],
    ['null-prototype objects', Object.assign(Object.create(null), { b: 1, a: 2 }), '{"a":2,"b":1}'],
    ['empty containers', { a: {}, b: [] }, '{"a":{},"b":[]}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalString(value)).toBe(expected);
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const withSymbol = { [Symbol('s')]: 1 };

  it.each([
    ['a float', 1.5, 'canonical.number'],
    ['NaN', Number.NaN, 'canonical.number'],
    ['Infinity', Number.POSITIVE_INFINITY, 'canonical.number'],
    ['2^53', 2 ** 53, 'canonical.number'],
    ['a bigint', 10n, 'canonical.unsupported'],
    ['undefined', undefined, 'canonical.unsupported'],
    ['an undefined member', { a: undefined }, 'canonical.unsupported'],
    ['an array hole', new Array(2), 'canonical.unsupported'],
    ['a function', () => 1, 'canonical.unsupported'],
    ['a symbol', Symbol('x'), 'canonical.unsupported'],
    ['a symbol key', withSymbol, 'canonical.unsupported'],
    ['a Date', new Date(0), 'canonical.unsupported'],
    ['a Map', new Map(), 'canonical.unsupported'],
    ['a Uint8Array', new Uint8Array(1), 'canonical.unsupported'],
    ['an object with a foreign prototype', Object.create(Object.create(null)), 'canonical.unsupported'],
    ['a lone high surrogate', 'a\uD800', 'canonical.string'],
    ['a lone low surrogate key', { '\uDC00': 1 }, 'canonical.string'],
    ['a cycle', cyclic, 'canonical.cycle'],
  ])('refuses %s', (_name, value, code) => {
    expect(() => canonicalString(value)).toThrow(expect.objectContaining({ code }));
    expect(() => canonicalString(value)).toThrow(LedgerError);
  });

  it('names the path of the offending value', () => {
    expect(() => canonicalString({ a: [0, { b: 0.1 }] })).toThrow('$.a[1].b');
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalString([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('is JSON that parses back to the same value, whatever the key order', () => {
    fc.assert(
      fc.property(jsonInt, (value) => {
        const text = canonicalString(value);
        expect(canonicalString(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('canonicalWrite hands out the same text in pieces, at any depth, and refuses what canonicalString refuses', () => {
    fc.assert(
      fc.property(jsonInt, fc.integer({ min: 0, max: 6 }), (value, depth) => {
        const pieces: string[] = [];
        canonicalWrite(value, (t) => pieces.push(t), depth);
        expect(pieces.join('')).toBe(canonicalString(value));
      }),
    );
    const cyclic: Record<string, unknown> = { a: [1] };
    (cyclic.a as unknown[]).push(cyclic);
    for (const bad of [{ a: [0, { b: 0.1 }] }, { a: new Date(0) }, cyclic, { a: [undefined] }]) {
      let expected = '';
      try {
        canonicalString(bad);
      } catch (error) {
        expected = (error as Error).message;
      }
      expect(expected).not.toBe('');
      expect(() => canonicalWrite(bad, () => {}, 1)).toThrow(expected);
      expect(() => canonicalWrite(bad, () => {}, 5)).toThrow(expected);
    }
  });

  it('quotes every well-formed string exactly as JSON.stringify does (the unescaped fast path included)', () => {
    const controlsAndQuotes = fc.string({
      unit: fc.constantFrom('"', '\\', '\n', '\u0000', '\u001f', '\u007f', 'a', 'ü', '😀', '\u2028'),
    });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), controlsAndQuotes), (s) => {
        expect(canonicalString(s)).toBe(JSON.stringify(s));
        expect(canonicalString({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
      }),
    );
  });
});
