import type { OfficesTable } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

/** Writes members straight into the register (admitted on the given day); answers their ids in order. */
export async function insertDemoMembers(
  db: Db,
  members: readonly { memberNumber: string; givenName: string; familyName: string; admissionDate: string }[],
): Promise<string[]> {
  const rows = await db
    .insertInto('members')
    .values(
      members.map((m) => ({
        member_number: m.memberNumber,
        given_name: m.givenName,
        family_name: m.familyName,
        admission_date: m.admissionDate,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Writes board terms straight into the register of offices. */
export async function insertDemoOffices(
  db: Db,
  offices: readonly { memberId: string; body: OfficesTable['body']; from: string; to: string | null }[],
): Promise<void> {
  await db
    .insertInto('offices')
    .values(offices.map((o) => ({ member_id: o.memberId, body: o.body, from_date: o.from, to_date: o.to })))
    .execute();
}
