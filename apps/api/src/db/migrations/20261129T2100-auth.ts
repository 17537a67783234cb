import { type Kysely, sql } from 'kysely';

/*
 * Accounts and logins: staff users with argon2id passwords, per-assembly member access
 * codes, and the failure counters behind the login lockout.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE staff_users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL CHECK (username ~ '^[A-Za-z0-9._-]{3,64}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('admin', 'chair', 'desk', 'auditor')),
      created_at timestamptz NOT NULL DEFAULT now(),
      disabled_at timestamptz
    )`.execute(db);
  // Usernames are unique whatever their case: "Admin" and "admin" are the same person.
  await sql`CREATE UNIQUE INDEX staff_users_username_key ON staff_users (lower(username))`.execute(db);

  // Codes are random and high-entropy (60 bits, Crockford base32), so a fast hash suffices: a
  // guess costs 2^60 tries whatever the hash. argon2 exists to slow down guessing of *human*
  // passwords; at ~50 ms a hash it would take well over an hour to issue codes for 100k members,
  // and every member login would cost the same again. The hash is
  // sha256(assemblyId ‖ ':' ‖ memberId ‖ ':' ‖ normalised code) in hex, so equal codes never give
  // equal hashes and a hash cannot be replayed for another member or assembly.
  await sql`
    CREATE TABLE access_codes (
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      member_id uuid NOT NULL REFERENCES members(id),
      code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
      issued_at timestamptz NOT NULL,
      PRIMARY KEY (assembly_id, member_id)
    )`.execute(db);

  // Consecutive failed logins per subject ('member:<assembly>:<memberNumber>' or
  // 'staff:<lower(username)>'). Mutable by design: a success resets the counter. The evidence of
  // refused member logins (R30) is kept in the ledger, not here.
  await sql`
    CREATE TABLE login_failures (
      subject text PRIMARY KEY,
      assembly_id uuid REFERENCES assemblies(id),
      failures integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
      locked_until timestamptz
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
  await db.schema.dropTable('access_codes').execute();
  await db.schema.dropTable('staff_users').execute();
}
