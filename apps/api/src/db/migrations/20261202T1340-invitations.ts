import { type Kysely, sql } from 'kysely';

/*
 * The invitation as it went out: the PDF rendered at the convening, once in German and once in
 * English, with its sha256. The assembly.convened ledger entry carries the same two hashes, so a
 * file downloaded later can be matched against what the ledger recorded at the convening.
 * Append-only like the other evidence tables: the invitation that went out never changes, even
 * when an item is added to the agenda afterwards.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE invitations (
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      lang text NOT NULL CHECK (lang IN ('de', 'en')),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      pdf bytea NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (assembly_id, lang)
    )`.execute(db);
  await sql`CREATE TRIGGER invitations_append_only BEFORE UPDATE OR DELETE ON invitations
    FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`.execute(db);
  await sql`CREATE TRIGGER invitations_no_truncate BEFORE TRUNCATE ON invitations
    FOR EACH STATEMENT EXECUTE FUNCTION plenum_reject_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE invitations`.execute(db);
}
