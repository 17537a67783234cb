import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAppliedMigrations, migrateToLatest, migrationProvider } from '../src/db/migrate.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe.each(['postgres', 'pglite'] as const)('migrations on %s', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ driver });
  });
  afterAll(async () => database?.dispose());

  it('applies every migration, and applying again changes nothing', async () => {
    const all = Object.keys(await migrationProvider.getMigrations());
    expect(await countAppliedMigrations(database.db)).toBe(all.length);
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('creates the members table with its constraints', async () => {
    const { db } = database;
    const base = { given_name: 'Jürgen', family_name: 'Groß', admission_date: '2019-03-01' };
    const row = await db
      .insertInto('members')
      .values({ ...base, member_number: 'M-1', shares: 3 })
      .returning(['id', 'shares', 'admission_date', 'is_legal_person', 'exit_date'])
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      shares: 3,
      admission_date: '2019-03-01',
      is_legal_person: false,
      exit_date: null,
    });
    await expect(
      db
        .insertInto('members')
        .values({ ...base, member_number: 'M-1' })
        .execute(),
    ).rejects.toThrow(/unique|duplicate/i);
    await expect(
      db
        .insertInto('members')
        .values({ ...base, member_number: 'M-2', shares: -1 })
        .execute(),
    ).rejects.toThrow(/check/i);
    await expect(
      db
        .insertInto('members')
        .values({ ...base, member_number: 'M-3', exit_date: '2018-12-31' })
        .execute(),
    ).rejects.toThrow(/members_exit_after_admission/);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM members`.execute(db);
    expect(rows[0]?.n).toBe(1);
  });
});
