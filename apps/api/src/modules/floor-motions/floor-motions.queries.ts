import type { FloorMotionKind, FloorMotionStatus, ItemKind } from '@plenum/domain';
import type { CanonicalObject } from '@plenum/ledger';
import type { Db, Trx } from '../../db/types.ts';

/** A floor motion with its mover's number and name and its poll, as the chair and minutes name it. */
export interface FloorMotionRow {
  id: string;
  seq: number;
  itemId: string;
  itemPosition: number;
  memberId: string;
  memberNumber: string;
  name: string;
  kind: Exclude<FloorMotionKind, 'new_item'>;
  text: string;
  textSha256: string;
  status: FloorMotionStatus;
  reach: number | null;
  rejectionReason: string | null;
  amendedText: string | null;
  submittedAt: Date;
  decidedAt: Date | null;
  resultAt: Date | null;
  pollId: string | null;
}

/** The item a motion may be moved on: the assembly's current item with its kind and announcement. */
export async function currentItemFacts(db: Db, assemblyId: string) {
  return db
    .selectFrom('assemblies as a')
    .leftJoin('agenda_items as i', 'i.id', 'a.current_item_id')
    .select(['a.id as assemblyId', 'a.starts_at', 'i.id', 'i.kind', 'i.announced_on', 'i.details'])
    .where('a.id', '=', assemblyId)
    .executeTakeFirst()
    .then((r) =>
      r === undefined
        ? undefined
        : {
            startsAt: r.starts_at,
            item:
              r.id === null || r.kind === null
                ? null
                : {
                    id: r.id,
                    kind: r.kind as ItemKind,
                    announcedOn: r.announced_on,
                    details: (r.details ?? {}) as Record<string, unknown>,
                  },
          },
    );
}

/** Stores a submitted motion; answers its id and submission order. */
export async function insertFloorMotion(
  trx: Trx,
  m: {
    assemblyId: string;
    itemId: string;
    memberId: string;
    kind: FloorMotionRow['kind'];
    text: string;
    textSha256: string;
    at: Date;
  },
): Promise<{ id: string; seq: number }> {
  const row = await trx
    .insertInto('floor_motions')
    .values({
      assembly_id: m.assemblyId,
      agenda_item_id: m.itemId,
      member_id: m.memberId,
      kind: m.kind,
      text: m.text,
      text_sha256: m.textSha256,
      submitted_at: m.at,
    })
    .returning(['id', 'seq'])
    .executeTakeFirstOrThrow();
  return { id: row.id, seq: Number(row.seq) };
}

const baseQuery = (db: Db) =>
  db
    .selectFrom('floor_motions as f')
    .innerJoin('members as m', 'm.id', 'f.member_id')
    .innerJoin('agenda_items as i', 'i.id', 'f.agenda_item_id')
    .leftJoin('polls as p', 'p.floor_motion_id', 'f.id')
    .select([
      'f.id',
      'f.seq',
      'f.agenda_item_id',
      'i.position',
      'f.member_id',
      'm.member_number',
      'm.given_name',
      'm.family_name',
      'f.kind',
      'f.text',
      'f.text_sha256',
      'f.status',
      'f.reach',
      'f.rejection_reason',
      'f.amended_text',
      'f.submitted_at',
      'f.decided_at',
      'f.result_at',
      'p.id as poll_id',
    ]);

type BaseRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function toRow(r: BaseRow): FloorMotionRow {
  return {
    id: r.id,
    seq: Number(r.seq),
    itemId: r.agenda_item_id,
    itemPosition: r.position,
    memberId: r.member_id,
    memberNumber: r.member_number,
    name: `${r.given_name} ${r.family_name}`.trim(),
    kind: r.kind,
    text: r.text,
    textSha256: r.text_sha256,
    status: r.status,
    reach: r.reach,
    rejectionReason: r.rejection_reason,
    amendedText: r.amended_text,
    submittedAt: new Date(r.submitted_at),
    decidedAt: r.decided_at === null ? null : new Date(r.decided_at),
    resultAt: r.result_at === null ? null : new Date(r.result_at),
    pollId: r.poll_id,
  };
}

/** The motions of an assembly (optionally of one item or one mover), in submission order. */
export async function floorMotionRows(
  db: Db,
  assemblyId: string,
  filter: { itemId?: string; memberId?: string } = {},
): Promise<FloorMotionRow[]> {
  const rows = await baseQuery(db)
    .where('f.assembly_id', '=', assemblyId)
    .$if(filter.itemId !== undefined, (q) => q.where('f.agenda_item_id', '=', filter.itemId ?? ''))
    .$if(filter.memberId !== undefined, (q) => q.where('f.member_id', '=', filter.memberId ?? ''))
    .orderBy('f.seq')
    .execute();
  return rows.map(toRow);
}

/** One motion of the assembly, if it exists. */
export async function findFloorMotion(db: Db, assemblyId: string, motionId: string) {
  const row = await baseQuery(db)
    .where('f.assembly_id', '=', assemblyId)
    .where('f.id', '=', motionId)
    .executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

/** The assembly a motion belongs to (for routes that name only the motion). */
export async function assemblyOfMotion(db: Db, motionId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('floor_motions')
    .select('assembly_id')
    .where('id', '=', motionId)
    .executeTakeFirst();
  return row?.assembly_id;
}

/**
 * Locks every motion of an item for the rest of the transaction: admissions, votes and results on
 * one item queue here, so the order and the one-vote-at-a-time rule see one state.
 */
export async function lockItemMotions(trx: Trx, itemId: string): Promise<void> {
  await trx
    .selectFrom('floor_motions')
    .select('id')
    .where('agenda_item_id', '=', itemId)
    .orderBy('seq')
    .forUpdate()
    .execute();
}

/** The chair's decision on a submitted motion. */
export async function decideFloorMotion(
  trx: Trx,
  motionId: string,
  d:
    | { status: 'admitted'; reach: number; at: Date; by: string }
    | { status: 'rejected'; reason: string; at: Date; by: string },
): Promise<void> {
  await trx
    .updateTable('floor_motions')
    .set({
      status: d.status,
      reach: d.status === 'admitted' ? d.reach : null,
      rejection_reason: d.status === 'rejected' ? d.reason : null,
      decided_at: d.at,
      decided_by: d.by,
    })
    .where('id', '=', motionId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow();
}

/** Marks a motion as being voted on (its poll is created in the same transaction). */
export async function markVoting(trx: Trx, motionId: string): Promise<void> {
  await trx.updateTable('floor_motions').set({ status: 'voting' }).where('id', '=', motionId).execute();
}

/** Records a voted motion's result and lets the given motions lapse. */
export async function recordResult(
  trx: Trx,
  r: {
    motionId: string;
    status: 'adopted' | 'defeated';
    amendedText: string | null;
    lapsed: readonly string[];
    at: Date;
  },
): Promise<void> {
  await trx
    .updateTable('floor_motions')
    .set({ status: r.status, amended_text: r.amendedText, result_at: r.at })
    .where('id', '=', r.motionId)
    .execute();
  if (r.lapsed.length > 0)
    await trx
      .updateTable('floor_motions')
      .set({ status: 'lapsed', result_at: r.at })
      .where('id', 'in', [...r.lapsed])
      .execute();
}

/** The main motion as the last adopted amendment on the item worded it; null when none was adopted. */
export async function amendedMainMotion(db: Db, itemId: string): Promise<string | null> {
  const row = await db
    .selectFrom('floor_motions')
    .select('amended_text')
    .where('agenda_item_id', '=', itemId)
    .where('kind', '=', 'amendment')
    .where('status', '=', 'adopted')
    .orderBy('result_at', 'desc')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.amended_text ?? null;
}

/** True once a counter-motion on the item was adopted: its main motion lapsed and is not voted on. */
export async function mainMotionLapsed(db: Db, itemId: string): Promise<boolean> {
  const row = await db
    .selectFrom('floor_motions')
    .select('id')
    .where('agenda_item_id', '=', itemId)
    .where('kind', '=', 'counter_motion')
    .where('status', '=', 'adopted')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The floor motions of an assembly as the export bundle states them (SPEC.md §10). */
export async function loadFloorMotions(db: Db, assemblyId: string): Promise<CanonicalObject[]> {
  const rows = await floorMotionRows(db, assemblyId);
  return rows.map((r) => ({
    id: r.id,
    itemId: r.itemId,
    memberId: r.memberId,
    kind: r.kind,
    text: r.text,
    textSha256: r.textSha256,
    status: r.status,
    reach: r.reach,
    rejectionReason: r.rejectionReason,
    amendedText: r.amendedText,
    pollId: r.pollId,
    submittedAt: r.submittedAt.toISOString(),
  }));
}
