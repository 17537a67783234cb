import { type Kysely, sql } from 'kysely';

// R22: an elected candidate accepts or declines office; either is recorded once.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE candidates ADD COLUMN declined_at timestamptz,
    ADD CONSTRAINT candidates_decided_once CHECK (accepted_at IS NULL OR declined_at IS NULL)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE candidates DROP COLUMN declined_at`.execute(db);
}
