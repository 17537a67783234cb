import { type Kysely, sql } from 'kysely';

/*
 * Live stream event ids (docs/ARCHITECTURE.md, live updates). Every published change takes the next value;
 * a snapshot's id is the sequence's value when it was read, so an id handed out by one API process
 * means the same in every other and `Last-Event-ID` can be compared across processes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE SEQUENCE plenum_live_seq AS bigint MINVALUE 1 START 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP SEQUENCE plenum_live_seq`.execute(db);
}
