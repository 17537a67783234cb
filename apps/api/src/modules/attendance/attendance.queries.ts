import { sql } from 'kysely';
import type { AttendanceTable } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

export type Presence = { present: true; channel: 'room' | 'online' } | { present: false };

/** Where a member is now: the latest check-in or check-out decides (attendance is append-only). */
export async function presenceOf(db: Db, assemblyId: string, memberId: string): Promise<Presence> {
  const last = await db
    .selectFrom('attendance')
    .select(['event', 'channel'])
    .where('assembly_id', '=', assemblyId)
    .where('member_id', '=', memberId)
    .where('event', '!=', 'refused')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last?.event === 'check_in' ? { present: true, channel: last.channel } : { present: false };
}

/** Members among `memberIds` who are checked in now. */
export async function presentAmong(
  db: Db,
  assemblyId: string,
  memberIds: readonly string[],
): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('attendance')
    .distinctOn('member_id')
    .select(['member_id', 'event'])
    .where('assembly_id', '=', assemblyId)
    .where('member_id', 'in', memberIds)
    .where('event', '!=', 'refused')
    .orderBy('member_id')
    .orderBy('id', 'desc')
    .execute();
  return new Set(rows.filter((r) => r.event === 'check_in').map((r) => r.member_id));
}

/** Each member's latest attendance: in the room, online, checked out, or never checked in. */
export async function deskStanding(
  db: Db,
  assemblyId: string,
  memberIds: readonly string[],
): Promise<{ memberId: string; presence: 'room' | 'online' | 'checked_out' | 'absent' }[]> {
  const rows =
    memberIds.length === 0
      ? []
      : await db
          .selectFrom('attendance')
          .distinctOn('member_id')
          .select(['member_id', 'event', 'channel'])
          .where('assembly_id', '=', assemblyId)
          .where('member_id', 'in', memberIds)
          .where('event', '!=', 'refused')
          .orderBy('member_id')
          .orderBy('id', 'desc')
          .execute();
  const latest = new Map(rows.map((r) => [r.member_id, r] as const));
  return memberIds.map((memberId) => {
    const r = latest.get(memberId);
    if (r === undefined) return { memberId, presence: 'absent' as const };
    if (r.event !== 'check_in') return { memberId, presence: 'checked_out' as const };
    return { memberId, presence: r.channel === 'online' ? ('online' as const) : ('room' as const) };
  });
}

/** The live count of members present and votes represented. */
export async function attendanceSummary(db: Db, assemblyId: string) {
  const { rows } = await sql<{ present: number; room: number; online: number; represented: number }>`
    WITH latest AS (
      SELECT DISTINCT ON (member_id) member_id, event, channel FROM attendance
      WHERE assembly_id = ${assemblyId} AND event <> 'refused' ORDER BY member_id, id DESC
    ), present AS (SELECT member_id, channel FROM latest WHERE event = 'check_in'),
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
