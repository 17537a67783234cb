import { type Kysely, sql } from 'kysely';

/*
 * Sealed ballots. While a poll is open its ballots are stored only as authenticated ciphertexts
 * under a per-poll key that never enters the database (ledger SPEC.md §3). A cast writes its
 * participation row and its sealed ballot in one transaction, so the two share a transaction id;
 * that is harmless because the sealed row says nothing without the key. At close every sealed
 * ballot of the poll is opened in memory, shuffled and written to `ballots` (and its receipt hash
 * to `receipts`) in the close transaction, and the sealed rows are deleted.
 *
 * This replaces the outbox and its batches: a batch named in the ledger narrowed a ballot down to
 * the members who voted between two batches. Advance votes are sealed the same way.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM ballot_outbox) OR EXISTS (SELECT 1 FROM advance_votes) THEN
        RAISE EXCEPTION 'close every open poll and settle advance votes before this upgrade';
      END IF;
    END $$`.execute(db);
  await sql`DROP TABLE ballot_outbox`.execute(db);

  // No id, no time, no member: a ciphertext of fixed length per poll, deleted at close.
  await sql`
    CREATE TABLE sealed_ballots (
      poll_id uuid NOT NULL REFERENCES polls(id),
      sealed bytea NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX sealed_ballots_poll_idx ON sealed_ballots (poll_id)`.execute(db);
  // A sealed ballot is never changed; it is only deleted by the close that opens it.
  await sql`
    CREATE TRIGGER sealed_ballots_no_update BEFORE UPDATE ON sealed_ballots
      FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`.execute(db);

  await sql`ALTER TABLE advance_votes DROP COLUMN choice, DROP COLUMN receipt_hash`.execute(db);
  await sql`ALTER TABLE advance_votes ADD COLUMN sealed bytea NOT NULL`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Sealed ballots are not migrated down.');
}
