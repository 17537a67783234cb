import type { MySpeakRequest, SpeakersView } from '@plenum/contracts';
import {
  checkListChange,
  checkSpeakRequest,
  checkTimer,
  DEFAULT_SPEAKING_SECONDS,
  pickSpeaker,
  queuePlace,
  speakerQueue,
} from '@plenum/domain';
import type { Db } from '../../db/types.ts';
import { presenceOf } from '../attendance/attendance.queries.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { Refusal, refuse } from '../refusal.ts';
import {
  currentItemOf,
  endRequest,
  entryOf,
  insertRequest,
  lockList,
  readList,
  speakerRows,
  updateList,
} from './speakers.queries.ts';

/*
 * The speakers' list of the current agenda item (docs/RULES.md, C11 and R25). Every request,
 * withdrawal, call and list change is a ledger entry in the same transaction; the list's row is
 * locked first, so concurrent requests and calls on one item queue and see one state.
 */

async function requireCurrentItem(db: Db, assemblyId: string): Promise<string | null> {
  const itemId = await currentItemOf(db, assemblyId);
  if (itemId === undefined)
    throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
  return itemId;
}

function noCurrentItem(): Refusal {
  return refuse({
    ok: false,
    reason: 'speakers.no_current_item',
    message: 'The chair has not called up an agenda item yet.',
  });
}

function changed(ctx: ServiceContext, assemblyId: string): void {
  ctx.afterCommit?.({ type: 'speakers.changed', assemblyId });
}

/** A member asks to speak on the current item, optionally as a point of order. */
export async function requestToSpeak(
  ctx: ServiceContext,
  assemblyId: string,
  memberId: string,
  pointOfOrder: boolean,
): Promise<MySpeakRequest> {
  await ctx.db.transaction().execute(async (trx) => {
    const currentItemId = await requireCurrentItem(trx, assemblyId);
    const list = currentItemId ? await lockList(trx, assemblyId, currentItemId) : null;
    const presence = await presenceOf(trx, assemblyId, memberId);
    const waiting = currentItemId ? await speakerRows(trx, currentItemId, 'waiting') : [];
    const decision = checkSpeakRequest({
      currentItemId,
      listClosed: list?.closed ?? false,
      present: presence.present,
      waiting,
      memberId,
    });
    if (!decision.ok) throw refuse(decision);
    const now = ctx.clock.now();
    const itemId = decision.value.itemId;
    const requestId = await insertRequest(trx, { assemblyId, itemId, memberId, pointOfOrder, at: now });
    await appendLedger(trx, [
      {
        type: 'speakers.requested',
        at: now,
        assemblyId,
        payload: {
          itemId,
          requestId,
          memberId,
          pointOfOrder,
          channel: presence.present ? presence.channel : null,
        },
      },
    ]);
  });
  changed(ctx, assemblyId);
  return myRequest(ctx.db, assemblyId, memberId);
}

/** A member withdraws their waiting request on the current item. */
export async function withdrawRequest(
  ctx: ServiceContext,
  assemblyId: string,
  memberId: string,
): Promise<MySpeakRequest> {
  await ctx.db.transaction().execute(async (trx) => {
    const itemId = await requireCurrentItem(trx, assemblyId);
    if (itemId === null) throw noCurrentItem();
    await lockList(trx, assemblyId, itemId);
    const mine = (await speakerRows(trx, itemId, 'waiting')).find((r) => r.memberId === memberId);
    if (!mine) {
      throw refuse({
        ok: false,
        reason: 'speakers.not_waiting',
        message: 'You have no request to speak on this item.',
      });
    }
    const now = ctx.clock.now();
    await endRequest(trx, itemId, mine.id, 'withdrawn', now);
    await appendLedger(trx, [
      { type: 'speakers.withdrawn', at: now, assemblyId, payload: { itemId, requestId: mine.id, memberId } },
    ]);
  });
  changed(ctx, assemblyId);
  return myRequest(ctx.db, assemblyId, memberId);
}

/** The member's own request on the current item and their place in the queue. */
export async function myRequest(db: Db, assemblyId: string, memberId: string): Promise<MySpeakRequest> {
  const itemId = await requireCurrentItem(db, assemblyId);
  const { present } = await presenceOf(db, assemblyId, memberId);
  if (itemId === null) return { itemId: null, closed: false, request: null, speaking: false, present };
  const list = await readList(db, itemId);
  const waiting = await speakerRows(db, itemId, 'waiting');
  const mine = waiting.find((r) => r.memberId === memberId);
  const place = queuePlace(waiting, memberId);
  const current = list.currentRequestId
    ? (await speakerRows(db, itemId, 'called')).find((r) => r.id === list.currentRequestId)
    : undefined;
  return {
    itemId,
    closed: list.closed,
    request: mine && place !== null ? { requestId: mine.id, pointOfOrder: mine.pointOfOrder, place } : null,
    speaking: current?.memberId === memberId,
    present,
  };
}

/** The chair's view of the current item's list. */
export async function speakersView(db: Db, assemblyId: string): Promise<SpeakersView> {
  const itemId = await requireCurrentItem(db, assemblyId);
  if (itemId === null) {
    return {
      itemId: null,
      closed: false,
      speakingSeconds: DEFAULT_SPEAKING_SECONDS,
      current: null,
      timerStartedAt: null,
      queue: [],
      spoken: [],
    };
  }
  const list = await readList(db, itemId);
  const rows = await speakerRows(db, itemId);
  const current = rows.find((r) => r.id === list.currentRequestId);
  return {
    itemId,
    closed: list.closed,
    speakingSeconds: list.speakingSeconds,
    current: current ? entryOf(current) : null,
    timerStartedAt: list.timerStartedAt ? list.timerStartedAt.toISOString() : null,
    queue: speakerQueue(rows.filter((r) => r.status === 'waiting')).map(entryOf),
    spoken: rows
      .filter((r) => r.status === 'called')
      .sort((a, b) => (a.callNo ?? 0) - (b.callNo ?? 0))
      .map(entryOf),
  };
}

/** The chair calls the next speaker (or, with `requestId`, a specific waiting one). */
export async function callSpeaker(
  ctx: ServiceContext,
  assemblyId: string,
  requestId: string | undefined,
  actor: Actor,
): Promise<SpeakersView> {
  await ctx.db.transaction().execute(async (trx) => {
    const itemId = await requireCurrentItem(trx, assemblyId);
    if (itemId === null) throw noCurrentItem();
    await lockList(trx, assemblyId, itemId);
    const picked = pickSpeaker(await speakerRows(trx, itemId, 'waiting'), requestId);
    if (!picked.ok) throw refuse(picked);
    const now = ctx.clock.now();
    const callNo = await endRequest(trx, itemId, picked.value.id, 'called', now);
    await updateList(trx, itemId, { current_request_id: picked.value.id, timer_started_at: null });
    await appendLedger(trx, [
      {
        type: 'speakers.called',
        at: now,
        assemblyId,
        payload: {
          itemId,
          requestId: picked.value.id,
          memberId: picked.value.memberId,
          pointOfOrder: picked.value.pointOfOrder,
          callNo,
          outOfTurn: requestId !== undefined,
          by: actorLabel(actor),
        },
      },
    ]);
  });
  changed(ctx, assemblyId);
  return speakersView(ctx.db, assemblyId);
}

/** Starts (from now, on the server's clock) or stops the speaking time of the current speaker. */
export async function setTimer(
  ctx: ServiceContext,
  assemblyId: string,
  start: boolean,
  seconds?: number | undefined,
): Promise<SpeakersView> {
  await ctx.db.transaction().execute(async (trx) => {
    const itemId = await requireCurrentItem(trx, assemblyId);
    if (itemId === null) throw noCurrentItem();
    const list = await lockList(trx, assemblyId, itemId);
    const check = checkTimer(
      { hasSpeaker: list.currentRequestId !== null, running: list.timerStartedAt !== null },
      start,
    );
    if (!check.ok) throw refuse(check);
    await updateList(trx, itemId, {
      timer_started_at: start ? ctx.clock.now() : null,
      ...(start && seconds !== undefined ? { speaking_seconds: seconds } : {}),
    });
  });
  changed(ctx, assemblyId);
  return speakersView(ctx.db, assemblyId);
}

/** Closes the list (no new requests; those waiting still speak) or reopens it. */
export async function setListClosed(
  ctx: ServiceContext,
  assemblyId: string,
  close: boolean,
  actor: Actor,
): Promise<SpeakersView> {
  await ctx.db.transaction().execute(async (trx) => {
    const itemId = await requireCurrentItem(trx, assemblyId);
    if (itemId === null) throw noCurrentItem();
    const list = await lockList(trx, assemblyId, itemId);
    const check = checkListChange(list.closed, close);
    if (!check.ok) throw refuse(check);
    const now = ctx.clock.now();
    await updateList(trx, itemId, { closed: close });
    await appendLedger(trx, [
      {
        type: close ? 'speakers.list_closed' : 'speakers.list_reopened',
        at: now,
        assemblyId,
        payload: { itemId, by: actorLabel(actor) },
      },
    ]);
  });
  changed(ctx, assemblyId);
  return speakersView(ctx.db, assemblyId);
}
