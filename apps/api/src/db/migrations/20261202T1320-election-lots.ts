import { type Kysely, sql } from 'kysely';

/*
 * R22: the lot the chair draws for a tie on the last seats of an election round. One row per
 * poll, written with its `election.lot_drawn` ledger entry and never changed (append-only, like
 * every evidence table): the inputs of the seed, the seed, the tied candidates and the drawn order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE election_lots (
      poll_id uuid PRIMARY KEY REFERENCES polls(id),
      value text NOT NULL CHECK (length(value) BETWEEN 1 AND 64),
      value_source text NOT NULL CHECK (value_source IN ('chair', 'random')),
      head_seq bigint NOT NULL CHECK (head_seq >= 0),
      head_hash text NOT NULL CHECK (head_hash ~ '^[0-9a-f]{64}$'),
      seed text NOT NULL CHECK (seed ~ '^[0-9a-f]{64}$'),
      among jsonb NOT NULL,
      seats integer NOT NULL CHECK (seats > 0),
      draw_order jsonb NOT NULL,
      winners jsonb NOT NULL,
      drawn_by text NOT NULL,
      drawn_at timestamptz NOT NULL,
      ledger_seq bigint NOT NULL
    )`.execute(db);
  await sql`CREATE TRIGGER election_lots_append_only BEFORE UPDATE OR DELETE ON election_lots
    FOR EACH ROW EXECUTE FUNCTION plenum_reject_change()`.execute(db);
  await sql`CREATE TRIGGER election_lots_no_truncate BEFORE TRUNCATE ON election_lots
    FOR EACH STATEMENT EXECUTE FUNCTION plenum_reject_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE election_lots`.execute(db);
}
