import { sql } from 'kysely';
import type { AssemblyForm } from '../../db/schema.ts';
import type { Db } from '../../db/types.ts';

/** Every column of an assembly, named (what `requireAssembly` and the views read). */
const ASSEMBLY_COLUMNS = [
  'id',
  'title',
  'form',
  'place',
  'registered_seat',
  'starts_at',
  'chair_name',
  'status',
  'statute',
  'current_item_id',
  'code',
  'created_at',
] as const;

/** An assembly as stored. */
export type AssemblyRow = NonNullable<Awaited<ReturnType<typeof findAssembly>>>;

/** The assembly with this id, or undefined. */
export async function findAssembly(db: Db, assemblyId: string) {
  return db.selectFrom('assemblies').select(ASSEMBLY_COLUMNS).where('id', '=', assemblyId).executeTakeFirst();
}

/**
 * The assembly with this id, its row locked until the transaction ends: changes to the assembly and
 * its proxies are serialised on it.
 */
export async function lockAssembly(db: Db, assemblyId: string): Promise<AssemblyRow | undefined> {
  return db
    .selectFrom('assemblies')
    .select(ASSEMBLY_COLUMNS)
    .where('id', '=', assemblyId)
    .forUpdate()
    .executeTakeFirst();
}

/** Like `lockAssembly`, for an assembly known to exist. */
export async function getLockedAssembly(db: Db, assemblyId: string): Promise<AssemblyRow> {
  return db
    .selectFrom('assemblies')
    .select(ASSEMBLY_COLUMNS)
    .where('id', '=', assemblyId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Every assembly, the latest start first. */
export async function listAssemblyRows(db: Db): Promise<AssemblyRow[]> {
  return db.selectFrom('assemblies').select(ASSEMBLY_COLUMNS).orderBy('starts_at', 'desc').execute();
}

export interface NewAssembly {
  title: string;
  form: AssemblyForm;
  place: string | null;
  registeredSeat: string;
  startsAt: string;
  chairName: string | null;
  /** The validated statute snapshot, as JSON. */
  statute: string;
  /** The short code (assembly-code.ts), unique. */
  code: string;
}

/**
 * Stores a new assembly (in preparation) unless its short code is taken: then nothing is written
 * and undefined is returned, so the caller draws another code without aborting its transaction.
 */
export async function insertAssembly(db: Db, a: NewAssembly): Promise<{ id: string } | undefined> {
  return db
    .insertInto('assemblies')
    .values({
      title: a.title,
      form: a.form,
      place: a.place,
      registered_seat: a.registeredSeat,
      starts_at: a.startsAt,
      chair_name: a.chairName,
      statute: a.statute,
      code: a.code,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .returning(['id'])
    .executeTakeFirst();
}

/** The fields of an assembly that can change while it is in preparation (absent: unchanged). */
export interface AssemblyChanges {
  title?: string;
  form?: AssemblyForm;
  place?: string | null;
  registered_seat?: string;
  starts_at?: string;
  chair_name?: string | null;
  /** The validated statute snapshot, as JSON. */
  statute?: string;
}

/** Changes an assembly and answers it as it now stands. */
export async function updateAssemblyRow(
  db: Db,
  assemblyId: string,
  changes: AssemblyChanges,
): Promise<AssemblyRow> {
  return db
    .updateTable('assemblies')
    .set(changes)
    .where('id', '=', assemblyId)
    .returning(ASSEMBLY_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Moves the assembly to an agenda item (null: none). */
export async function setAssemblyCurrentItem(
  db: Db,
  assemblyId: string,
  itemId: string | null,
): Promise<void> {
  await db.updateTable('assemblies').set({ current_item_id: itemId }).where('id', '=', assemblyId).execute();
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
