import { type Kysely, sql } from 'kysely';

/*
 * Motions from the floor (Anträge aus der Versammlung) on the current agenda item: procedural
 * motions, amendments and counter-motions. A row is the working state the screens read —
 * submitted, rejected or admitted by the chair with a reach rank, voted on (its poll), and its
 * result. The ledger records every step with the text's sha256; the verifier compares this table,
 * as the bundle states it, against those entries.
 *
 * A floor motion's poll is an ordinary poll on the item, marked by `floor_motion_id`; it is round 1
 * of its own and leaves the item's own round numbers alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE floor_motions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL UNIQUE,
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      agenda_item_id uuid NOT NULL REFERENCES agenda_items(id),
      member_id uuid NOT NULL REFERENCES members(id),
      kind text NOT NULL CHECK (kind IN ('close_debate', 'adjourn', 'secret_ballot', 'agenda_order',
        'counter_motion', 'amendment')),
      text text NOT NULL CHECK (length(text) <= 2000),
      text_sha256 text NOT NULL CHECK (text_sha256 ~ '^[0-9a-f]{64}$'),
      status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'rejected', 'admitted',
        'voting', 'adopted', 'defeated', 'lapsed')),
      reach integer CHECK (reach BETWEEN 1 AND 99),
      rejection_reason text CHECK (length(rejection_reason) <= 500),
      amended_text text CHECK (length(amended_text) <= 10000),
      submitted_at timestamptz NOT NULL,
      decided_at timestamptz,
      decided_by text,
      result_at timestamptz,
      CHECK ((status = 'submitted') = (decided_at IS NULL)),
      CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
      CHECK (status IN ('submitted', 'rejected') OR reach IS NOT NULL)
    )`.execute(db);
  await sql`CREATE INDEX floor_motions_item ON floor_motions (assembly_id, agenda_item_id, seq)`.execute(db);
  await sql`ALTER TABLE polls ADD COLUMN floor_motion_id uuid UNIQUE REFERENCES floor_motions(id)`.execute(
    db,
  );
  await sql`ALTER TABLE polls DROP CONSTRAINT polls_item_round_key`.execute(db);
  await sql`CREATE UNIQUE INDEX polls_item_round_key ON polls (agenda_item_id, rehearsal, round)
    WHERE floor_motion_id IS NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX polls_item_round_key`.execute(db);
  await sql`ALTER TABLE polls ADD CONSTRAINT polls_item_round_key UNIQUE (agenda_item_id, rehearsal, round)`.execute(
    db,
  );
  await sql`ALTER TABLE polls DROP COLUMN floor_motion_id`.execute(db);
  await sql`DROP TABLE floor_motions`.execute(db);
}
