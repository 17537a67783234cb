import { type Kysely, sql } from 'kysely';

/*
 * The turnout that matters is read up to four times a second per assembly while a poll is open
 * (live snapshot). Two things keep it from reading the whole roll each time:
 * - `polls.register_size`: the number of members on the register when the poll opened (one roll
 *   row per member), shown as context next to the turnout; set when the poll opens;
 * - a partial index over the few roll rows whose vote someone other than the member may cast in
 *   person (a legal person's or heirs' representative, R4), to find those present;
 * - a partial index over the roll rows with more than one vote (C1): where there are none, the
 *   votes cast are a count of participation rows, without the roll's weights.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE polls ADD COLUMN register_size integer CHECK (register_size >= 0)`.execute(db);
  await sql`
    UPDATE polls p SET register_size = (SELECT count(*) FROM poll_roll r WHERE r.poll_id = p.id)
    WHERE p.status <> 'draft'`.execute(db);
  await sql`CREATE INDEX poll_roll_represented_idx ON poll_roll (poll_id) WHERE cardinality(actors) > 1`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX poll_roll_multiple_idx`.execute(db);
  await sql`DROP INDEX poll_roll_represented_idx`.execute(db);
  await sql`ALTER TABLE polls DROP COLUMN register_size`.execute(db);
}
