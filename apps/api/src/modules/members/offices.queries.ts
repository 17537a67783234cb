import type { Office } from '@plenum/contracts';
import type { Db } from '../../db/types.ts';

export type OfficeBody = Office['body'];

export interface OfficeFilter {
  memberId?: string | undefined;
  body?: OfficeBody | undefined;
  /** Only terms held on this day. */
  on?: string | undefined;
}

function officesQuery(db: Db) {
  return db
    .selectFrom('offices')
    .innerJoin('members', 'members.id', 'offices.member_id')
    .select([
      'offices.id',
      'offices.member_id',
      'offices.body',
      'offices.from_date',
      'offices.to_date',
      'members.member_number',
      'members.given_name',
      'members.family_name',
    ]);
}

type OfficeRow = Awaited<ReturnType<ReturnType<typeof officesQuery>['executeTakeFirstOrThrow']>>;

export function toOffice(row: OfficeRow): Office {
  return {
    id: row.id,
    memberId: row.member_id,
    memberNumber: row.member_number,
    name: [row.given_name, row.family_name].filter((p) => p !== '').join(' '),
    body: row.body,
    from: row.from_date,
    to: row.to_date,
  };
}

export async function listOffices(db: Db, filter: OfficeFilter): Promise<Office[]> {
  const { memberId, body, on } = filter;
  const rows = await officesQuery(db)
    .$if(memberId !== undefined, (q) => q.where('offices.member_id', '=', memberId ?? ''))
    .$if(body !== undefined, (q) => q.where('offices.body', '=', body ?? 'management_board'))
    .$if(on !== undefined, (q) =>
      q
        .where('offices.from_date', '<=', on ?? '')
        .where((eb) => eb.or([eb('offices.to_date', 'is', null), eb('offices.to_date', '>=', on ?? '')])),
    )
    .orderBy('offices.body')
    .orderBy('offices.from_date')
    .orderBy('members.member_number')
    .execute();
  return rows.map(toOffice);
}

export async function findOffice(db: Db, officeId: string): Promise<Office | undefined> {
  const row = await officesQuery(db).where('offices.id', '=', officeId).executeTakeFirst();
  return row === undefined ? undefined : toOffice(row);
}

/** Terms of one person on one body that share at least one day with [from, to] (to null: open). */
export async function overlappingTerms(
  db: Db,
  term: { memberId: string; body: OfficeBody; from: string; to: string | null },
) {
  return db
    .selectFrom('offices')
    .select(['id', 'from_date', 'to_date'])
    .where('member_id', '=', term.memberId)
    .where('body', '=', term.body)
    .where((eb) => eb.or([eb('to_date', 'is', null), eb('to_date', '>=', term.from)]))
    .$if(term.to !== null, (q) => q.where('from_date', '<=', term.to ?? ''))
    .execute();
}

/** Stores a term and answers its id. */
export async function insertOffice(
  db: Db,
  term: { memberId: string; body: OfficeBody; from: string; to: string | null },
): Promise<{ id: string }> {
  return db
    .insertInto('offices')
    .values({ member_id: term.memberId, body: term.body, from_date: term.from, to_date: term.to })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** One term, its row locked until the transaction ends. */
export async function lockOffice(db: Db, officeId: string) {
  return db
    .selectFrom('offices')
    .select(['id', 'member_id', 'body', 'from_date', 'to_date'])
    .where('id', '=', officeId)
    .forUpdate()
    .executeTakeFirst();
}

/** Sets the last day in office of a term. */
export async function setOfficeEnd(db: Db, officeId: string, to: string): Promise<void> {
  await db.updateTable('offices').set({ to_date: to }).where('id', '=', officeId).execute();
}
