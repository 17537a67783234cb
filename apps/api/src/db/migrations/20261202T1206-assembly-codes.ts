import { randomInt } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/*
 * Short assembly codes and the members' own receipts.
 *
 * Every assembly gets a code of six characters from an alphabet without 0, O, 1, I and L (the
 * letters and the projector print it, members type it on /join). Existing assemblies get one here;
 * new ones when they are created (assemblies/assembly-code.ts draws from the same alphabet). The
 * alphabet is repeated below on purpose: a migration never imports app code.
 *
 * member_receipts keeps the receipts a member was given, so that they can see them on another
 * device. Each row is one cast request of one member, sealed with AES-256-GCM under a key derived
 * from the installation's ballot secret and the member id; the secret never enters the database,
 * so a reader of this table learns that a member cast (which participation says anyway), never a
 * receipt code (docs/SECURITY.md, "The member's receipts").
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

function drawCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE assemblies ADD COLUMN code text`.execute(db);
  const { rows } = await sql<{ id: string }>`SELECT id FROM assemblies ORDER BY created_at, id`.execute(db);
  const used = new Set<string>();
  for (const row of rows) {
    let code = drawCode();
    while (used.has(code)) code = drawCode();
    used.add(code);
    await sql`UPDATE assemblies SET code = ${code} WHERE id = ${row.id}`.execute(db);
  }
  await sql`ALTER TABLE assemblies ALTER COLUMN code SET NOT NULL`.execute(db);
  await sql`ALTER TABLE assemblies ADD CONSTRAINT assemblies_code_key UNIQUE (code)`.execute(db);
  await sql`
    ALTER TABLE assemblies ADD CONSTRAINT assemblies_code_format
      CHECK (code ~ '^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$')`.execute(db);

  await sql`
    CREATE TABLE member_receipts (
      id bigserial PRIMARY KEY,
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      member_id uuid NOT NULL REFERENCES members(id),
      sealed bytea NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX member_receipts_member ON member_receipts (assembly_id, member_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE member_receipts`.execute(db);
  await sql`ALTER TABLE assemblies DROP CONSTRAINT assemblies_code_format`.execute(db);
  await sql`ALTER TABLE assemblies DROP CONSTRAINT assemblies_code_key`.execute(db);
  await sql`ALTER TABLE assemblies DROP COLUMN code`.execute(db);
}
