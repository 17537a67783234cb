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
}

/** Stores a new assembly (in preparation) and answers its id. */
export async function insertAssembly(db: Db, a: NewAssembly): Promise<{ id: string }> {
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
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
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
