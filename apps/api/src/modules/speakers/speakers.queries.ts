import { LIVE_SPEAKERS_NEXT, type LiveSpeakers, type SpeakerEntry } from '@plenum/contracts';
import { DEFAULT_SPEAKING_SECONDS, speakerQueue } from '@plenum/domain';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/types.ts';

/** The chair's state of one item's list; an item nobody asked about yet has the defaults. */
export interface SpeakerListState {
  closed: boolean;
  speakingSeconds: number;
  currentRequestId: string | null;
  timerStartedAt: Date | null;
}

/** A request with the member's number and name, as the chair and the minutes name it. */
export interface SpeakerRow {
  id: string;
  order: number;
  memberId: string;
  memberNumber: string;
  name: string;
  pointOfOrder: boolean;
  requestedAt: Date;
  status: 'waiting' | 'withdrawn' | 'called';
  callNo: number | null;
}

/** The assembly's current item id (null before the chair calls one up); undefined: no assembly. */
export async function currentItemOf(db: Db, assemblyId: string): Promise<string | null | undefined> {
  const row = await db
    .selectFrom('assemblies')
    .select(['current_item_id'])
    .where('id', '=', assemblyId)
    .executeTakeFirst();
  return row ? row.current_item_id : undefined;
}

const DEFAULT_STATE: SpeakerListState = {
  closed: false,
  speakingSeconds: DEFAULT_SPEAKING_SECONDS,
  currentRequestId: null,
  timerStartedAt: null,
};

/** The list's state, read without a lock. */
export async function readList(db: Db, itemId: string): Promise<SpeakerListState> {
  const row = await db
    .selectFrom('speaker_lists')
    .select(['closed', 'speaking_seconds', 'current_request_id', 'timer_started_at'])
    .where('agenda_item_id', '=', itemId)
    .executeTakeFirst();
  return row
    ? {
        closed: row.closed,
        speakingSeconds: row.speaking_seconds,
        currentRequestId: row.current_request_id,
        timerStartedAt: row.timer_started_at,
      }
    : DEFAULT_STATE;
}

/**
 * The list's row, created if missing, locked for the rest of the transaction: every change of an
 * item's list (requests included) queues here, so the checks and the write see one state.
 */
export async function lockList(trx: Trx, assemblyId: string, itemId: string): Promise<SpeakerListState> {
  await trx
    .insertInto('speaker_lists')
    .values({ agenda_item_id: itemId, assembly_id: assemblyId })
    .onConflict((oc) => oc.column('agenda_item_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('speaker_lists')
    .select(['closed', 'speaking_seconds', 'current_request_id', 'timer_started_at'])
    .where('agenda_item_id', '=', itemId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return {
    closed: row.closed,
    speakingSeconds: row.speaking_seconds,
    currentRequestId: row.current_request_id,
    timerStartedAt: row.timer_started_at,
  };
}

export async function updateList(
  trx: Trx,
  itemId: string,
  patch: Partial<{
    closed: boolean;
    speaking_seconds: number;
    current_request_id: string | null;
    timer_started_at: Date | null;
  }>,
): Promise<void> {
  await trx.updateTable('speaker_lists').set(patch).where('agenda_item_id', '=', itemId).execute();
}

/** An item's requests with the members' names; `status` narrows them (all when omitted). */
export async function speakerRows(
  db: Db,
  itemId: string,
  status?: SpeakerRow['status'],
): Promise<SpeakerRow[]> {
  const rows = await db
    .selectFrom('speaker_requests as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .select([
      'r.id',
      'r.seq',
      'r.member_id',
      'm.member_number',
      'm.given_name',
      'm.family_name',
      'r.point_of_order',
      'r.requested_at',
      'r.status',
      'r.call_no',
    ])
    .where('r.agenda_item_id', '=', itemId)
    .$if(status !== undefined, (q) => q.where('r.status', '=', status ?? 'waiting'))
    .orderBy('r.seq')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    order: Number(r.seq),
    memberId: r.member_id,
    memberNumber: r.member_number,
    name: `${r.given_name} ${r.family_name}`.trim(),
    pointOfOrder: r.point_of_order,
    requestedAt: r.requested_at,
    status: r.status,
    callNo: r.call_no,
  }));
}

export async function insertRequest(
  trx: Trx,
  row: { assemblyId: string; itemId: string; memberId: string; pointOfOrder: boolean; at: Date },
): Promise<string> {
  const inserted = await trx
    .insertInto('speaker_requests')
    .values({
      assembly_id: row.assemblyId,
      agenda_item_id: row.itemId,
      member_id: row.memberId,
      point_of_order: row.pointOfOrder,
      requested_at: row.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Ends a waiting request: withdrawn, or called with the next place in the order of speakers. */
export async function endRequest(
  trx: Trx,
  itemId: string,
  requestId: string,
  status: 'withdrawn' | 'called',
  at: Date,
): Promise<number | null> {
  const callNo =
    status === 'called'
      ? ((
          await sql<{ n: number }>`
            SELECT coalesce(max(call_no), 0)::int + 1 AS n FROM speaker_requests
            WHERE agenda_item_id = ${itemId}`.execute(trx)
        ).rows[0]?.n ?? 1)
      : null;
  await trx
    .updateTable('speaker_requests')
    .set({ status, ended_at: at, call_no: callNo })
    .where('id', '=', requestId)
    .where('status', '=', 'waiting')
    .execute();
  return callNo;
}

export function entryOf(row: SpeakerRow): SpeakerEntry {
  return {
    requestId: row.id,
    memberId: row.memberId,
    memberNumber: row.memberNumber,
    name: row.name,
    pointOfOrder: row.pointOfOrder,
    requestedAt: row.requestedAt.toISOString(),
  };
}

/** The live view of the current item's list: the speaker, the clock and the next few, by name. */
export async function loadLiveSpeakers(db: Db, itemId: string | null): Promise<LiveSpeakers | null> {
  if (itemId === null) return null;
  const list = await readList(db, itemId);
  const rows = await speakerRows(db, itemId);
  const queue = speakerQueue(rows.filter((r) => r.status === 'waiting'));
  const current = list.currentRequestId ? rows.find((r) => r.id === list.currentRequestId) : undefined;
  return {
    itemId,
    closed: list.closed,
    speakingSeconds: list.speakingSeconds,
    current: current ? { name: current.name, pointOfOrder: current.pointOfOrder } : null,
    startedAt: list.timerStartedAt ? list.timerStartedAt.toISOString() : null,
    next: queue.slice(0, LIVE_SPEAKERS_NEXT).map((r) => ({ name: r.name, pointOfOrder: r.pointOfOrder })),
    waiting: queue.length,
  };
}
