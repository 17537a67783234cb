import { type Kysely, sql } from 'kysely';

/*
 * What a ballot decides, stated on the ballot: every agenda item names who proposes it (the
 * management board, the supervisory board, a member), its motion text lives in `body` as a small
 * markup (paragraphs, lists, bold), and documents (annual accounts, the appropriation proposal)
 * are attached to it as PDF files. Candidates in an election may give a short statement and a
 * photo.
 *
 * Documents are evidence the minutes bind by their sha256: the table accepts INSERT only, a new
 * version is a new row. A photo may be replaced; the ledger records the hash of each one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE agenda_items ADD COLUMN proposer text NOT NULL DEFAULT ''
    CHECK (length(proposer) <= 200)`.execute(db);
  await sql`ALTER TABLE candidates ADD COLUMN statement text NOT NULL DEFAULT ''
    CHECK (length(statement) <= 2000)`.execute(db);
  await sql`
    CREATE TABLE documents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      agenda_item_id uuid NOT NULL REFERENCES agenda_items(id),
      filename text NOT NULL CHECK (length(filename) BETWEEN 1 AND 200),
      content_type text NOT NULL CHECK (content_type = 'application/pdf'),
      size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL CHECK (octet_length(content) = size),
      created_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX documents_item ON documents (agenda_item_id, created_at)`.execute(db);
  await sql`CREATE TRIGGER documents_append_only BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`.execute(db);
  await sql`CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
    FOR EACH STATEMENT EXECUTE FUNCTION plenum_reject_change()`.execute(db);
  await sql`
    CREATE TABLE candidate_photos (
      candidate_id uuid PRIMARY KEY REFERENCES candidates(id),
      content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
      size integer NOT NULL CHECK (size > 0 AND size <= 2097152),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea NOT NULL CHECK (octet_length(content) = size)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE candidate_photos`.execute(db);
  await sql`DROP TABLE documents`.execute(db);
  await sql`ALTER TABLE candidates DROP COLUMN statement`.execute(db);
  await sql`ALTER TABLE agenda_items DROP COLUMN proposer`.execute(db);
}
