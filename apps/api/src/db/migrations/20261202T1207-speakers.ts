import { type Kysely, sql } from 'kysely';

/*
 * The speakers' list (Redeliste) per agenda item.
 *
 * speaker_lists holds the chair's state of an item's list: closed or not, the speaking time, who
 * has the floor and since when the clock runs (a server instant, so every screen counts down
 * alike). speaker_requests holds every request to speak: waiting, withdrawn or called, with its
 * request order (`seq`) and, once called, its place in the order of speakers (`call_no`). The
 * ledger has an entry for each request, withdrawal, call and list change; these tables are the
 * working state the screens read.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE speaker_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigserial NOT NULL UNIQUE,
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      agenda_item_id uuid NOT NULL REFERENCES agenda_items(id),
      member_id uuid NOT NULL REFERENCES members(id),
      point_of_order boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'withdrawn', 'called')),
      requested_at timestamptz NOT NULL,
      ended_at timestamptz,
      call_no integer CHECK (call_no > 0),
      CHECK ((status = 'called') = (call_no IS NOT NULL)),
      CHECK ((status = 'waiting') = (ended_at IS NULL))
    )`.execute(db);
  // One open request per member and item.
  await sql`CREATE UNIQUE INDEX speaker_requests_one_waiting ON speaker_requests (agenda_item_id, member_id)
    WHERE status = 'waiting'`.execute(db);
  await sql`CREATE UNIQUE INDEX speaker_requests_call_order ON speaker_requests (agenda_item_id, call_no)
    WHERE call_no IS NOT NULL`.execute(db);
  await sql`CREATE INDEX speaker_requests_assembly ON speaker_requests (assembly_id, agenda_item_id, status)`.execute(
    db,
  );
  await sql`
    CREATE TABLE speaker_lists (
      agenda_item_id uuid PRIMARY KEY REFERENCES agenda_items(id),
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      closed boolean NOT NULL DEFAULT false,
      speaking_seconds integer NOT NULL DEFAULT 180 CHECK (speaking_seconds BETWEEN 30 AND 3600),
      current_request_id uuid REFERENCES speaker_requests(id),
      timer_started_at timestamptz,
      CHECK (timer_started_at IS NULL OR current_request_id IS NOT NULL)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE speaker_lists`.execute(db);
  await sql`DROP TABLE speaker_requests`.execute(db);
}
