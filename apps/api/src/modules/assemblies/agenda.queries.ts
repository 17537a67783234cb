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
  'proposer',
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
  /** Who proposes the motion ("Vorstand", a member's name); empty when not given. */
  proposer: string;
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
      proposer: item.proposer,
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
      'candidates.statement',
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

/** The file facts of every document of an assembly (never the bytes), oldest first per item. */
export async function documentsOfAssembly(db: Db, assemblyId: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'agenda_item_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One document with its bytes, only if it belongs to this assembly. */
export async function documentFile(db: Db, assemblyId: string, documentId: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'filename', 'content_type', 'size', 'sha256', 'content'])
    .where('id', '=', documentId)
    .where('assembly_id', '=', assemblyId)
    .executeTakeFirst();
}

export async function insertDocument(
  db: Db,
  row: {
    assemblyId: string;
    itemId: string;
    filename: string;
    size: number;
    sha256: string;
    content: Buffer;
    at: Date;
  },
) {
  return db
    .insertInto('documents')
    .values({
      assembly_id: row.assemblyId,
      agenda_item_id: row.itemId,
      filename: row.filename,
      content_type: 'application/pdf',
      size: row.size,
      sha256: row.sha256,
      content: row.content,
      created_at: row.at,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow();
}

/** The item of this assembly, locked against concurrent edits, or undefined. */
export async function lockItem(db: Db, assemblyId: string, itemId: string) {
  return db
    .selectFrom('agenda_items')
    .select(['id', 'kind', 'title', 'body', 'proposer'])
    .where('id', '=', itemId)
    .where('assembly_id', '=', assemblyId)
    .forUpdate()
    .executeTakeFirst();
}

/** How many polls of the item have left the draft state (opened, closed or declared). */
export async function startedPolls(db: Db, itemId: string): Promise<number> {
  const row = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('agenda_item_id', '=', itemId)
    .where('status', '!=', 'draft')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function updateItemText(
  db: Db,
  itemId: string,
  fields: { title?: string; body?: string; proposer?: string },
) {
  return db
    .updateTable('agenda_items')
    .set({
      ...(fields.title === undefined ? {} : { title: fields.title }),
      ...(fields.body === undefined ? {} : { body: fields.body }),
      ...(fields.proposer === undefined ? {} : { proposer: fields.proposer }),
    })
    .where('id', '=', itemId)
    .returning(['id', 'title', 'body', 'proposer'])
    .executeTakeFirstOrThrow();
}

/** The candidate on this item, with the member's id, or undefined. */
export async function candidateOfItem(db: Db, itemId: string, candidateId: string) {
  return db
    .selectFrom('candidates')
    .select(['id', 'member_id', 'statement'])
    .where('id', '=', candidateId)
    .where('agenda_item_id', '=', itemId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setCandidateStatement(db: Db, candidateId: string, statement: string) {
  await db.updateTable('candidates').set({ statement }).where('id', '=', candidateId).execute();
}

/** The sha256 of the candidate's photo, or null. */
export async function candidatePhotoHash(db: Db, candidateId: string): Promise<string | null> {
  const row = await db
    .selectFrom('candidate_photos')
    .select(['sha256'])
    .where('candidate_id', '=', candidateId)
    .executeTakeFirst();
  return row?.sha256 ?? null;
}

export async function upsertCandidatePhoto(
  db: Db,
  row: { candidateId: string; contentType: 'image/jpeg' | 'image/png'; sha256: string; content: Buffer },
) {
  const values = {
    content_type: row.contentType,
    size: row.content.length,
    sha256: row.sha256,
    content: row.content,
  };
  await db
    .insertInto('candidate_photos')
    .values({ candidate_id: row.candidateId, ...values })
    .onConflict((oc) => oc.column('candidate_id').doUpdateSet(values))
    .execute();
}

/** A candidate's photo, only if the candidate stands in this assembly. */
export async function candidatePhoto(db: Db, assemblyId: string, candidateId: string) {
  return db
    .selectFrom('candidate_photos')
    .innerJoin('candidates', 'candidates.id', 'candidate_photos.candidate_id')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .select([
      'candidate_photos.content_type',
      'candidate_photos.sha256',
      'candidate_photos.content',
      'agenda_items.assembly_id',
    ])
    .where('candidate_photos.candidate_id', '=', candidateId)
    .where('agenda_items.assembly_id', '=', assemblyId)
    .executeTakeFirst();
}

/** The photo hashes of an assembly's candidates, by candidate id. */
export async function candidatePhotoHashes(db: Db, assemblyId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('candidate_photos')
    .innerJoin('candidates', 'candidates.id', 'candidate_photos.candidate_id')
    .innerJoin('agenda_items', 'agenda_items.id', 'candidates.agenda_item_id')
    .select(['candidate_photos.candidate_id', 'candidate_photos.sha256'])
    .where('agenda_items.assembly_id', '=', assemblyId)
    .execute();
  return new Map(rows.map((r) => [r.candidate_id, r.sha256]));
}
