import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { adminUrl as defaultAdminUrl, postgresProblem, withDatabase } from './postgres.ts';

export { withDatabase };

export interface TestDbInfo {
  mode: 'postgres' | 'pglite';
  /** Admin connection (postgres mode) used to create and drop per-file databases. */
  adminUrl: string;
  /** The migrated template each test file's database is cloned from. */
  template: string;
  reason?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../src/db/migrations');

/** The template's name changes whenever a migration file does, so a stale template is never used. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).sort())
    hash.update(file).update(readFileSync(join(MIGRATIONS, file)));
  return `plenum_tpl_${hash.digest('hex').slice(0, 16)}`;
}

async function ensureTemplate(adminUrl: string, template: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (rowCount) return;
    // Build under a temporary name and rename at the end, so a half-built template is never cloned.
    const building = `${template}_build_${process.pid}`;
    await admin.query(`DROP DATABASE IF EXISTS ${building}`);
    await admin.query(`CREATE DATABASE ${building}`);
    const db = new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: withDatabase(adminUrl, building), max: 1 }),
      }),
    });
    try {
      await migrateToLatest(db);
    } finally {
      await db.destroy();
    }
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const adminUrl = defaultAdminUrl();
  const template = templateName();
  const problem = await postgresProblem(adminUrl);
  if (problem) {
    if (process.env.CI)
      throw new Error(`CI must test on PostgreSQL, but ${adminUrl} is unreachable: ${problem}`);
    process.stdout.write(
      `\n*** PostgreSQL is not reachable at ${adminUrl} (${problem}).\n` +
        '*** The database suites run on the embedded PGlite instead. Set TEST_DATABASE_URL to test on a server.\n\n',
    );
    project.provide('testDb', { mode: 'pglite', adminUrl, template, reason: problem });
    return;
  }
  await ensureTemplate(adminUrl, template);
  process.stdout.write(`\nDatabase suites run on PostgreSQL at ${adminUrl} (template ${template}).\n\n`);
  project.provide('testDb', { mode: 'postgres', adminUrl, template });
}
