import { sql } from 'kysely';
import type { Db } from '../db/types.ts';

/** Every member's id and member number. */
export async function memberNumbers(db: Db): Promise<{ id: string; member_number: string }[]> {
  return db.selectFrom('members').select(['id', 'member_number']).execute();
}

/** A member's given and family name. */
export async function memberNames(
  db: Db,
  memberId: string,
): Promise<{ given_name: string; family_name: string }> {
  return db
    .selectFrom('members')
    .select(['given_name', 'family_name'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
}

/** Records the day the expulsion letter was sent to a member (§68(2) GenG). */
export async function setExpulsionLetterSent(db: Db, memberId: string, sentAt: Date): Promise<void> {
  await db
    .updateTable('members')
    .set({ expulsion_letter_sent_at: sentAt })
    .where('id', '=', memberId)
    .execute();
}

/** How many members and assemblies there are together. */
export async function countMembersAndAssemblies(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM members) + (SELECT count(*) FROM assemblies) AS n`.execute(db);
  return Number(rows[0]?.n ?? 0);
}
