import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/** The latest declaration of a poll's result, if any. */
export async function latestDeclaration(db: Db, pollId: string) {
  return (
    db
      .selectFrom('declarations')
      .select(['id', 'text', 'lang', 'translation', 'result', 'at', 'declared_by'])
      .where('poll_id', '=', pollId)
      .orderBy('at', 'desc')
      // R29: a correction recorded in the same instant as what it corrects is the later one.
      .orderBy(sql`corrects_id IS NOT NULL`, 'desc')
      .executeTakeFirst()
  );
}

/**
 * The roll rows a member may act for in a poll, with names: rows that name the member as an actor
 * (their own, or one they represent), and the rows of the member and of the given principals.
 */
export async function rollRowsFor(db: Db, pollId: string, memberId: string, principalIds: readonly string[]) {
  return db
    .selectFrom('poll_roll')
    .innerJoin('members', 'members.id', 'poll_roll.member_id')
    .select([
      'poll_roll.member_id',
      'poll_roll.status',
      'poll_roll.votes',
      'poll_roll.actors',
      'poll_roll.reason',
      'members.member_number',
      'members.given_name',
      'members.family_name',
    ])
    .where('poll_roll.poll_id', '=', pollId)
    .where((eb) =>
      eb.or([
        sql<boolean>`${memberId}::uuid = ANY(poll_roll.actors)`,
        eb('poll_roll.member_id', 'in', [memberId, ...principalIds]),
      ]),
    )
    .execute();
}

/** Why a person is barred from voting in a poll by §43(6), if they are. */
export async function exclusionOf(db: Db, pollId: string, personId: string) {
  return db
    .selectFrom('poll_excluded_persons')
    .select('reason')
    .where('poll_id', '=', pollId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** Which of these members have already voted in a poll. */
export async function votedAmong(db: Db, pollId: string, memberIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('participation')
    .select('member_id')
    .where('poll_id', '=', pollId)
    .where('member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => r.member_id);
}
