import { type Kysely, sql } from 'kysely';

/*
 * Logins that nobody can use to lock a member out.
 *
 * The old counter (login_failures) locked a member number for 15 minutes after five wrong codes
 * from anywhere, so anybody who knew member numbers could keep members from voting. It is replaced
 * by a throttle per login AND client address: wrong attempts from one address make only that
 * address wait, with a delay that grows to a few seconds at most, and never touch the member in
 * the hall. The desk, the chair and admins can see and lift throttles.
 *
 * Refused logins are kept in their own table (no ledger lock per attempt, which an attacker could
 * otherwise use to grow the ledger and slow down casting); the ledger gets a periodic summary with
 * counts ('logins.refused'), and summarised_at marks which rows it covered.
 *
 * Session versions end sessions at once: a token carries the version of its staff account or
 * access code, and disabling the account or regenerating the code moves the version on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE login_throttles (
      subject text NOT NULL,
      source text NOT NULL,
      assembly_id uuid REFERENCES assemblies(id),
      failures integer NOT NULL CHECK (failures > 0),
      last_failure_at timestamptz NOT NULL,
      next_attempt_at timestamptz NOT NULL,
      PRIMARY KEY (subject, source)
    )`.execute(db);
  await sql`CREATE INDEX login_throttles_assembly ON login_throttles (assembly_id, subject)`.execute(db);

  await sql`
    CREATE TABLE login_refusals (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL,
      kind text NOT NULL CHECK (kind IN ('member', 'staff')),
      assembly_id uuid REFERENCES assemblies(id),
      login text NOT NULL,
      source text NOT NULL,
      reason text NOT NULL CHECK (reason IN
        ('unknown_member', 'no_code', 'wrong_code', 'unknown_user', 'disabled', 'wrong_password', 'throttled')),
      summarised_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX login_refusals_pending ON login_refusals (id) WHERE summarised_at IS NULL`.execute(
    db,
  );
  await sql`CREATE INDEX login_refusals_assembly ON login_refusals (assembly_id, at)`.execute(db);

  await sql`ALTER TABLE staff_users ADD COLUMN session_version integer NOT NULL DEFAULT 1`.execute(db);
  await sql`ALTER TABLE access_codes ADD COLUMN session_version integer NOT NULL DEFAULT 1`.execute(db);

  await sql`DROP TABLE login_failures`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE login_failures (
      subject text PRIMARY KEY,
      assembly_id uuid REFERENCES assemblies(id),
      failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
      locked_until timestamptz
    )`.execute(db);
  await sql`ALTER TABLE access_codes DROP COLUMN session_version`.execute(db);
  await sql`ALTER TABLE staff_users DROP COLUMN session_version`.execute(db);
  await sql`DROP TABLE login_refusals`.execute(db);
  await sql`DROP TABLE login_throttles`.execute(db);
}
