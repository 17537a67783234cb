/**
 * Motions from the floor (Anträge aus der Versammlung): what a member present may move during
 * the assembly on the item the chair has called up, and in which order the assembly votes on them.
 *
 * Kinds:
 * - procedural motions (Geschäftsordnungsanträge) on running the meeting: close the debate
 *   (Schluss der Debatte), adjourn (Vertagung), vote by secret ballot (geheime Abstimmung), change
 *   the order of the agenda (Änderung der Tagesordnung);
 * - motions on the item's own motion (Hauptantrag): an amendment (Änderungsantrag) changes it, a
 *   counter-motion (Gegenantrag) puts something else in its place;
 * - a motion to resolve on a new item (neuer Beschlussgegenstand), which R17 always refuses.
 *
 * Voting order (C11, order of business; see docs/RULES.md):
 * 1. procedural motions, before anything on the item's substance;
 * 2. counter-motions, before the main motion (one that is adopted makes the main motion and every
 *    other pending motion on it lapse);
 * 3. amendments, before the main motion;
 * within each group, the furthest-reaching first — the chair ranks reach when admitting a motion
 * (1 reaches furthest) — and equal ranks in submission order. The main motion itself (the item's
 * own poll) comes after all of them.
 */
import { type AnnouncedItem, checkItemNotice } from './convening.ts';
import type { CalendarDate } from './dates.ts';
import { type ItemKind, itemKindRule } from './item-kinds.ts';
import { fail, ok, type Result } from './result.ts';

/** Procedural motions (Geschäftsordnungsanträge): on running the meeting, no notice needed (R17). */
export const PROCEDURAL_MOTION_KINDS = ['close_debate', 'adjourn', 'secret_ballot', 'agenda_order'] as const;
/** Motions on the item's own motion: amendment (Änderungsantrag), counter-motion (Gegenantrag). */
export const ITEM_MOTION_KINDS = ['counter_motion', 'amendment'] as const;
/** Every kind a member may submit; `new_item` is always refused (R17). */
export const FLOOR_MOTION_KINDS = [...PROCEDURAL_MOTION_KINDS, ...ITEM_MOTION_KINDS, 'new_item'] as const;

export type ProceduralMotionKind = (typeof PROCEDURAL_MOTION_KINDS)[number];
export type FloorMotionKind = (typeof FLOOR_MOTION_KINDS)[number];

/** The life of a floor motion, from submission to its result. */
export const FLOOR_MOTION_STATUSES = [
  'submitted',
  'rejected',
  'admitted',
  'voting',
  'adopted',
  'defeated',
  'lapsed',
] as const;
export type FloorMotionStatus = (typeof FLOOR_MOTION_STATUSES)[number];

/** The longest motion text a member may submit (characters). */
export const FLOOR_MOTION_TEXT_MAX = 2000;

export function isProcedural(kind: FloorMotionKind): kind is ProceduralMotionKind {
  return (PROCEDURAL_MOTION_KINDS as readonly string[]).includes(kind);
}

/** The item a floor motion is moved on; `announcedOn` is null when it came with the notice itself. */
export interface FloorItem extends Omit<AnnouncedItem, 'announcedOn'> {
  readonly id: string;
  readonly announcedOn: CalendarDate | null;
}

/** What a submission is judged on; the caller loads it in the submission's transaction. */
export interface FloorMotionSubmission {
  readonly kind: FloorMotionKind;
  readonly text: string;
  /** The item the chair has called up, with its kind and announcement; null before any. */
  readonly item: FloorItem | null;
  readonly assemblyDate: CalendarDate;
  /** R25: checked in now, in the room or online. */
  readonly present: boolean;
}

/**
 * Decides a submission. There must be a current item and the member must be present (R25).
 * R17, §46(2): a procedural motion needs no notice, on any item; an amendment or a counter-motion
 * stays within the announced item, so it is allowed where the item itself may be resolved on
 * (announced in time) and only on an item that is decided by a yes/no vote; a motion to resolve on
 * a new item is refused, because that item was never announced. A procedural motion may come
 * without text; the others need their wording.
 */
export function checkFloorMotion(s: FloorMotionSubmission): Result<{ itemId: string; text: string }> {
  if (s.item === null)
    return fail('floor_motion.no_current_item', 'The chair has not called up an item yet.');
  if (!s.present)
    return fail('floor_motion.not_present', 'Check in first: only members present may move a motion.');
  if (s.kind === 'new_item')
    return fail(
      'floor_motion.new_item_not_announced',
      'A new item cannot be resolved on: it was not announced with the notice of the meeting (§46(2)).',
    );
  const text = s.text.trim();
  if (text.length > FLOOR_MOTION_TEXT_MAX)
    return fail('floor_motion.text_too_long', `A motion has at most ${FLOOR_MOTION_TEXT_MAX} characters.`, {
      max: FLOOR_MOTION_TEXT_MAX,
    });
  if (isProcedural(s.kind)) return ok({ itemId: s.item.id, text });
  if (itemKindRule(s.item.kind).decision !== 'majority')
    return fail(
      'floor_motion.item_not_votable',
      'This item is not decided by a yes/no vote; amendments and counter-motions need a motion to change.',
    );
  if (text.length === 0) return fail('floor_motion.text_required', 'Write the wording of the motion.');
  if (s.item.announcedOn !== null) {
    const notice = checkItemNotice({ ...s.item, announcedOn: s.item.announcedOn }, s.assemblyDate, false);
    if (!notice.ok) return notice;
  }
  return ok({ itemId: s.item.id, text });
}

/**
 * The item kind a floor motion's poll is held as, which gives its threshold and exclusions: a
 * procedural motion as a procedural motion (simple majority, R13); an amendment or counter-motion as
 * the item it changes (the item's threshold, R14, and its §43(6) exclusions, R10).
 */
export function floorMotionPollKind(kind: FloorMotionKind, itemKind: ItemKind): ItemKind {
  return isProcedural(kind) ? 'procedural_motion' : itemKind;
}

/** The chair admits a submitted motion with its reach rank (1 reaches furthest), or rejects it with a reason. */
export function checkAdmission(
  status: FloorMotionStatus,
  decision:
    | { readonly admit: true; readonly reach: number }
    | { readonly admit: false; readonly reason: string },
): Result<true> {
  if (status !== 'submitted')
    return fail('floor_motion.not_submitted', 'The chair has decided on this motion already.', { status });
  if (decision.admit && (!Number.isInteger(decision.reach) || decision.reach < 1 || decision.reach > 99))
    return fail('floor_motion.reach_invalid', 'The reach rank is a whole number from 1 (furthest) to 99.');
  if (!decision.admit && decision.reason.trim().length === 0)
    return fail('floor_motion.reason_required', 'Give the reason for rejecting the motion.');
  return ok(true);
}

/** A motion as the order sees it. `seq` is the submission order; `reach` the chair's rank. */
export interface OrderedMotion {
  readonly id: string;
  readonly kind: FloorMotionKind;
  readonly reach: number;
  readonly seq: number;
}

function group(kind: FloorMotionKind): number {
  if (isProcedural(kind)) return 0;
  return kind === 'counter_motion' ? 1 : 2;
}

/**
 * The voting order of admitted motions (C11): procedural motions, then counter-motions, then
 * amendments; within each group by reach rank (1 first), equal ranks by submission order. A total
 * order: the input order never matters.
 */
export function votingOrder<T extends OrderedMotion>(motions: readonly T[]): T[] {
  return [...motions].sort(
    (a, b) =>
      group(a.kind) - group(b.kind) ||
      a.reach - b.reach ||
      a.seq - b.seq ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** A motion with its state, for choosing what comes to the vote next. */
export interface TrackedMotion extends OrderedMotion {
  readonly status: FloorMotionStatus;
}

/**
 * The next motion to put to the vote: the first admitted one in voting order. Refused while another
 * motion of the item is being voted on (its result not recorded yet), or when none is waiting.
 */
export function nextToVote<T extends TrackedMotion>(motions: readonly T[]): Result<T> {
  const voting = motions.find((m) => m.status === 'voting');
  if (voting)
    return fail('floor_motion.vote_pending', 'Record the result of the motion being voted on first.', {
      motionId: voting.id,
    });
  const [next] = votingOrder(motions.filter((m) => m.status === 'admitted'));
  return next ? ok(next) : fail('floor_motion.nothing_to_vote', 'No admitted motion is waiting for a vote.');
}

/** What follows from a motion's result. */
export interface Outcome {
  readonly status: 'adopted' | 'defeated';
  /** Motions of the item that lapse with it (a counter-motion adopted: the other pending ones). */
  readonly lapsed: readonly string[];
  /** True when the item's main motion lapses (a counter-motion was adopted in its place). */
  readonly mainMotionLapses: boolean;
}

/**
 * The result of a voted motion. An adopted counter-motion replaces the main motion: the main motion
 * and every admitted motion on it still waiting lapse (procedural motions stay). An adopted
 * amendment needs the main motion's wording as amended, which the minutes record.
 */
export function decideOutcome(
  motion: TrackedMotion,
  adopted: boolean,
  others: readonly TrackedMotion[],
  amendedText: string | undefined,
): Result<Outcome & { amendedText: string | null }> {
  if (motion.status !== 'voting')
    return fail('floor_motion.not_voting', 'This motion is not being voted on.', { status: motion.status });
  const amended = amendedText?.trim() ?? '';
  if (adopted && motion.kind === 'amendment' && amended.length === 0)
    return fail('floor_motion.amended_text_required', 'State the main motion as the amendment changes it.');
  if (amended.length > FLOOR_MOTION_TEXT_MAX * 5)
    return fail('floor_motion.text_too_long', 'The amended text is too long.', {
      max: FLOOR_MOTION_TEXT_MAX * 5,
    });
  const replaces = adopted && motion.kind === 'counter_motion';
  const lapsed = replaces
    ? others
        .filter((m) => m.id !== motion.id && m.status === 'admitted' && !isProcedural(m.kind))
        .map((m) => m.id)
    : [];
  return ok({
    status: adopted ? 'adopted' : 'defeated',
    lapsed,
    mainMotionLapses: replaces,
    amendedText: adopted && motion.kind === 'amendment' ? amended : null,
  });
}
