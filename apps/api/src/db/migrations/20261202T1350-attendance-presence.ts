import { type Kysely, sql } from 'kysely';

/*
 * Check-in without the ledger head lock.
 *
 * `presence` holds where each member is now (one row per member and assembly: present or not, the
 * channel, since when). A trigger on the append-only attendance log keeps it, in the same
 * transaction as the event, so it can never disagree with the log: a check-in of a member who is
 * present, or a check-out of one who is not, fails (SQLSTATE 23505, constraint presence_once /
 * presence_out), which also settles two desks checking in the same member at once.
 *
 * `attendance_unchained` queues every attendance event that is not yet in the ledger. The event
 * and its queue row commit together; the chainer (and every other ledger append, before its own
 * entries) moves the queue into `attendance.chained` entries in one transaction with the head lock,
 * so an acknowledged check-in reaches the ledger even if the process dies right after answering.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE presence (
      assembly_id uuid NOT NULL REFERENCES assemblies(id),
      member_id uuid NOT NULL REFERENCES members(id),
      present boolean NOT NULL,
      channel text NOT NULL CHECK (channel IN ('room', 'online')),
      at timestamptz NOT NULL,
      PRIMARY KEY (assembly_id, member_id)
    )`.execute(db);
  await sql`CREATE INDEX presence_present_idx ON presence (assembly_id, member_id) WHERE present`.execute(db);
  await sql`
    CREATE TABLE attendance_unchained (
      attendance_id bigint PRIMARY KEY REFERENCES attendance(id)
    )`.execute(db);
  // What the log says today (latest check-in or check-out per member); earlier events are chained.
  await sql`
    INSERT INTO presence (assembly_id, member_id, present, channel, at)
    SELECT DISTINCT ON (assembly_id, member_id) assembly_id, member_id, event = 'check_in', channel, at
    FROM attendance WHERE event <> 'refused'
    ORDER BY assembly_id, member_id, id DESC`.execute(db);
  await sql`
    CREATE FUNCTION plenum_attendance_recorded() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO attendance_unchained (attendance_id) VALUES (NEW.id);
      IF NEW.event = 'check_in' THEN
        INSERT INTO presence AS p (assembly_id, member_id, present, channel, at)
        VALUES (NEW.assembly_id, NEW.member_id, true, NEW.channel, NEW.at)
        ON CONFLICT (assembly_id, member_id) DO UPDATE SET present = true, channel = EXCLUDED.channel, at = EXCLUDED.at
        WHERE NOT p.present;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'member % is already checked in', NEW.member_id
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'presence_once';
        END IF;
      ELSIF NEW.event = 'check_out' THEN
        UPDATE presence SET present = false, at = NEW.at
        WHERE assembly_id = NEW.assembly_id AND member_id = NEW.member_id AND present;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'member % is not checked in', NEW.member_id
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'presence_out';
        END IF;
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER attendance_recorded AFTER INSERT ON attendance
    FOR EACH ROW EXECUTE FUNCTION plenum_attendance_recorded()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER attendance_recorded ON attendance`.execute(db);
  await sql`DROP FUNCTION plenum_attendance_recorded()`.execute(db);
  await sql`DROP TABLE attendance_unchained`.execute(db);
  await sql`DROP TABLE presence`.execute(db);
}
