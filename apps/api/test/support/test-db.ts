import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createDatabase, createEmbedded, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { withAdmin, withDatabase } from './postgres.ts';

export interface TestDatabase extends Database {
  /** Closes the connections and drops the per-file database. */
  dispose(): Promise<void>;
  /** The connection string of the per-file database (postgres mode only). */
  url: string | undefined;
}

/** Which driver the database suites use this run (PostgreSQL unless the server is unreachable). */
export const testDbMode = (): 'postgres' | 'pglite' => inject('testDb').mode;

/**
 * A fresh database for one test file: cloned from the migrated template on PostgreSQL, or a fresh
 * migrated in-memory PGlite when no server is reachable (the run says so).
 */
export async function createTestDatabase(
  options: { driver?: 'postgres' | 'pglite' } = {},
): Promise<TestDatabase> {
  const info = inject('testDb');
  const driver = options.driver ?? info.mode;
  if (driver === 'pglite') return freshPglite();
  if (info.mode !== 'postgres') throw new Error(`PostgreSQL is not reachable: ${info.reason}`);
  const name = `plenum_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(info.adminUrl, `CREATE DATABASE ${name} TEMPLATE ${info.template}`);
  const url = withDatabase(info.adminUrl, name);
  const database = await createDatabase({ databaseUrl: url, dataDir: '/nonexistent', poolSize: 30 });
  return {
    ...database,
    url,
    async dispose() {
      await database.close();
      await adminQuery(info.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function freshPglite(): Promise<TestDatabase> {
  const database = await createEmbedded('memory://');
  await migrateToLatest(database.db);
  return { ...database, url: undefined, dispose: () => database.close() };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  await withAdmin(adminUrl, (client) => client.query(text));
}
