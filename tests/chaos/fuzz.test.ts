import { ERROR_CODES } from '@plenum/contracts';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/api/src/app.ts';
import type { Db } from '../../apps/api/src/db/types.ts';
import { systemRandom } from '../../apps/api/src/deps.ts';
import { issueAccessCodes } from '../../apps/api/src/modules/auth/access-codes.service.ts';
import { createStaffUser } from '../../apps/api/src/modules/auth/staff-users.service.ts';
import { testBallotKeys, testConfig } from '../../apps/api/test/support/app.ts';
import { seedMembers, testClock } from '../../apps/api/test/support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';

/**
 * A fuzzer generated from the OpenAPI document: for every operation it derives fast-check
 * arbitraries of valid requests from the route's schemas, then breaks them the way a careless
 * client or an attacker would (NUL, unpaired surrogates, huge strings and numbers, Infinity/NaN,
 * bad uuids, deep nesting, bad JSON, wrong content types, unknown fields, ids of the wrong kind).
 * It sends them through app.inject as admin, chair, desk, auditor, a member and anonymous, on a
 * seeded assembly, and checks after every request: no 5xx; a 4xx carries a documented code; and a
 * refused request changed nothing in the database (except the refusals the law has recorded).
 */

const FULL = process.env.CHAOS_FULL === '1';
// CHAOS_REQUESTS overrides the count for a quick local run.
const TOTAL = Number(process.env.CHAOS_REQUESTS ?? (FULL ? 200_000 : 20_000));
const BATCH = 250;
const SEED = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PASSWORD = 'chaos-password-0123456789';
const ROLES = ['admin', 'chair', 'desk', 'auditor', 'member', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
/** Admin passes every staff check, so it is drawn more often: more requests reach the handlers. */
const roleArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Role>('admin') },
  { weight: 7, arbitrary: fc.constantFrom<Role>(...ROLES) },
);

/** Refusals that the law wants recorded (R8, R30): which tables and ledger entries they may add. */
const RECORDED_REFUSALS: Record<string, { tables: string[]; ledger: string[] }> = {
  // A refused login counts towards its throttle and is kept in its own table, never the ledger
  // one by one (a background job writes counts a minute).
  'auth.invalid_credentials': { tables: ['login_throttles', 'login_refusals'], ledger: [] },
  'auth.throttled': { tables: ['login_throttles', 'login_refusals'], ledger: [] },
  // The refusal is recorded at once and reaches the ledger with the next attendance batch.
  'attendance.not_admitted': {
    tables: ['attendance', 'attendance_unchained', 'ledger', 'ledger_head'],
    ledger: ['attendance.chained'],
  },
};
/** A refused proxy is recorded with its reason (R8); the answer says so with details.recorded. */
const RECORDED_PROXY = { tables: ['proxies', 'ledger', 'ledger_head'], ledger: ['proxy.rejected'] };
/**
 * Refused logins are summarised into the ledger in the background, a count a minute; attendance
 * events recorded by earlier requests are chained in batches.
 */
const BACKGROUND = {
  tables: ['login_refusals', 'login_throttles', 'ledger', 'ledger_head', 'attendance_unchained'],
  ledger: ['logins.refused', 'attendance.chained'],
};

// ---- the OpenAPI document as operations ------------------------------------------------------

type Schema = {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  default?: unknown;
};
interface Operation {
  method: string;
  path: string;
  params: Record<string, Schema>;
  query: Record<string, Schema>;
  queryRequired: string[];
  body: Schema | undefined;
  weight: number;
  /** Answers with an endless event stream: only refused requests are sent. */
  stream: boolean;
}

/** Costly on purpose (argon2, PDF, whole-register work): sent less often so the run stays fast. */
const WEIGHTS: Record<string, number> = {
  'POST /api/auth/staff/login': 1,
  'POST /api/staff-users': 1,
  'POST /api/members/import': 2,
  'POST /api/assemblies/{assemblyId}/access-codes': 1,
  'GET /api/assemblies/{assemblyId}/export/minutes.pdf': 1,
  'GET /api/assemblies/{assemblyId}/export/minutes.html': 2,
  'GET /api/assemblies/{assemblyId}/export/bundle.json': 2,
  'GET /api/assemblies/{assemblyId}/export/results.csv': 3,
  'GET /api/assemblies/{assemblyId}/export/attendance.csv': 3,
  'GET /api/assemblies/{assemblyId}/export/proxies.csv': 3,
};

function operationsOf(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): {
  operations: Operation[];
  skipped: string[];
} {
  const operations: Operation[] = [];
  const skipped: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      const ok = (op.responses as Record<string, { content?: Record<string, unknown> }>)?.['200'];
      // An event stream never ends: it gets only requests that must be refused (bad id, bad token).
      const stream = Boolean(ok?.content?.['text/event-stream']);
      if (stream) skipped.push(key);
      const parameters = (op.parameters ?? []) as {
        in: string;
        name: string;
        schema: Schema;
        required?: boolean;
      }[];
      const body = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)
        ?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        path,
        params: Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, p.schema])),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        queryRequired: parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name),
        body,
        weight: WEIGHTS[key] ?? 10,
        stream,
      });
    }
  }
  return { operations, skipped };
}

// ---- values: valid ones from the schema, and evil ones -----------------------------------------

/** Known ids by kind, refreshed from the database between batches. */
interface Pools {
  assemblies: string[];
  items: string[];
  polls: string[];
  members: string[];
  candidates: string[];
  grants: string[];
  offices: string[];
  representatives: string[];
  memberNumbers: string[];
  usernames: string[];
}

const POOL_OF_FIELD: Record<string, keyof Pools> = {
  assemblyId: 'assemblies',
  itemId: 'items',
  agendaItemId: 'items',
  itemIds: 'items',
  pollId: 'polls',
  memberId: 'members',
  memberIds: 'members',
  principalId: 'members',
  holderMemberId: 'members',
  representativeMemberId: 'members',
  subjectId: 'members',
  affectedPersonIds: 'members',
  candidateId: 'candidates',
  choices: 'candidates',
  grantId: 'grants',
  officeId: 'offices',
  representativeId: 'representatives',
};

/** A raw JSON token written as is (1e400, -0, 1.0): JSON.stringify cannot produce these. */
class Raw {
  constructor(readonly text: string) {}
}

function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const TEXT = '^[^\\u0000\\uD800-\\uDFFF]*$';
const dateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2040-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

function validArb(schema: Schema, pools: Pools, field: string): fc.Arbitrary<unknown> {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validArb(b, pools, field)));
  if (schema.allOf?.[0]) return validArb(schema.allOf[0], pools, field);
  const base = validArbOf(schema, pools, field);
  return schema.nullable ? fc.option(base, { nil: null, freq: 4 }) : base;
}

function validArbOf(schema: Schema, pools: Pools, field: string): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'integer': {
      const min = schema.minimum ?? -1000;
      const max = schema.maximum ?? 1000;
      return fc.oneof(fc.integer({ min, max: Math.min(max, min + 20) }), fc.integer({ min, max }));
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'array': {
      const items = schema.items ?? {};
      return fc.array(validArb(items, pools, field), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 4, Math.max(schema.minItems ?? 0, 4)),
      });
    }
    case 'object': {
      const props = schema.properties ?? {};
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, child] of Object.entries(props)) record[name] = validArb(child, pools, name);
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
    }
    case 'string':
      return stringArb(schema, pools, field);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringArb(schema: Schema, pools: Pools, field: string): fc.Arbitrary<string> {
  if (schema.format === 'uuid') {
    const pool = pools[POOL_OF_FIELD[field] ?? 'members'];
    const all = Object.values(pools).flat();
    return fc.oneof(
      { weight: 6, arbitrary: pool.length ? fc.constantFrom(...pool) : fc.uuid() },
      { weight: 1, arbitrary: all.length ? fc.constantFrom(...all) : fc.uuid() },
      { weight: 2, arbitrary: fc.uuid() },
    );
  }
  if (schema.format === 'date') return dateArb.map((s) => s.slice(0, 10));
  if (schema.format === 'date-time') return dateArb;
  if (schema.pattern && schema.pattern !== TEXT) return fc.stringMatching(new RegExp(schema.pattern));
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, 40));
  const text = fc
    .string({ unit: 'grapheme', minLength, maxLength })
    .map((s) => s.replaceAll('\u0000', ''))
    .filter((s) => s.length >= minLength);
  const known = /number/i.test(field) ? pools.memberNumbers : /username/i.test(field) ? pools.usernames : [];
  return known.length ? fc.oneof(fc.constantFrom(...known), text) : text;
}

/** Strings PostgreSQL or the canonical encoding cannot take, and sizes no field allows. */
const evilString = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    'M000001\u0000',
    '\uD800',
    'x\uDC00y',
    '\uDFFF\uD800',
    '\uD83D',
    '😀\uDE00',
    '',
    ' ',
    '\u202E\u0000',
    'Infinity',
    'NaN',
    '-0',
    '1e400',
    '0x10',
    'null',
    'true',
    '__proto__',
    '../../etc/passwd',
    "'; DROP TABLE members; --",
    '%00',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc
    .string({ unit: 'grapheme', maxLength: 10 })
    .chain((s) => fc.nat({ max: s.length }).map((i) => `${s.slice(0, i)}\u0000${s.slice(i)}`)),
  fc.constantFrom(301, 5_001, 100_001, 2_000_000).map((n) => 'x'.repeat(n)),
);
const evilNumber = fc
  .oneof(
    fc.constantFrom(
      '1e400',
      '-1e400',
      '1e308',
      '9007199254740993',
      '-1',
      '0',
      '1.5',
      '-0',
      '1.0',
      '2147483648',
      '1e2',
    ),
    fc.constantFrom('"Infinity"', '"-Infinity"', '"NaN"', '"1e400"', '"12abc"', '""', '" 1"').map((s) => s),
  )
  .map((text) => new Raw(text));
const deep = (n: number, kind: 'array' | 'object') =>
  new Raw(kind === 'array' ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`);
const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: evilString },
  { weight: 3, arbitrary: evilNumber },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      [],
      {},
      [null],
      { a: 1 },
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(10, 1000, 10_000)
      .chain((n) => fc.constantFrom(deep(n, 'array'), deep(n, 'object'))),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const evilPathSegment = fc.oneof(
  fc.constantFrom(
    'not-a-uuid',
    '%00',
    '00000000-0000-0000-0000-000000000000%00',
    '%ZZ',
    '%C0%80',
    '%ED%A0%80',
    '%F0%9F%98',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '..%2F..%2Fhealth',
    '%20',
    'x'.repeat(5000),
    'Infinity',
  ),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid(),
);
const evilQueryValue = fc.oneof(
  fc.constantFrom(
    'Infinity',
    '-Infinity',
    'NaN',
    '1e400',
    '-1',
    '0',
    '201',
    '1.5',
    '',
    '%00',
    '%ED%A0%80',
    '%C0',
    'de%00',
    'xx',
    '1e2',
  ),
  fc.constantFrom(5000, 100_000).map((n) => 'q'.repeat(n)),
);
/** For a numeric query parameter: what a number parser may accept and no bound should. */
const evilQueryNumber = fc.constantFrom(
  'Infinity',
  '-Infinity',
  '+Infinity',
  'NaN',
  '1e400',
  '-1e400',
  '1e308',
  '9007199254740993',
  '2147483648',
  '-1',
  '0',
  '1.5',
  '0x10',
  '%00',
  '',
  '1e2',
);

// ---- requests ---------------------------------------------------------------------------------

type Mutation = 'valid' | 'field' | 'drop' | 'extra' | 'body' | 'content-type' | 'path' | 'query' | 'token';

interface FuzzRequest {
  op: Operation;
  role: Role;
  mutation: Mutation;
  params: Record<string, string>;
  query: [string, string][];
  body: unknown;
  rawBody: string | Buffer | undefined;
  contentType: string | undefined;
  token: string | undefined;
  ip: string;
}

/**
 * An evil value as query text. String() throws on an object whose own `toString` is not a
 * function (fast-check generates such keys), which failed the run itself now and then.
 */
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return JSON.stringify(value) ?? 'x';
  }
}

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // An unpaired surrogate has no UTF-8: sent as the bytes a sloppy client would send.
    return value
      .replace(/[\uD800-\uDFFF]/g, '%ED%A0%80')
      .replace(/[^A-Za-z0-9%-]/g, (c) => encodeURIComponent(c));
  }
}

/** Every path inside a value, to pick one for a mutation. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || value instanceof Raw) return [prefix];
  const children = Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]));
  return [prefix, ...children];
}

function setAt(value: unknown, path: string[], next: unknown, remove = false): unknown {
  if (path.length === 0) return remove ? undefined : next;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    const i = Number(head);
    if (rest.length === 0 && remove) copy.splice(i, 1);
    else copy[i] = setAt(copy[i], rest, next, remove);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0 && remove) delete copy[head];
  else copy[head] = setAt(copy[head], rest, next, remove);
  return copy;
}

const CSV_HEADER = 'Mitgliedsnummer;Vorname;Nachname;Eintrittsdatum';
const csvArb = (pools: Pools) =>
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...pools.memberNumbers), fc.stringMatching(/^Z[0-9]{1,6}$/)),
        fc.oneof(
          { weight: 5, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
          { weight: 1, arbitrary: evilString },
        ),
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        fc.oneof(
          fc.constant('2021-03-01'),
          fc.constant('01.03.2021'),
          fc.constant('31.02.2021'),
          fc.string({ maxLength: 8 }),
        ),
      ),
      { maxLength: 5 },
    )
    .map((rows) =>
      [CSV_HEADER, ...rows.map((r) => r.map((c) => String(c).replaceAll(';', ',')).join(';'))].join('\n'),
    );

function requestArb(
  op: Operation,
  pools: Pools,
  tokens: Record<Role, string | undefined>,
): fc.Arbitrary<FuzzRequest> {
  const isCsv = op.path === '/api/members/import';
  const bodyArb: fc.Arbitrary<unknown> = isCsv
    ? csvArb(pools)
    : op.body
      ? validArb(op.body, pools, 'body')
      : fc.constant(undefined);
  const paramsArb = fc.record(
    Object.fromEntries(Object.entries(op.params).map(([k, s]) => [k, validArb(s, pools, k).map(String)])),
  ) as fc.Arbitrary<Record<string, string>>;
  // Optional parameters are left out more often than not, so that breaking one is the only fault;
  // a cursor comes from a previous page, so a made-up one is only sent when the query is broken.
  const queryArb = fc
    .tuple(
      ...Object.entries(op.query).map(([k, schema]) => {
        const value = validArb(schema, pools, k).map((v) => [k, safeEncode(String(v))] as [string, string]);
        if (op.queryRequired.includes(k)) return value;
        return k === 'cursor'
          ? fc.constant(undefined)
          : fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: value });
      }),
    )
    .map((pairs) => pairs.filter((p): p is [string, string] => p !== undefined));
  // Weighted by the operation's shape: a route with query parameters gets its query broken more.
  const hasBody = op.body !== undefined || isCsv;
  const hasQuery = Object.keys(op.query).length > 0;
  const weights: [Mutation, number][] = op.stream
    ? [
        ['path', 1],
        ['token', 1],
      ]
    : [
        ['valid', 3],
        ['field', hasBody ? 3 : 0],
        ['drop', hasBody ? 1 : 0],
        ['extra', 1],
        ['body', 1],
        ['content-type', 1],
        ['path', Object.keys(op.params).length > 0 ? 1 : 0],
        ['query', hasQuery ? 3 : 1],
        ['token', 1],
      ];
  const mutationArb = fc.oneof(
    ...weights.filter(([, w]) => w > 0).map(([m, weight]) => ({ weight, arbitrary: fc.constant(m) })),
  );
  // Only what the mutation uses is generated (the evil values can be megabytes).
  const rawBodyArb: fc.Arbitrary<string | Buffer> = fc.oneof(
    fc.constantFrom(
      '{',
      '{"a":}',
      'null',
      '[]',
      '"text"',
      '',
      '\u0000',
      '{"__proto__":{"admin":true}}',
      '{"constructor":{"prototype":{"x":1}}}',
      'NaN',
      '{"a":1,"a":2}',
      '\uFEFF{}',
    ),
    fc
      .constantFrom(10_000, 100_000)
      .chain((n) => fc.constantFrom(deep(n, 'array').text, deep(n, 'object').text)),
    fc.constant(`{"x":"${'y'.repeat(1_100_000)}"}`),
    fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  );
  const contentTypeArb = fc.constantFrom(
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/json; charset=utf-16',
    'text/csv',
    'application/x-www-form-urlencoded',
    'application/json; charset=latin1',
    '',
    'application/jsonx',
  );
  const tokenArb = fc.constantFrom(
    'Bearer x.y.z',
    'Bearer ',
    'Basic YWRtaW46YWRtaW4=',
    'Bearer eyJhbGciOiJub25lIn0.eyJraW5kIjoic3RhZmYiLCJyb2xlIjoiYWRtaW4ifQ.',
    `Bearer ${'a'.repeat(10_000)}`,
  );
  const unused = fc.constant(undefined);
  return mutationArb
    .chain((mutation) =>
      fc.record({
        role: roleArb,
        mutation: fc.constant(mutation),
        params: paramsArb,
        query: queryArb,
        body: bodyArb,
        evil: mutation === 'field' || mutation === 'extra' ? evilValue : unused,
        evilStr: mutation === 'field' ? evilString : unused,
        evilNum: mutation === 'field' ? evilNumber : unused,
        evilPath: mutation === 'path' ? evilPathSegment : fc.constant(''),
        evilQuery: mutation === 'query' ? evilQueryValue : fc.constant(''),
        evilNumber: mutation === 'query' ? evilQueryNumber : fc.constant(''),
        pick: fc.nat(),
        rawBody: mutation === 'body' ? rawBodyArb : unused,
        contentType: mutation === 'content-type' ? contentTypeArb : fc.constant(''),
        token: mutation === 'token' ? tokenArb : fc.constant(''),
        ip: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `127.${a}.${b}.${c}`),
      }),
    )
    .map((r) => {
      const req: FuzzRequest = {
        op,
        role: r.role,
        mutation: r.mutation,
        params: r.params,
        query: r.query,
        body: r.body,
        rawBody: undefined,
        contentType: isCsv ? 'text/csv' : r.body === undefined ? undefined : 'application/json',
        token: tokens[r.role],
        ip: r.ip,
      };
      switch (r.mutation) {
        case 'field': {
          if (isCsv || req.body === undefined) {
            req.query = [...req.query, [Object.keys(op.query)[0] ?? 'x', safeEncode(asText(r.evil))]];
            break;
          }
          const paths = pathsOf(req.body);
          const path = paths[r.pick % paths.length] ?? [];
          // Mostly an evil value of the field's own type, which gets past the type check.
          const current = path.reduce<unknown>(
            (v, k) => (v as Record<string, unknown> | undefined)?.[k],
            req.body,
          );
          const typed =
            typeof current === 'number' ? r.evilNum : typeof current === 'string' ? r.evilStr : r.evil;
          req.body = setAt(req.body, path, r.pick % 3 === 0 ? r.evil : typed);
          break;
        }
        case 'drop': {
          const paths = pathsOf(req.body).filter((p) => p.length > 0);
          const path = paths[r.pick % Math.max(1, paths.length)];
          if (path && !isCsv) req.body = setAt(req.body, path, undefined, true);
          else req.query = req.query.slice(1);
          break;
        }
        case 'extra': {
          if (req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body)) {
            req.body = { ...req.body, [r.pick % 2 ? 'isAdmin' : '__proto__x']: r.evil };
          } else req.query = [...req.query, ['unknownParam', safeEncode(asText(r.evil))]];
          break;
        }
        case 'body':
          req.rawBody = r.rawBody;
          req.contentType = 'application/json';
          break;
        case 'content-type':
          req.contentType = r.contentType || undefined;
          if (req.body === undefined) req.rawBody = '{}';
          break;
        case 'path': {
          const names = Object.keys(req.params);
          const name = names[r.pick % Math.max(1, names.length)];
          if (name) req.params = { ...req.params, [name]: r.evilPath };
          else req.query = [...req.query, ['x', r.evilPath]];
          break;
        }
        case 'query': {
          const names = Object.keys(op.query);
          const numbers = names.filter((n) => op.query[n]?.type === 'integer');
          const from = numbers.length > 0 && r.pick % 2 === 0 ? numbers : names;
          const name = from[Math.floor(r.pick / 2) % Math.max(1, from.length)] ?? 'limit';
          const numeric = op.query[name]?.type === 'integer';
          const value = numeric && r.pick % 5 !== 0 ? r.evilNumber : r.evilQuery;
          req.query =
            r.pick % 3 === 0
              ? [...req.query, [name, value]]
              : [...req.query.filter(([k]) => k !== name), [name, value]];
          break;
        }
        case 'token':
          req.token = r.token;
          break;
        case 'valid':
          break;
      }
      return req;
    });
}

function injectOptions(req: FuzzRequest): InjectOptions {
  let url = req.op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = req.params[name] ?? '';
    return /%|\.\.|^x+$/.test(value) ? value : safeEncode(value);
  });
  if (req.query.length) url += `?${req.query.map(([k, v]) => `${k}=${v}`).join('&')}`;
  const headers: Record<string, string> = {};
  if (req.token)
    headers.authorization =
      req.token.startsWith('Bearer') || req.token.startsWith('Basic') ? req.token : `Bearer ${req.token}`;
  if (req.contentType) headers['content-type'] = req.contentType;
  const payload =
    req.rawBody !== undefined
      ? req.rawBody
      : req.body === undefined
        ? undefined
        : typeof req.body === 'string' && req.op.path === '/api/members/import'
          ? req.body
          : toJson(req.body);
  return {
    method: req.op.method,
    url,
    headers,
    remoteAddress: req.ip,
    ...(payload === undefined ? {} : { payload }),
  } as InjectOptions;
}

function describeRequest(req: FuzzRequest): string {
  const opts = injectOptions(req);
  const payload = opts.payload === undefined ? '' : String(opts.payload);
  return `${req.role} ${req.mutation}: ${opts.method} ${String(opts.url).slice(0, 300)} ${JSON.stringify(payload.length > 300 ? `${payload.slice(0, 300)}… (${payload.length} chars)` : payload)}`;
}

// ---- the database's state -----------------------------------------------------------------------

/**
 * Every table gets a statement trigger that advances a sequence: sequences are not transactional,
 * so the counter moves even for a write that was rolled back, and a request that left it alone
 * wrote nothing at all. When it moved, the tables are compared in full: row count and the newest
 * row version (xmin) of each, which every insert, update and delete changes.
 */
async function installChangeCounter(db: Db): Promise<string[]> {
  const { rows } = await sql<{ tablename: string }>`
    SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%' ORDER BY 1`.execute(
    db,
  );
  const tables = rows.map((r) => r.tablename);
  await sql`CREATE SEQUENCE chaos_writes`.execute(db);
  await sql`CREATE FUNCTION chaos_count() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM nextval('chaos_writes'); RETURN NULL; END $$`.execute(db);
  for (const table of tables) {
    await sql
      .raw(
        `CREATE TRIGGER chaos_count AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION chaos_count()`,
      )
      .execute(db);
  }
  return tables;
}

/** Reads the write counter on a connection of its own (one round trip, no pool). */
async function counterReader(
  database: TestDatabase,
): Promise<{ read(): Promise<string>; close(): Promise<void> }> {
  const query = 'SELECT last_value::text || is_called::text AS v FROM chaos_writes';
  if (!database.url) {
    return {
      read: async () => (await sql.raw<{ v: string }>(query).execute(database.db)).rows[0]?.v ?? '',
      close: async () => {},
    };
  }
  const client = new pg.Client({ connectionString: database.url });
  // A run that fails before close() leaves this connection open until the per-file database is
  // dropped (WITH FORCE): its termination must not become an uncaught error hiding the failure.
  client.on('error', () => {});
  await client.connect();
  return {
    read: async () => (await client.query<{ v: string }>(query)).rows[0]?.v ?? '',
    close: () => client.end(),
  };
}

async function fingerprint(db: Db, tables: string[]): Promise<Map<string, string>> {
  const query = tables
    .map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::text || ':' || coalesce(max(xmin::text::bigint), 0)::text AS f FROM "${t}"`,
    )
    .join(' UNION ALL ');
  const { rows } = await sql.raw<{ t: string; f: string }>(query).execute(db);
  return new Map(rows.map((r) => [r.t, r.f]));
}

// ---- the run ----------------------------------------------------------------------------------

describe('chaos', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let tables: string[];
  const logged: string[] = [];
  const tokens: Record<Role, string | undefined> = {
    admin: undefined,
    chair: undefined,
    desk: undefined,
    auditor: undefined,
    member: undefined,
    anonymous: undefined,
  };

  async function api(token: string, method: string, url: string, payload?: unknown) {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? undefined : res.json();
  }

  async function pools(): Promise<Pools> {
    const ids = async (q: string) =>
      (await sql.raw<{ id: string }>(q).execute(database.db)).rows.map((r) => r.id);
    return {
      assemblies: await ids('SELECT id FROM assemblies LIMIT 50'),
      items: await ids('SELECT id FROM agenda_items LIMIT 50'),
      polls: await ids('SELECT id FROM polls LIMIT 50'),
      members: await ids('SELECT id FROM members ORDER BY member_number LIMIT 60'),
      candidates: await ids('SELECT id FROM candidates LIMIT 20'),
      grants: await ids('SELECT DISTINCT grant_id AS id FROM proxies LIMIT 20'),
      offices: await ids('SELECT id FROM offices LIMIT 20'),
      representatives: await ids('SELECT id FROM member_representatives LIMIT 20'),
      memberNumbers: await ids('SELECT member_number AS id FROM members ORDER BY member_number LIMIT 40'),
      usernames: await ids('SELECT username AS id FROM staff_users'),
    };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const clock = testClock('2026-06-20T10:00:00.000Z');
    // Warnings and errors are kept: a 500 is reported with its cause, and every refusal that only
    // the database's safety net caught (a route that should have checked first) is reported too.
    app = await buildApp({
      config: testConfig({ signingKeySeed: Buffer.alloc(32, 7).toString('base64') }),
      db: database,
      clock,
      random: systemRandom,
      logger: pino(
        { level: 'warn' },
        {
          write: (line: string) => {
            logged.push(line);
          },
        },
      ),
    });
    const ctx = {
      db: database.db,
      clock,
      random: { bytes: (n: number) => new Uint8Array(n).map(() => Math.floor(Math.random() * 256)) },
      ballotKeys: testBallotKeys(),
    };
    // Real logins for every staff role and for a member (POST …/login, argon2id, access code).
    for (const role of ['admin', 'chair', 'desk', 'auditor'] as const) {
      await createStaffUser(ctx, {
        username: `chaos-${role}`,
        password: PASSWORD,
        role,
        displayName: `Chaos ${role}`,
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/staff/login',
        payload: { username: `chaos-${role}`, password: PASSWORD },
      });
      expect(res.statusCode, res.body).toBe(200);
      tokens[role] = res.json().token;
    }
    const admin = tokens.admin as string;
    const chair = tokens.chair as string;
    const desk = tokens.desk as string;
    const members = await seedMembers(database, 40);
    const m = (i: number) => members[i] as string;
    const assembly = await api(admin, 'POST', '/api/assemblies', {
      title: 'Chaos-Generalversammlung',
      form: 'hybrid',
      registeredSeat: 'Berlin',
      startsAt: '2026-06-20T10:00:00.000Z',
      statute: {
        channels: { advanceVoting: true },
        proxies: { eligibleHolders: 'members_spouses_relatives' },
      },
    });
    const a = assembly.id as string;
    await api(admin, 'POST', '/api/assemblies', {
      title: 'Zweite Versammlung',
      form: 'in_person',
      registeredSeat: 'Leipzig',
      startsAt: '2026-09-01T10:00:00.000Z',
    });
    const item = async (kind: string, title: string, details: object = {}) =>
      (await api(admin, 'POST', `/api/assemblies/${a}/items`, { kind, title, details })).id as string;
    const motion = await item('motion', 'Antrag 1');
    const motion2 = await item('motion', 'Antrag 2');
    const election = await item('supervisory_board_election', 'Wahl zum Aufsichtsrat', { seats: 2 });
    await item('discharge_management_board', 'Entlastung des Vorstands', {
      discharge: { mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } },
    });
    for (const i of [10, 11, 12]) {
      await api(admin, 'POST', `/api/assemblies/${a}/items/${election}/candidates`, { memberId: m(i) });
    }
    await api(admin, 'POST', '/api/offices', {
      memberId: m(20),
      body: 'management_board',
      from: '2022-01-01',
    });
    await api(admin, 'POST', `/api/members/${m(21)}/representatives`, {
      name: 'Vertreterin',
      kind: 'legal_representative',
    });
    await api(chair, 'POST', `/api/assemblies/${a}/convene`, {
      invitedOn: '2026-05-20',
      channel: 'text_form_to_each_member',
      accessDetails: 'Online über die Mitgliederseite',
    });
    await api(chair, 'POST', `/api/assemblies/${a}/open`);
    for (let i = 0; i < 10; i++) {
      await api(desk, 'POST', `/api/assemblies/${a}/attendance/check-in`, {
        memberId: m(i),
        channel: i % 2 ? 'online' : 'room',
      });
    }
    await api(desk, 'POST', `/api/assemblies/${a}/proxies`, {
      principalId: m(15),
      holderMemberId: m(0),
      form: 'text',
      documentHash: 'a'.repeat(64),
    });
    await api(desk, 'POST', `/api/assemblies/${a}/objections`, {
      memberId: m(1),
      text: 'Widerspruch zu TOP 1',
    });
    const poll = await api(chair, 'POST', `/api/assemblies/${a}/polls`, { agendaItemId: motion });
    await api(chair, 'POST', `/api/polls/${poll.id}/open`);
    await api(chair, 'POST', `/api/assemblies/${a}/polls`, { agendaItemId: motion2 });
    const electionPoll = await api(chair, 'POST', `/api/assemblies/${a}/polls`, { agendaItemId: election });
    await api(chair, 'POST', `/api/polls/${electionPoll.id}/open`);
    await api(chair, 'PUT', `/api/assemblies/${a}/current-item`, { itemId: motion });
    const [code] = await issueAccessCodes(ctx, a, { memberIds: [m(0)] });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/member/login',
      payload: { assemblyId: a, memberNumber: code?.memberNumber, code: code?.code },
    });
    expect(login.statusCode, login.body).toBe(200);
    tokens.member = login.json().token;
    tables = await installChangeCounter(database.db);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it(
    `chaos: a fuzzer generated from the OpenAPI document sends at least 20,000 requests (CI) / 200,000 (full) as admin, chair, desk, member and anonymous: no 5xx and no change of state on any refused request`,
    async () => {
      const started = performance.now();
      const doc = (await app.inject({ url: '/api/openapi.json' })).json();
      const { operations, skipped } = operationsOf(doc);
      expect(operations.length).toBeGreaterThan(40);
      const known = new Set(Object.keys(ERROR_CODES));
      const byStatus = new Map<number, number>();
      const byFamily = new Map<string, Map<string, number>>();
      const byMutation = new Map<string, number>();
      const violations: string[] = [];
      const writes = await counterReader(database);
      let counter = await writes.read();
      let state = await fingerprint(database.db, tables);
      let ledgerSeq = Number(
        (await sql<{ seq: string }>`SELECT seq FROM ledger_head`.execute(database.db)).rows[0]?.seq,
      );
      let sent = 0;
      let refusedWithCheck = 0;
      let checked = 0;
      let safetyNet = 0;
      let reads: FuzzRequest[] = [];
      const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
      const time = { generate: 0, inject: 0, check: 0, read: 0 };
      const slowest = new Map<string, number>();

      for (let batch = 0; sent < TOTAL && violations.length < 20; batch++) {
        let t0 = performance.now();
        const p = await pools();
        const arb = fc.oneof(
          ...operations.map((op) => ({ weight: op.weight, arbitrary: requestArb(op, p, tokens) })),
        );
        const requests = fc.sample(arb, { numRuns: Math.min(BATCH, TOTAL - sent), seed: SEED + batch });
        time.generate += performance.now() - t0;
        for (const req of requests) {
          t0 = performance.now();
          const res = await app.inject(injectOptions(req));
          const took = performance.now() - t0;
          time.inject += took;
          const key = `${req.op.method} ${req.op.path}`;
          slowest.set(key, (slowest.get(key) ?? 0) + took);
          t0 = performance.now();
          sent++;
          count(byStatus, res.statusCode);
          count(byMutation, req.mutation);
          const family = byFamily.get(`${req.op.method} ${req.op.path}`) ?? new Map<string, number>();
          byFamily.set(`${req.op.method} ${req.op.path}`, family);
          count(family, `${Math.floor(res.statusCode / 100)}xx`);
          let code: string | undefined;
          let recorded = false;
          const logs = logged.splice(0).map((line) => {
            const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; stack?: string } };
            return `${entry.msg}: ${entry.err?.message ?? ''} ${entry.err?.stack?.split('\n').slice(1, 4).join(' ') ?? ''}`;
          });
          if (logs.length > 0) {
            safetyNet += logs.filter((l) => l.startsWith('input refused by')).length;
            violations.push(`logged for ${describeRequest(req)}:\n    ${logs.join('\n    ').slice(0, 800)}`);
          }
          if (res.statusCode >= 500) {
            violations.push(`${res.statusCode} for ${describeRequest(req)}\n    → ${res.body.slice(0, 300)}`);
          } else if (res.statusCode >= 400) {
            const error = (res.json() as { error?: { code?: string; details?: { recorded?: boolean } } })
              .error;
            code = error?.code;
            recorded = error?.details?.recorded === true;
            if (!code || !known.has(code)) {
              violations.push(
                `${res.statusCode} without a documented code for ${describeRequest(req)}\n    → ${res.body.slice(0, 300)}`,
              );
            }
          }
          // Reads are checked together with the next request of a writing method.
          if (req.op.method === 'GET') {
            reads.push(req);
            continue;
          }
          checked++;
          const t1 = performance.now();
          const now = await writes.read();
          time.read += performance.now() - t1;
          time.check += performance.now() - t0;
          const before = reads;
          reads = [];
          if (now === counter) continue;
          counter = now;
          const next = await fingerprint(database.db, tables);
          const changed = tables.filter((t) => next.get(t) !== state.get(t));
          state = next;
          const head = Number(
            (await sql<{ seq: string }>`SELECT seq FROM ledger_head`.execute(database.db)).rows[0]?.seq,
          );
          const entries = (
            await sql<{
              type: string;
            }>`SELECT type FROM ledger WHERE seq > ${ledgerSeq} ORDER BY seq`.execute(database.db)
          ).rows.map((r) => r.type);
          ledgerSeq = head;
          if (res.statusCode < 400) continue;
          if (changed.length === 0) continue;
          refusedWithCheck++;
          const refusal = code === undefined ? undefined : RECORDED_REFUSALS[code];
          const allowed = [BACKGROUND, ...(refusal ? [refusal] : []), ...(recorded ? [RECORDED_PROXY] : [])];
          const okTables = new Set(allowed.flatMap((x) => x.tables));
          const okLedger = new Set(allowed.flatMap((x) => x.ledger));
          const bad = changed.filter((t) => !okTables.has(t));
          const badEntries = entries.filter((e) => !okLedger.has(e));
          if (bad.length > 0 || badEntries.length > 0) {
            violations.push(
              `${res.statusCode} ${code ?? ''} changed ${changed.join(', ')} (ledger: ${entries.join(', ') || 'none'}) for ${describeRequest(req)}${before.map((r) => `\n    or a read before it: ${describeRequest(r)}`).join('')}`,
            );
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const statuses = [...byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`);
      const families = [...byFamily.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(
          ([f, m]) =>
            `  ${f.padEnd(66)} ${[...m.entries()]
              .sort()
              .map(([k, n]) => `${k} ${n}`)
              .join(', ')}`,
        );
      console.log(
        [
          `chaos fuzz (seed ${SEED}${FULL ? ', full' : ''}): ${sent} requests in ${seconds.toFixed(1)} s (${Math.round(sent / seconds)}/s)`,
          `by status: ${statuses.join(', ')}`,
          `by mutation: ${[...byMutation.entries()].map(([k, n]) => `${k} ${n}`).join(', ')}`,
          `time: generating ${(time.generate / 1000).toFixed(1)} s, requests ${(time.inject / 1000).toFixed(1)} s, write checks ${(time.check / 1000).toFixed(1)} s (of which reading the counter ${(time.read / 1000).toFixed(1)} s); slowest families: ${[
            ...slowest.entries(),
          ]
            .sort(([, a], [, b]) => b - a)
            .slice(0, 4)
            .map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`)
            .join(', ')}`,
          `refusals only the database's safety net caught: ${safetyNet}`,
          `write counter read after ${checked} requests of writing methods; tables compared in full after ${refusedWithCheck} refused ones that tried to write`,
          `operations: ${operations.length} (only refused requests for the event streams: ${skipped.join(', ') || 'none'})`,
          'per route family:',
          ...families,
        ].join('\n'),
      );
      await writes.close();
      expect(violations, violations.join('\n')).toEqual([]);
      expect(sent).toBeGreaterThanOrEqual(TOTAL);
    },
    FULL ? 3_600_000 : 600_000,
  );
});
