import { type Kysely, sql } from 'kysely';

/*
 * Voting in the hall (C5, R27): the staff role `teller`, the tellers the chair appoints for an
 * assembly, and the tellers' hall counts per poll. A count is entered by one teller (and may be
 * entered again) and stands once a second, different teller confirms the same numbers; the
 * confirmation row carries the poll's combined tally (electronic ballots plus the hall). Both
 * tables are evidence: INSERT only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check`.execute(db);
  await sql`ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check
    CHECK (role IN ('admin', 'chair', 'desk', 'auditor', 'teller'))`.execute(db);
  await sql`
    CREATE TABLE assembly_tellers (
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      user_id uuid NOT NULL REFERENCES staff_users(id),
      name text NOT NULL,
      appointed_by text NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (assembly_id, user_id)
    )`.execute(db);
  await sql`
    CREATE TABLE hall_counts (
      id bigserial PRIMARY KEY,
      poll_id uuid NOT NULL REFERENCES polls(id),
      action text NOT NULL CHECK (action IN ('entered', 'confirmed')),
      teller_id uuid NOT NULL REFERENCES staff_users(id),
      teller_name text NOT NULL,
      yes integer NOT NULL CHECK (yes >= 0),
      no integer NOT NULL CHECK (no >= 0),
      abstain integer NOT NULL CHECK (abstain >= 0),
      tally jsonb,
      at timestamptz NOT NULL,
      CHECK ((action = 'confirmed') = (tally IS NOT NULL))
    )`.execute(db);
  await sql`CREATE INDEX hall_counts_poll ON hall_counts (poll_id, id)`.execute(db);
  await sql`CREATE UNIQUE INDEX hall_counts_one_confirmation ON hall_counts (poll_id) WHERE action = 'confirmed'`.execute(
    db,
  );
  for (const table of ['assembly_tellers', 'hall_counts']) {
    await sql
      .raw(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
           FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
           FOR EACH STATEMENT EXECUTE FUNCTION plenum_reject_change()`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE hall_counts`.execute(db);
  await sql`DROP TABLE assembly_tellers`.execute(db);
}
