import { utf8 } from './bytes.ts';
import { LedgerError } from './errors.ts';

/**
 * Canonical encoding (SPEC.md §2): RFC 8785 (JCS) restricted to integers. Every value the ledger
 * hashes or signs goes through here, so an auditor's verifier in any language only has to
 * reproduce this one function byte for byte.
 */
export type CanonicalValue =
  | null
  | boolean
  | number
  | string
  | readonly CanonicalValue[]
  | { readonly [key: string]: CanonicalValue };

export type CanonicalObject = { readonly [key: string]: CanonicalValue };

// A lone surrogate has no UTF-8 encoding; encoders disagree on what to do with it (U+FFFD,
// error, WTF-8), so refusing it is the only choice every language reproduces.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The canonical text of a value; hash or sign `canonicalBytes`, which is its UTF-8. */
export function canonicalString(value: unknown): string {
  return encode(value, [], new Set());
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalString(value));
}

/**
 * The same text as `canonicalString`, handed to `write` in pieces: the outer arrays and objects
 * are walked here, and each value below `depth` levels is encoded whole. Hashing a large value
 * (an export bundle of 100,000 ballots) this way never holds its whole text in memory.
 */
export function canonicalWrite(value: unknown, write: (text: string) => void, depth = 4): void {
  writeValue(value, write, depth, [], new Set());
}

function writeValue(
  value: unknown,
  write: (text: string) => void,
  depth: number,
  path: Path,
  open: Set<object>,
) {
  if (depth <= 0 || value === null || typeof value !== 'object') {
    write(encode(value, path, open));
    return;
  }
  if (open.has(value)) throw new LedgerError('canonical.cycle', `${pathText(path)}: cyclic structure`);
  if (!Array.isArray(value)) plainObject(value, path);
  open.add(value);
  try {
    if (Array.isArray(value)) {
      write('[');
      for (let i = 0; i < value.length; i++) {
        if (i > 0) write(',');
        path.push(i);
        writeValue(value[i], write, depth - 1, path, open);
        path.pop();
      }
      write(']');
      return;
    }
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    write('{');
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      path.push(key);
      write(`${i === 0 ? '' : ','}${encodeString(key, path)}:`);
      writeValue(object[key], write, depth - 1, path, open);
      path.pop();
    }
    write('}');
  } finally {
    open.delete(value);
  }
}

/**
 * Where in the value an error was found, as `$.key[3].other`. The path is kept as a stack of
 * segments and joined only when an error is thrown: encoding is on every hash of the verifier's
 * hot path, and building a path string for every member of every object cost a third of it.
 */
type Path = (string | number)[];

function pathText(path: Path): string {
  return `$${path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`;
}

function encode(value: unknown, path: Path, open: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return encodeNumber(value, path);
    case 'string':
      return encodeString(value, path);
    case 'object':
      return encodeContainer(value, path, open);
    default:
      // undefined, bigint, symbol, function: JSON.stringify would drop or throw inconsistently.
      throw new LedgerError('canonical.unsupported', `${pathText(path)}: ${typeof value} cannot be encoded`);
  }
}

function encodeNumber(value: number, path: Path): string {
  // Only safe integers: float formatting (ECMAScript's shortest round-trip) is the part of JCS
  // other languages most often get wrong, and counts never need it (integers only). -0 is written
  // as 0, as JCS does; String(-0) already gives '0'.
  if (!Number.isSafeInteger(value)) {
    throw new LedgerError(
      'canonical.number',
      `${pathText(path)}: ${value} is not a safe integer; use a decimal string`,
    );
  }
  return String(value);
}

// A character JSON escapes: a quote, a backslash or a control below U+0020.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what is looked for.
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
// Any surrogate at all: a cheap test that lets almost every string skip the exact one above.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

function encodeString(value: string, path: Path): string {
  if (ANY_SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new LedgerError('canonical.string', `${pathText(path)}: string contains a lone surrogate`);
  }
  // For well-formed strings JSON.stringify is exactly the JCS escaping: \" \\ \b \f \n \r \t,
  // other controls below U+0020 as \u00xx (lowercase hex), everything else literal. Most strings
  // (ids, hashes, names) need no escape at all and are quoted as they are.
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function encodeContainer(value: object, path: Path, open: Set<object>): string {
  if (open.has(value)) throw new LedgerError('canonical.cycle', `${pathText(path)}: cyclic structure`);
  open.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, path, open);
    plainObject(value, path);
    return encodeObject(value as Record<string, unknown>, path, open);
  } finally {
    open.delete(value);
  }
}

/** Refuses what is not a plain object: its representation is the caller's to decide. */
function plainObject(value: object, path: Path): void {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Dates, Maps, Buffers, class instances: the caller decides their representation.
    const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new LedgerError('canonical.unsupported', `${pathText(path)}: ${name} must be converted first`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new LedgerError('canonical.unsupported', `${pathText(path)}: symbol keys cannot be encoded`);
  }
}

function encodeArray(value: readonly unknown[], path: Path, open: Set<object>): string {
  let out = '[';
  // Index loop, not map(): map skips holes, and a hole must be refused like undefined.
  for (let i = 0; i < value.length; i++) {
    path.push(i);
    out += (i === 0 ? '' : ',') + encode(value[i], path, open);
    path.pop();
  }
  return `${out}]`;
}

function encodeObject(value: Record<string, unknown>, path: Path, open: Set<object>): string {
  // Default sort compares UTF-16 code units, which is JCS's key order (RFC 8785 §3.2.3).
  const keys = Object.keys(value).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    path.push(key);
    out += `${i === 0 ? '' : ','}${encodeString(key, path)}:${encode(value[key], path, open)}`;
    path.pop();
  }
  return `${out}}`;
}
