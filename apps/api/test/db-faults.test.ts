import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/database.ts';
import { isDatabaseUnavailable } from '../src/http/errors.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

describe('requests while the database cannot be reached', () => {
  it('answer 503 server.unavailable with Retry-After, not 500', async () => {
    const down = await createDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/none', dataDir: '/x' });
    const app = await buildTestApp(down);
    const res = await app.inject({
      method: 'GET',
      url: '/api/assemblies',
      headers: bearer(staffToken(app, 'admin')),
    });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.json().error.code).toBe('server.unavailable');
    await app.close();
    await down.close();
  });
});

describe.runIf(testDbMode() === 'postgres')('a pooled connection whose backend is terminated', () => {
  let database: TestDatabase;
  const lost: Error[] = [];
  beforeAll(async () => {
    const base = await createTestDatabase();
    await base.close();
    // The same per-file database, opened again with a listener for lost connections.
    database = {
      ...(await createDatabase({
        databaseUrl: base.url,
        dataDir: '/x',
        poolSize: 2,
        onConnectionError: (e) => lost.push(e),
      })),
      url: base.url,
      dispose: base.dispose,
    };
  });
  afterAll(async () => {
    await database.close();
    await database.dispose();
  });

  it('while checked out between two statements fails the transaction as unavailable, and the pool reconnects', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    const failure = await database.db
      .transaction()
      .execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
        await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
        // The server's notice arrives while no statement runs: the client emits 'error', which
        // pg-pool does not listen to for a checked-out client. Unheard, it would end the process.
        for (let i = 0; i < 100 && lost.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
        await sql`SELECT 1`.execute(trx);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    await admin.end();
    expect(lost.length).toBeGreaterThan(0);
    expect(failure).not.toBeNull();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });
});

describe.each([
  ['postgres', testDbMode() === 'postgres'],
  ['pglite', true],
] as const)('LISTEN on %s with a subscriber that throws', (driver, runs) => {
  it.runIf(runs)('still delivers to the other subscribers, and nothing escapes', async () => {
    const database = await createTestDatabase({ driver });
    try {
      const got: string[] = [];
      await database.listen('plenum_fault_test', () => {
        throw new Error('a broken subscriber');
      });
      await database.listen('plenum_fault_test', (payload) => got.push(payload));
      await sql`SELECT pg_notify('plenum_fault_test', 'one')`.execute(database.db);
      await sql`SELECT pg_notify('plenum_fault_test', 'two')`.execute(database.db);
      for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(got).toEqual(['one', 'two']);
    } finally {
      await database.dispose();
    }
  });
});
