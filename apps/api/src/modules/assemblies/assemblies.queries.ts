import { sql } from 'kysely';
import type { AssemblyForm } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';

export interface NewAssemblyRow {
  title: string;
  form: AssemblyForm;
  place: string | null;
  registeredSeat: string;
  startsAt: string;
  chairName: string | null;
  statute: string;
  code: string;
}

/**
 * Inserts the assembly unless its short code is taken (then nothing is written and undefined is
 * returned, so the caller draws another code without aborting its transaction).
 */
export async function insertAssembly(trx: Trx, row: NewAssemblyRow): Promise<{ id: string } | undefined> {
  return trx
    .insertInto('assemblies')
    .values({
      title: row.title,
      form: row.form,
      place: row.place,
      registered_seat: row.registeredSeat,
      starts_at: row.startsAt,
      chair_name: row.chairName,
      statute: row.statute,
      code: row.code,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['id'])
    .executeTakeFirst();
}

/** What anyone may know about an assembly: what the projector and the letters show. */
export interface PublicAssemblyRow {
  id: string;
  code: string;
  title: string;
  place: string | null;
  starts_at: Date;
  status: 'preparation' | 'convened' | 'open' | 'closed';
}

const publicColumns = ['id', 'code', 'title', 'place', 'starts_at', 'status'] as const;

export async function findAssemblyByCode(db: Db, code: string): Promise<PublicAssemblyRow | undefined> {
  return db.selectFrom('assemblies').select(publicColumns).where('code', '=', code).executeTakeFirst();
}

/**
 * The assembly the start page names: one that is open, else convened, else in preparation (the
 * earliest first); when every assembly is closed, the latest one.
 */
export async function findCurrentAssembly(db: Db): Promise<PublicAssemblyRow | undefined> {
  return db
    .selectFrom('assemblies')
    .select(publicColumns)
    .orderBy(sql`CASE status WHEN 'open' THEN 0 WHEN 'convened' THEN 1 WHEN 'preparation' THEN 2 ELSE 3 END`)
    .orderBy(
      sql`CASE WHEN status = 'closed' THEN -extract(epoch FROM starts_at) ELSE extract(epoch FROM starts_at) END`,
    )
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}
