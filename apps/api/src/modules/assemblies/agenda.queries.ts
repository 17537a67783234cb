import type { ItemKind } from '@plenum/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

const AGENDA_ITEM_COLUMNS = [
  'id',
  'assembly_id',
  'position',
  'kind',
  'title',
  'body',
  'announced_on',
  'details',
] as const;

/** An agenda item as stored. */
export type AgendaItemRow = Awaited<ReturnType<typeof listAgendaItems>>[number];

/** The agenda of an assembly, in order. */
export async function listAgendaItems(db: Db, assemblyId: string) {
  return db
    .selectFrom('agenda_items')
    .select(AGENDA_ITEM_COLUMNS)
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
}

/** The agenda item with this id, if it belongs to this assembly. */
export async function findAgendaItem(
  db: Db,
  assemblyId: string,
  itemId: string,
): Promise<AgendaItemRow | undefined> {
  return db
    .selectFrom('agenda_items')
    .select(AGENDA_ITEM_COLUMNS)
    .where('id', '=', itemId)
    .where('assembly_id', '=', assemblyId)
    .executeTakeFirst();
}

/** The agenda item with this id (it must exist: a poll refers to it). */
export async function getAgendaItem(db: Db, itemId: string): Promise<AgendaItemRow> {
  return db
    .selectFrom('agenda_items')
    .select(AGENDA_ITEM_COLUMNS)
    .where('id', '=', itemId)
    .executeTakeFirstOrThrow();
}

/** Whether the agenda item with this id belongs to this assembly (its id, or undefined). */
export async function findAgendaItemId(
  db: Db,
  assemblyId: string,
  itemId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('agenda_items')
    .select('id')
    .where('id', '=', itemId)
    .where('assembly_id', '=', assemblyId)
    .executeTakeFirst();
}

/** The highest position on the agenda of an assembly; 0 when it is empty. */
export async function lastAgendaPosition(db: Db, assemblyId: string): Promise<number> {
  const last = await db
    .selectFrom('agenda_items')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('assembly_id', '=', assemblyId)
    .executeTakeFirst();
  return last?.max ?? 0;
}

export interface NewAgendaItem {
  assemblyId: string;
  position: number;
  kind: ItemKind;
  title: string;
  body: string;
  announcedOn: string | null;
  /** The item's details, as JSON. */
  details: string;
}

/** Stores an agenda item and answers its id and position. */
export async function insertAgendaItem(
  db: Db,
  item: NewAgendaItem,
): Promise<{ id: string; position: number }> {
  return db
    .insertInto('agenda_items')
    .values({
      assembly_id: item.assemblyId,
      position: item.position,
      kind: item.kind,
      title: item.title,
      body: item.body,
      announced_on: item.announcedOn,
      details: item.details,
    })
    .returning(['id', 'position'])
    .executeTakeFirstOrThrow();
}

/** The candidates of every election item of an assembly, with their names from the register. */
export async function listCandidates(db: Db, assemblyId: string) {
  return db
    .selectFrom('candidates')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .innerJoin('members', 'members.id', 'candidates.member_id')
    .select([
      'candidates.id',
      'candidates.agenda_item_id',
      'candidates.member_id',
      'candidates.position',
      'candidates.accepted_at',
      'members.member_number',
      'members.given_name',
      'members.family_name',
    ])
    .where('agenda_items.assembly_id', '=', assemblyId)
    .orderBy('candidates.position')
    .execute();
}

/** The member ids of the candidates nominated for an item, in the order of nomination. */
export async function nominatedCandidates(db: Db, itemId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('candidates')
    .select('member_id')
    .where('agenda_item_id', '=', itemId)
    .orderBy('position')
    .execute();
  return rows.map((c) => c.member_id);
}

/** The highest candidate position of an item; 0 when nobody is nominated. */
export async function lastCandidatePosition(db: Db, itemId: string): Promise<number> {
  const last = await db
    .selectFrom('candidates')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('agenda_item_id', '=', itemId)
    .executeTakeFirst();
  return last?.max ?? 0;
}

/** Nominates a member for an item; undefined when the member already is a candidate for it. */
export async function insertCandidate(
  db: Db,
  c: { itemId: string; memberId: string; position: number },
): Promise<{ id: string; position: number } | undefined> {
  return db
    .insertInto('candidates')
    .values({ agenda_item_id: c.itemId, member_id: c.memberId, position: c.position })
    .onConflict((oc) => oc.columns(['agenda_item_id', 'member_id']).doNothing())
    .returning(['id', 'position'])
    .executeTakeFirst();
}

/** The name the register gives a member, as the bundle and the minutes write it. */
export async function memberName(db: Db, memberId: string): Promise<string> {
  const m = await db
    .selectFrom('members')
    .select(['given_name', 'family_name'])
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return `${m.given_name} ${m.family_name}`.trim();
}

/** §37(2): the end of the last business period for which the management board was discharged. */
export async function dischargedThrough(db: Db): Promise<{ managementBoardDischargedThrough?: string }> {
  const { rows } = await sql<{ through: string | null }>`
    SELECT max((i.details->'discharge'->'period'->>'to')) AS through
    FROM polls p JOIN agenda_items i ON i.id = p.agenda_item_id JOIN declarations d ON d.poll_id = p.id
    WHERE p.item_kind = 'discharge_management_board' AND d.result->>'outcome' = 'passed'`.execute(db);
  const through = rows[0]?.through;
  return through ? { managementBoardDischargedThrough: through } : {};
}
