import type { ObjectionsTable } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

const OBJECTION_COLUMNS = [
  'id',
  'assembly_id',
  'poll_id',
  'member_id',
  'member_number',
  'text',
  'status',
  'reason',
  'recorded_by',
  'at',
] as const;

/** The member who objects, by id or else by member number, if on the register. */
export async function findObjector(
  db: Db,
  who: { memberId?: string | undefined; memberNumber?: string | undefined },
): Promise<{ id: string; member_number: string } | undefined> {
  return db
    .selectFrom('members')
    .select(['id', 'member_number'])
    .$if(who.memberId !== undefined, (q) => q.where('id', '=', who.memberId ?? ''))
    .$if(who.memberId === undefined, (q) => q.where('member_number', '=', who.memberNumber ?? ''))
    .executeTakeFirst();
}

/** Whether a poll with this id belongs to this assembly (its id, or undefined). */
export async function findPollInAssembly(
  db: Db,
  assemblyId: string,
  pollId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('polls')
    .select('id')
    .where('id', '=', pollId)
    .where('assembly_id', '=', assemblyId)
    .executeTakeFirst();
}

export interface NewObjection {
  assemblyId: string;
  pollId: string | null;
  memberId: string | null;
  memberNumber: string | null;
  text: string;
  status: ObjectionsTable['status'];
  reason: string | null;
  recordedBy: string;
  at: Date;
}

/** Records an objection (or a refused one, with its reason) and answers the stored row. */
export async function insertObjection(db: Db, o: NewObjection) {
  return db
    .insertInto('objections')
    .values({
      assembly_id: o.assemblyId,
      poll_id: o.pollId,
      member_id: o.memberId,
      member_number: o.memberNumber,
      text: o.text,
      status: o.status,
      reason: o.reason,
      recorded_by: o.recordedBy,
      at: o.at,
    })
    .returning(OBJECTION_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** The objections of an assembly, oldest first. */
export async function listObjectionRows(db: Db, assemblyId: string) {
  return db
    .selectFrom('objections')
    .select(OBJECTION_COLUMNS)
    .where('assembly_id', '=', assemblyId)
    .orderBy('at')
    .execute();
}
