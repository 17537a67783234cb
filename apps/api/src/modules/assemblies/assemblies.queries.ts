import type { AssemblyStatus } from '@plenum/domain';
import { sql } from 'kysely';
import type { AssemblyForm, NoticeChannel } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';
import { Refusal } from '../refusal.ts';

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
  'invited_on',
  'notice_channel',
  'access_details',
  'proxy_deadline',
  'convened_at',
  'opened_at',
  'closed_at',
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

/**
 * Locks the assembly row and returns its state. A lifecycle transition takes it `for update`;
 * every action that depends on the state (check-in, proxy, opening a poll, a declaration) takes it
 * `for share`, so a transition waits for those in flight and later ones see the new state.
 */
export async function lockAssemblyState(trx: Trx, assemblyId: string, mode: 'update' | 'share') {
  const q = trx
    .selectFrom('assemblies')
    .select(['id', 'status', 'form', 'starts_at', 'statute'])
    .where('id', '=', assemblyId);
  const row = await (mode === 'update' ? q.forUpdate() : q.forShare()).executeTakeFirst();
  if (!row) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
  return row;
}

/** The agenda as the convening checks it (R16, R17): kind, announcement date and the exemptions. */
export async function conveningItems(db: Db | Trx, assemblyId: string) {
  return db
    .selectFrom('agenda_items')
    .select(['id', 'position', 'kind', 'announced_on', 'details'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
}

/** How many polls of the assembly are open for votes. */
export async function countOpenPolls(db: Db | Trx, assemblyId: string): Promise<number> {
  const row = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('assembly_id', '=', assemblyId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function markConvened(
  trx: Trx,
  assemblyId: string,
  c: {
    invitedOn: string;
    channel: NoticeChannel;
    accessDetails: string | null;
    proxyDeadline: string | null;
    at: Date;
  },
) {
  await trx
    .updateTable('assemblies')
    .set({
      status: 'convened' satisfies AssemblyStatus,
      invited_on: c.invitedOn,
      notice_channel: c.channel,
      access_details: c.accessDetails,
      proxy_deadline: c.proxyDeadline,
      convened_at: c.at,
    })
    .where('id', '=', assemblyId)
    .execute();
}

export async function markOpened(trx: Trx, assemblyId: string, at: Date) {
  await trx
    .updateTable('assemblies')
    .set({ status: 'open' satisfies AssemblyStatus, opened_at: at })
    .where('id', '=', assemblyId)
    .execute();
}

export async function markClosed(trx: Trx, assemblyId: string, at: Date) {
  await trx
    .updateTable('assemblies')
    .set({ status: 'closed' satisfies AssemblyStatus, closed_at: at })
    .where('id', '=', assemblyId)
    .execute();
}
