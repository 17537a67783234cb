import { type Kysely, sql } from 'kysely';

/*
 * Rehearsal polls (Probeabstimmung): an ordinary poll flagged `rehearsal`, so members can try their
 * phones before the first real vote. It counts nowhere and is never exported. Rehearsals number
 * their own rounds per agenda item, so a rehearsal never takes a real ballot round's number.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE polls ADD COLUMN rehearsal boolean NOT NULL DEFAULT false`.execute(db);
  await sql`ALTER TABLE polls DROP CONSTRAINT polls_agenda_item_id_round_key`.execute(db);
  await sql`ALTER TABLE polls ADD CONSTRAINT polls_item_round_key UNIQUE (agenda_item_id, rehearsal, round)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  // Rehearsal polls have ballots and rolls; a database that holds any cannot go back.
  await sql`ALTER TABLE polls DROP CONSTRAINT polls_item_round_key`.execute(db);
  await sql`ALTER TABLE polls ADD CONSTRAINT polls_agenda_item_id_round_key UNIQUE (agenda_item_id, round)`.execute(
    db,
  );
  await sql`ALTER TABLE polls DROP COLUMN rehearsal`.execute(db);
}
