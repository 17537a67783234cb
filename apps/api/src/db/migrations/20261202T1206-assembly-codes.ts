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
 * participation.kept holds the receipt of that vote for the member who cast it, so that they see
 * it on another device: sealed with AES-256-GCM under a key derived from the installation's ballot
 * secret and the caster's member id. The secret never enters the database, so a reader learns that
 * a member cast (which the row says anyway), never the receipt code (docs/SECURITY.md, "The
 * member's receipts"). A column rather than a table of its own: a cast writes no extra row or
 * index entry, so casting stays as fast as before. Rows written before (and advance votes) have none.
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

  await sql`ALTER TABLE participation ADD COLUMN kept bytea`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE participation DROP COLUMN kept`.execute(db);
  await sql`ALTER TABLE assemblies DROP CONSTRAINT assemblies_code_format`.execute(db);
  await sql`ALTER TABLE assemblies DROP CONSTRAINT assemblies_code_key`.execute(db);
  await sql`ALTER TABLE assemblies DROP COLUMN code`.execute(db);
}
