import type { FloorMotionList, FloorMotionView } from '@plenum/contracts';
import {
  checkAdmission,
  checkFloorMotion,
  dateOf,
  decideOutcome,
  type FloorMotionKind,
  isProcedural,
  nextToVote,
  type TrackedMotion,
  votingOrder,
} from '@plenum/domain';
import { sha256Hex, utf8 } from '@plenum/ledger';
import type { Db } from '../../db/types.ts';
import { findAssembly } from '../assemblies/assemblies.queries.ts';
import { statuteOf } from '../assemblies/assemblies.service.ts';
import { assertAssemblyPermits } from '../assemblies/assembly-state.ts';
import { presenceOf } from '../attendance/attendance.queries.ts';
import { type Actor, actorLabel, type ServiceContext } from '../context.ts';
import { appendLedger } from '../ledger/ledger.queries.ts';
import { latestDeclaration } from '../polls/poll-views.queries.ts';
import { createPollIn } from '../polls/polls.service.ts';
import { Refusal, refuse } from '../refusal.ts';
import {
  currentItemFacts,
  decideFloorMotion,
  type FloorMotionRow,
  findFloorMotion,
  floorMotionRows,
  insertFloorMotion,
  lockItemMotions,
  mainMotionLapsed,
  markVoting,
  recordResult,
} from './floor-motions.queries.ts';

/*
 * Motions from the floor (docs/RULES.md, R17 and C11): a member present moves a motion on the
 * current item; the chair admits it with a reach rank or rejects it with a reason; admitted motions
 * are put to the vote one at a time in the domain's order (`votingOrder`), each as a yes/no poll on
 * the item; the declared result is recorded, and an adopted counter-motion makes the main motion
 * and the pending motions on it lapse. Every step is a ledger entry in the same transaction, with
 * the text's sha256, so the verifier binds what the minutes state.
 */

const textHash = (text: string) => sha256Hex(utf8(text));

function changed(ctx: ServiceContext, assemblyId: string): void {
  ctx.afterCommit?.({ type: 'floor_motions.changed', assemblyId });
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The view of each motion, with its place in the voting order among the item's motions to vote. */
function toViews(rows: readonly FloorMotionRow[]): FloorMotionView[] {
  const places = new Map<string, number>();
  const byItem = new Map<string, FloorMotionRow[]>();
  for (const r of rows)
    if (r.status === 'admitted') byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  for (const list of byItem.values())
    votingOrder(list.map(tracked)).forEach((m, i) => {
      places.set(m.id, i + 1);
    });
  return rows.map((r) => ({
    id: r.id,
    seq: r.seq,
    itemId: r.itemId,
    itemPosition: r.itemPosition,
    kind: r.kind,
    text: r.text,
    textSha256: r.textSha256,
    status: r.status,
    reach: r.reach,
    rejectionReason: r.rejectionReason,
    amendedText: r.amendedText,
    memberId: r.memberId,
    memberNumber: r.memberNumber,
    name: r.name,
    submittedAt: r.submittedAt.toISOString(),
    decidedAt: iso(r.decidedAt),
    resultAt: iso(r.resultAt),
    pollId: r.pollId,
    order: places.get(r.id) ?? null,
  }));
}

function tracked(r: FloorMotionRow): TrackedMotion & { id: string } {
  return { id: r.id, kind: r.kind, reach: r.reach ?? 99, seq: r.seq, status: r.status };
}

async function requireMotion(db: Db, assemblyId: string, motionId: string): Promise<FloorMotionRow> {
  const row = await findFloorMotion(db, assemblyId, motionId);
  if (!row)
    throw new Refusal('floor_motion.not_found', 'No motion from the floor with this id in this assembly.');
  return row;
}

/** Every motion of the assembly, in submission order, with the current item (the chair's panel). */
export async function listFloorMotions(db: Db, assemblyId: string): Promise<FloorMotionList> {
  const facts = await currentItemFacts(db, assemblyId);
  if (!facts) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
  return { currentItemId: facts.item?.id ?? null, motions: toViews(await floorMotionRows(db, assemblyId)) };
}

/** The member's own motions, in submission order. */
export async function myFloorMotions(db: Db, assemblyId: string, memberId: string): Promise<FloorMotionList> {
  const facts = await currentItemFacts(db, assemblyId);
  if (!facts) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
  const all = toViews(await floorMotionRows(db, assemblyId));
  return { currentItemId: facts.item?.id ?? null, motions: all.filter((m) => m.memberId === memberId) };
}

/**
 * A member present moves a motion on the current item (R25). R17: a procedural motion is taken on
 * any item; an amendment or counter-motion only where the item itself may be resolved on; a motion
 * to resolve on a new item is refused.
 */
export async function submitFloorMotion(
  ctx: ServiceContext,
  assemblyId: string,
  memberId: string,
  input: { kind: FloorMotionKind; text: string },
): Promise<FloorMotionView> {
  const id = await ctx.db.transaction().execute(async (trx) => {
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const facts = await currentItemFacts(trx, assemblyId);
    const assembly = await findAssembly(trx, assemblyId);
    if (!facts || !assembly)
      throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
    const presence = await presenceOf(trx, assemblyId, memberId);
    const statute = statuteOf(assembly);
    const decision = checkFloorMotion({
      kind: input.kind,
      text: input.text,
      item: facts.item && {
        id: facts.item.id,
        kind: facts.item.kind,
        announcedOn: facts.item.announcedOn,
        withinAnnouncedItem: facts.item.details.withinAnnouncedItem === true,
        convenesExtraordinaryAssembly: facts.item.details.convenesExtraordinaryAssembly === true,
      },
      assemblyDate: dateOf(new Date(facts.startsAt).toISOString(), statute.convening.timeZone),
      present: presence.present,
    });
    if (!decision.ok) throw refuse(decision);
    if (input.kind === 'new_item') throw new Error('unreachable: a new item is refused by the domain');
    // C11: once a counter-motion took the main motion's place, nothing is left to amend or replace.
    if (!isProcedural(input.kind) && (await mainMotionLapsed(trx, decision.value.itemId)))
      throw new Refusal(
        'floor_motion.main_motion_lapsed',
        'A counter-motion on this item was adopted; its main motion lapsed.',
      );
    const now = ctx.clock.now();
    const { itemId, text } = decision.value;
    const textSha256 = textHash(text);
    const row = await insertFloorMotion(trx, {
      assemblyId,
      itemId,
      memberId,
      kind: input.kind,
      text,
      textSha256,
      at: now,
    });
    await appendLedger(trx, [
      {
        type: 'floor_motion.submitted',
        at: now,
        assemblyId,
        payload: {
          motionId: row.id,
          itemId,
          memberId,
          kind: input.kind,
          text,
          textSha256,
          channel: presence.present ? presence.channel : null,
        },
      },
    ]);
    return row.id;
  });
  changed(ctx, assemblyId);
  const views = toViews(await floorMotionRows(ctx.db, assemblyId));
  return views.find((v) => v.id === id) as FloorMotionView;
}

/** The chair admits a submitted motion with its reach rank (1 furthest), or rejects it with a reason. */
export async function decideOnFloorMotion(
  ctx: ServiceContext,
  assemblyId: string,
  motionId: string,
  decision: { admit: true; reach: number } | { admit: false; reason: string },
  actor: Actor,
): Promise<FloorMotionView> {
  await ctx.db.transaction().execute(async (trx) => {
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const motion = await requireMotion(trx, assemblyId, motionId);
    await lockItemMotions(trx, motion.itemId);
    const fresh = await requireMotion(trx, assemblyId, motionId);
    const verdict = checkAdmission(fresh.status, decision);
    if (!verdict.ok) throw refuse(verdict);
    const now = ctx.clock.now();
    const by = actorLabel(actor);
    if (decision.admit) {
      await decideFloorMotion(trx, motionId, { status: 'admitted', reach: decision.reach, at: now, by });
      await appendLedger(trx, [
        {
          type: 'floor_motion.admitted',
          at: now,
          assemblyId,
          payload: { motionId, itemId: fresh.itemId, reach: decision.reach, by },
        },
      ]);
    } else {
      const reason = decision.reason.trim();
      await decideFloorMotion(trx, motionId, { status: 'rejected', reason, at: now, by });
      await appendLedger(trx, [
        {
          type: 'floor_motion.rejected',
          at: now,
          assemblyId,
          payload: { motionId, itemId: fresh.itemId, reason, by },
        },
      ]);
    }
  });
  changed(ctx, assemblyId);
  return view(ctx.db, assemblyId, motionId);
}

async function view(db: Db, assemblyId: string, motionId: string): Promise<FloorMotionView> {
  const views = toViews(await floorMotionRows(db, assemblyId));
  const v = views.find((x) => x.id === motionId);
  if (!v)
    throw new Refusal('floor_motion.not_found', 'No motion from the floor with this id in this assembly.');
  return v;
}

/**
 * Puts the next admitted motion of the current item to the vote (C11: procedural motions, then
 * counter-motions, then amendments, furthest reach first): creates its poll as a draft, which the
 * chair opens, closes and declares like any poll. One motion at a time: the previous result must
 * be recorded first.
 */
export async function putNextToVote(
  ctx: ServiceContext,
  assemblyId: string,
  actor: Actor,
): Promise<{ motion: FloorMotionView; pollId: string }> {
  const chosen = await ctx.db.transaction().execute(async (trx) => {
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const facts = await currentItemFacts(trx, assemblyId);
    if (!facts) throw new Refusal('assembly.not_found', 'No assembly with this id.', { assemblyId });
    if (!facts.item)
      throw refuse({
        ok: false,
        reason: 'floor_motion.no_current_item',
        message: 'The chair has not called up an item yet.',
      });
    await lockItemMotions(trx, facts.item.id);
    const rows = await floorMotionRows(trx, assemblyId, { itemId: facts.item.id });
    const next = nextToVote(rows.map(tracked));
    if (!next.ok) throw refuse(next);
    const motion = rows.find((r) => r.id === next.value.id) as FloorMotionRow;
    await markVoting(trx, motion.id);
    const itemId = facts.item.id;
    // The poll as for any poll on the item (R14, R17, R24), in this transaction: a refusal leaves
    // the motion waiting.
    const poll = await createPollIn(
      ctx,
      trx,
      assemblyId,
      {
        agendaItemId: itemId,
        floorMotion: { id: motion.id, kind: motion.kind, text: motion.text, textSha256: motion.textSha256 },
      },
      actor,
    );
    // Its place among the item's motions voted so far (1 is the first vote on a floor motion).
    const order = rows.filter((r) => r.pollId !== null).length + 1;
    await appendLedger(trx, [
      {
        type: 'floor_motion.put_to_vote',
        at: ctx.clock.now(),
        assemblyId,
        payload: { motionId: motion.id, itemId, pollId: poll.id, order, by: actorLabel(actor) },
      },
    ]);
    return { motionId: motion.id, pollId: poll.id };
  });
  changed(ctx, assemblyId);
  return { motion: await view(ctx.db, assemblyId, chosen.motionId), pollId: chosen.pollId };
}

/**
 * Records the result of a motion whose poll the chair has declared: adopted or defeated as
 * declared (R29). An adopted amendment records the main motion as amended; an adopted
 * counter-motion makes the main motion and the motions on it still waiting lapse.
 */
export async function recordFloorMotionResult(
  ctx: ServiceContext,
  assemblyId: string,
  motionId: string,
  input: { amendedText?: string | undefined },
  actor: Actor,
): Promise<FloorMotionView> {
  await ctx.db.transaction().execute(async (trx) => {
    await assertAssemblyPermits(trx, assemblyId, 'record');
    const first = await requireMotion(trx, assemblyId, motionId);
    await lockItemMotions(trx, first.itemId);
    const rows = await floorMotionRows(trx, assemblyId, { itemId: first.itemId });
    const motion = rows.find((r) => r.id === motionId) as FloorMotionRow;
    const declaration = motion.pollId ? await latestDeclaration(trx, motion.pollId) : undefined;
    if (motion.status === 'voting' && !declaration)
      throw new Refusal('floor_motion.not_declared', 'Declare the result of the poll on this motion first.');
    const adopted = (declaration?.result as { outcome?: string } | undefined)?.outcome === 'passed';
    const outcome = decideOutcome(tracked(motion), adopted, rows.map(tracked), input.amendedText);
    if (!outcome.ok) throw refuse(outcome);
    const now = ctx.clock.now();
    const { status, lapsed, mainMotionLapses, amendedText } = outcome.value;
    await recordResult(trx, { motionId, status, amendedText, lapsed, at: now });
    await appendLedger(trx, [
      {
        type: 'floor_motion.decided',
        at: now,
        assemblyId,
        payload: {
          motionId,
          itemId: motion.itemId,
          pollId: motion.pollId,
          outcome: status,
          amendedText,
          amendedTextSha256: amendedText === null ? null : textHash(amendedText),
          lapsed: [...lapsed],
          mainMotionLapses,
          by: actorLabel(actor),
        },
      },
    ]);
  });
  changed(ctx, assemblyId);
  return view(ctx.db, assemblyId, motionId);
}
