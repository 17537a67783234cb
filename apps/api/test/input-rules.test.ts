import { Int, TEXT_PATTERN, Text } from '@plenum/contracts';
import { canonicalString } from '@plenum/ledger';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from '../src/http/errors.ts';
import { registerInputRules, requestSchemaProblems } from '../src/http/input-rules.ts';
import { buildTestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** A bare app with the input rules, and one POST route with this body schema. */
async function appWithBody(body: unknown): Promise<FastifyInstance> {
  const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' } } });
  registerErrorHandling(app);
  registerInputRules(app);
  await app.register(async (child) => {
    child.post('/x', { schema: { body } }, async (request) => request.body);
  });
  return app;
}

describe('request schemas: the rules are checked when a route is registered', () => {
  it.each([
    ['a bare string', Type.Object({ name: Type.String() }, { additionalProperties: false }), 'TEXT_PATTERN'],
    [
      'free text without a length bound',
      Type.Object({ name: Type.String({ pattern: TEXT_PATTERN }) }, { additionalProperties: false }),
      'maxLength',
    ],
    [
      'a pattern that lets NUL through',
      Type.Object({ name: Type.String({ pattern: '^.*$' }) }, { additionalProperties: false }),
      'TEXT_PATTERN',
    ],
    [
      'an unbounded integer',
      Type.Object({ n: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }),
      'maximum',
    ],
    [
      'a float',
      Type.Object({ n: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false }),
      'integer',
    ],
    [
      'a free-form record',
      Type.Object({ s: Type.Record(Type.String(), Type.Boolean()) }, { additionalProperties: false }),
      'record',
    ],
    ['unchecked JSON', Type.Object({ s: Type.Unknown() }, { additionalProperties: false }), 'unchecked'],
    ['an object open to unknown fields', Type.Object({ b: Type.Boolean() }), 'unknown fields'],
    [
      'an array without maxItems',
      Type.Object({ a: Type.Array(Type.Boolean()) }, { additionalProperties: false }),
      'maxItems',
    ],
  ])('refuses %s', async (_name, body, problem) => {
    await expect(appWithBody(body)).rejects.toThrow(problem);
  });

  it('accepts Text, Int, uuids, dates, enums, ASCII patterns and bounded arrays, and every route of the app', async () => {
    const body = Type.Object(
      {
        text: Type.Optional(Type.Union([Text({ maxLength: 10 }), Type.Null()])),
        n: Int({ minimum: 0, maximum: 9 }),
        id: Type.String({ format: 'uuid' }),
        on: Type.String({ format: 'date' }),
        hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
        kind: Type.Union([Type.Literal('a'), Type.Literal('b')]),
        list: Type.Array(Type.Boolean(), { maxItems: 3 }),
      },
      { additionalProperties: false },
    );
    expect(requestSchemaProblems(body, 'body')).toEqual([]);
    const app = await appWithBody(body);
    await app.ready();
    const res = await app.inject({
      method: 'POST',
      url: '/x',
      payload: {
        text: 'x\u0000',
        n: 1,
        id: '00000000-0000-4000-8000-000000000000',
        on: '2026-01-01',
        hash: 'a'.repeat(64),
        kind: 'a',
        list: [],
      },
    });
    expect(res.json().error).toMatchObject({
      code: 'request.invalid',
      details: { in: 'body', field: 'text' },
    });
    await app.close();
  });
});

describe('the database safety net: what PostgreSQL refuses is a 4xx, never a 500, and rolls back', () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`CREATE TABLE safety_net (id int PRIMARY KEY, code varchar(3))`.execute(database.db);
    await sql`INSERT INTO safety_net VALUES (1, 'a')`.execute(database.db);
    app = Fastify();
    registerErrorHandling(app);
    const db = database.db;
    // Each route writes a row first, then runs a statement PostgreSQL refuses, in one transaction.
    const failing: Record<string, () => unknown> = {
      '22021': () => sql`SELECT ${'a\u0000b'}::text`,
      '22P02': () => sql`SELECT ${'not-a-uuid'}::uuid`,
      '22001': () => sql`INSERT INTO safety_net VALUES (3, 'toolong')`,
      '22003': () => sql`SELECT 2147483647::int + 1`,
      '23503': () =>
        sql`INSERT INTO offices (member_id, body, from_date) VALUES (gen_random_uuid(), 'prokura', '2020-01-01')`,
      '23514': () =>
        sql`INSERT INTO members (member_number, given_name, family_name, admission_date, votes) VALUES ('X1', 'A', 'B', '2020-01-01', 7)`,
      '23505': () => sql`INSERT INTO safety_net VALUES (1, 'b')`,
    };
    for (const [state, statement] of Object.entries(failing)) {
      app.post(`/fail/${state}`, async () =>
        db.transaction().execute(async (trx) => {
          await sql`INSERT INTO safety_net VALUES (2, 'w')`.execute(trx);
          await (statement() as ReturnType<typeof sql>).execute(trx);
        }),
      );
    }
    app.post('/fail/canonical', async () => canonicalString({ text: 'x\uD800' }));
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it.each([
    ['22021', 400, 'request.invalid'],
    ['22P02', 400, 'request.invalid'],
    ['22001', 400, 'request.invalid'],
    ['22003', 400, 'request.invalid'],
    ['23503', 422, 'request.unknown_reference'],
    ['23514', 422, 'request.constraint_violated'],
    ['23505', 409, 'request.conflict'],
  ])('SQLSTATE %s is a %i %s, and the transaction wrote nothing', async (state, status, code) => {
    const res = await app.inject({ method: 'POST', url: `/fail/${state}` });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error).toMatchObject({ code, details: { sqlState: state } });
    const rows = await sql<{ id: number }>`SELECT id FROM safety_net ORDER BY id`.execute(database.db);
    expect(rows.rows).toEqual([{ id: 1 }]);
  });

  it('a value the canonical encoding refuses (an unpaired surrogate) is a 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/fail/canonical' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'request.invalid',
      details: { reason: 'canonical.string' },
    });
  });

  it('every request schema of the app keeps the rules (the app starts)', async () => {
    const real = await buildTestApp(database);
    await real.ready();
    expect(real.printRoutes().length).toBeGreaterThan(0);
    await real.close();
  });
});
