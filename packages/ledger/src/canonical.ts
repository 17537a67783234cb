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
  return encode(value, '$', new Set());
}

export function canonicalBytes(value: unknown): Uint8Array {
  return utf8(canonicalString(value));
}

function encode(value: unknown, path: string, open: Set<object>): string {
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
      throw new LedgerError('canonical.unsupported', `${path}: ${typeof value} cannot be encoded`);
  }
}

function encodeNumber(value: number, path: string): string {
  // Only safe integers: float formatting (ECMAScript's shortest round-trip) is the part of JCS
  // other languages most often get wrong, and counts never need it (integers only). -0 is written
  // as 0, as JCS does; String(-0) already gives '0'.
  if (!Number.isSafeInteger(value)) {
    throw new LedgerError(
      'canonical.number',
      `${path}: ${value} is not a safe integer; use a decimal string`,
    );
  }
  return String(value);
}

function encodeString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) {
    throw new LedgerError('canonical.string', `${path}: string contains a lone surrogate`);
  }
  // For well-formed strings JSON.stringify is exactly the JCS escaping: \" \\ \b \f \n \r \t,
  // other controls below U+0020 as \u00xx (lowercase hex), everything else literal.
  return JSON.stringify(value);
}

function encodeContainer(value: object, path: string, open: Set<object>): string {
  if (open.has(value)) throw new LedgerError('canonical.cycle', `${path}: cyclic structure`);
  open.add(value);
  try {
    if (Array.isArray(value)) return encodeArray(value, path, open);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // Dates, Maps, Buffers, class instances: the caller decides their representation.
      const name = (proto as { constructor?: { name?: string } }).constructor?.name ?? 'object';
      throw new LedgerError('canonical.unsupported', `${path}: ${name} must be converted first`);
    }
    return encodeObject(value as Record<string, unknown>, path, open);
  } finally {
    open.delete(value);
  }
}

function encodeArray(value: readonly unknown[], path: string, open: Set<object>): string {
  const parts: string[] = [];
  // Index loop, not map(): map skips holes, and a hole must be refused like undefined.
  for (let i = 0; i < value.length; i++) parts.push(encode(value[i], `${path}[${i}]`, open));
  return `[${parts.join(',')}]`;
}

function encodeObject(value: Record<string, unknown>, path: string, open: Set<object>): string {
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new LedgerError('canonical.unsupported', `${path}: symbol keys cannot be encoded`);
  }
  // Default sort compares UTF-16 code units, which is JCS's key order (RFC 8785 §3.2.3).
  const keys = Object.keys(value).sort();
  const parts = keys.map((key) => {
    const child = `${path}.${key}`;
    return `${encodeString(key, child)}:${encode(value[key], child, open)}`;
  });
  return `{${parts.join(',')}}`;
}
