import type { Db } from '../../db/types.ts';

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
