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
