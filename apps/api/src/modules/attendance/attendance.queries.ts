import { sql } from 'kysely';
import type { AttendanceTable } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

export type Presence = { present: true; channel: 'room' | 'online' } | { present: false };

/**
 * Where a member is now: the presence row, which the attendance trigger keeps in the transaction
 * of every check-in and check-out (migration 20261202T1350-attendance-presence).
 */
export async function presenceOf(db: Db, assemblyId: string, memberId: string): Promise<Presence> {
  const row = await db
    .selectFrom('presence')
    .select(['present', 'channel'])
    .where('assembly_id', '=', assemblyId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.present ? { present: true, channel: row.channel } : { present: false };
}

/** Members among `memberIds` who are checked in now. */
export async function presentAmong(
  db: Db,
  assemblyId: string,
  memberIds: readonly string[],
): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('presence')
    .select('member_id')
    .where('assembly_id', '=', assemblyId)
    .where('member_id', 'in', memberIds)
    .where('present', '=', true)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

/** Each member's standing at the desk: in the room, online, checked out, or never checked in. */
export async function deskStanding(
  db: Db,
  assemblyId: string,
  memberIds: readonly string[],
): Promise<{ memberId: string; presence: 'room' | 'online' | 'checked_out' | 'absent' }[]> {
  const rows =
    memberIds.length === 0
      ? []
      : await db
          .selectFrom('presence')
          .select(['member_id', 'present', 'channel'])
          .where('assembly_id', '=', assemblyId)
          .where('member_id', 'in', memberIds)
          .execute();
  const latest = new Map(rows.map((r) => [r.member_id, r] as const));
  return memberIds.map((memberId) => {
    const r = latest.get(memberId);
    if (r === undefined) return { memberId, presence: 'absent' as const };
    if (!r.present) return { memberId, presence: 'checked_out' as const };
    return { memberId, presence: r.channel === 'online' ? ('online' as const) : ('room' as const) };
  });
}

/**
 * Presence as the attendance log says it (the latest check-in or check-out per member), for the
 * test that the presence rows never disagree with the log.
 */
export async function presenceFromLog(db: Db, assemblyId: string) {
  const { rows } = await sql<{ member_id: string; present: boolean; channel: 'room' | 'online' }>`
    SELECT DISTINCT ON (member_id) member_id, event = 'check_in' AS present, channel FROM attendance
    WHERE assembly_id = ${assemblyId} AND event <> 'refused' ORDER BY member_id, id DESC`.execute(db);
  return rows;
}

/** The presence rows of an assembly, ordered by member. */
export async function presenceRows(db: Db, assemblyId: string) {
  return db
    .selectFrom('presence')
    .select(['member_id', 'present', 'channel'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('member_id')
    .execute();
}

/** An attendance event waiting for the ledger. */
export interface UnchainedAttendance {
  assemblyId: string;
  memberId: string;
  event: AttendanceTable['event'];
  channel: AttendanceTable['channel'];
  actor: string;
  reason: string | null;
  at: Date;
}

/**
 * Takes every attendance event not yet in the ledger out of the queue, in log order (the caller
 * holds the ledger head lock and chains them in the same transaction; a rollback puts them back).
 */
export async function takeUnchainedAttendance(trx: Db): Promise<UnchainedAttendance[]> {
  const { rows } = await sql<{
    assembly_id: string;
    member_id: string;
    event: AttendanceTable['event'];
    channel: AttendanceTable['channel'];
    actor: string;
    reason: string | null;
    at: Date;
  }>`
    WITH taken AS (DELETE FROM attendance_unchained RETURNING attendance_id)
    SELECT a.assembly_id, a.member_id, a.event, a.channel, a.actor, a.reason, a.at
    FROM attendance a JOIN taken t ON t.attendance_id = a.id ORDER BY a.id`.execute(trx);
  return rows.map((r) => ({
    assemblyId: r.assembly_id,
    memberId: r.member_id,
    event: r.event,
    channel: r.channel,
    actor: r.actor,
    reason: r.reason,
    at: new Date(r.at),
  }));
}

/** Whether any attendance event waits for the ledger (read without a lock, to skip idle runs). */
export async function attendanceUnchained(db: Db): Promise<boolean> {
  const row = await db.selectFrom('attendance_unchained').select('attendance_id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The live count of members present and votes represented. */
export async function attendanceSummary(db: Db, assemblyId: string) {
  const { rows } = await sql<{ present: number; room: number; online: number; represented: number }>`
    WITH present AS (
      SELECT member_id, channel FROM presence WHERE assembly_id = ${assemblyId} AND present
    ),
    grants AS (
      SELECT DISTINCT ON (grant_id) grant_id, event, principal_id, holder_member_id FROM proxies
      WHERE assembly_id = ${assemblyId} AND event IN ('granted', 'revoked') ORDER BY grant_id, id DESC
    )
    SELECT (SELECT count(*)::int FROM present) AS present,
      (SELECT count(*)::int FROM present WHERE channel = 'room') AS room,
      (SELECT count(*)::int FROM present WHERE channel = 'online') AS online,
      (SELECT count(*)::int FROM grants g WHERE g.event = 'granted'
        AND g.holder_member_id IN (SELECT member_id FROM present)
        AND g.principal_id NOT IN (SELECT member_id FROM present)) AS represented`.execute(db);
  const r = rows[0] ?? { present: 0, room: 0, online: 0, represented: 0 };
  return {
    assemblyId,
    presentMembers: r.present,
    inRoom: r.room,
    online: r.online,
    representedByProxy: r.represented,
    votesRepresented: r.present + r.represented,
  };
}

/** One row of the append-only attendance log: a check-in, a check-out or a refused admission. */
export interface AttendanceEvent {
  assemblyId: string;
  memberId: string;
  event: AttendanceTable['event'];
  channel: AttendanceTable['channel'];
  actor: string;
  reason: string | null;
  at: Date;
}

/** Appends an event to the attendance log. */
export async function insertAttendanceEvent(db: Db, e: AttendanceEvent): Promise<void> {
  await db
    .insertInto('attendance')
    .values({
      assembly_id: e.assemblyId,
      member_id: e.memberId,
      event: e.event,
      channel: e.channel,
      actor: e.actor,
      reason: e.reason,
      at: e.at,
    })
    .execute();
}

/** Appends many events to the attendance log in one statement (log order = array order). */
export async function insertAttendanceEvents(db: Db, events: readonly AttendanceEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('attendance')
    .values(
      events.map((e) => ({
        assembly_id: e.assemblyId,
        member_id: e.memberId,
        event: e.event,
        channel: e.channel,
        actor: e.actor,
        reason: e.reason,
        at: e.at,
      })),
    )
    .execute();
}

/** Member ids by member number (the numbers not found are missing from the map). */
export async function memberIdsByNumber(db: Db, numbers: readonly string[]): Promise<Map<string, string>> {
  if (numbers.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['id', 'member_number'])
    .where('member_number', 'in', [...new Set(numbers)])
    .execute();
  return new Map(rows.map((r) => [r.member_number, r.id] as const));
}
