/**
 * The speakers' list (Redeliste) of an agenda item: who asked to speak, in which order they are
 * called, and the speaking-time clock.
 *
 * Order (C11, order of business): requests "zur Geschäftsordnung" (points of order) come before
 * every ordinary request, each group in the order the requests were made. R25: members in the
 * room and online request the same way, and only members who are present may request.
 */
import { fail, ok, type Result } from './result.ts';

/** One waiting request to speak. `order` is the request order (a growing number per list). */
export interface SpeakerRequest {
  readonly id: string;
  readonly memberId: string;
  readonly pointOfOrder: boolean;
  readonly order: number;
}

/** The speaking time when none is configured: three minutes. */
export const DEFAULT_SPEAKING_SECONDS = 180;
/** The bounds of a configured speaking time (30 seconds to one hour). */
export const SPEAKING_SECONDS_MIN = 30;
export const SPEAKING_SECONDS_MAX = 3600;

/**
 * The queue in speaking order: points of order first, then ordinary requests, each in request
 * order. Stable and total: ties on `order` (which the store never produces) keep the input order.
 */
export function speakerQueue<T extends SpeakerRequest>(requests: readonly T[]): T[] {
  return requests
    .map((request, index) => ({ request, index }))
    .sort(
      (a, b) =>
        Number(b.request.pointOfOrder) - Number(a.request.pointOfOrder) ||
        a.request.order - b.request.order ||
        a.index - b.index,
    )
    .map((x) => x.request);
}

/** A member's place in the queue (1 is next), or null if they have no waiting request. */
export function queuePlace(requests: readonly SpeakerRequest[], memberId: string): number | null {
  const index = speakerQueue(requests).findIndex((r) => r.memberId === memberId);
  return index < 0 ? null : index + 1;
}

/** What a new request is judged on; the caller loads it in the request's transaction. */
export interface SpeakRequestContext {
  /** The agenda item the chair is on, if any: requests are always for that item. */
  readonly currentItemId: string | null;
  readonly listClosed: boolean;
  /** R25: checked in now, in the room or online. */
  readonly present: boolean;
  /** The member's waiting requests on this item (0 or 1). */
  readonly waiting: readonly SpeakerRequest[];
  readonly memberId: string;
}

/**
 * Decides a request to speak: there must be a current item, the member must be present (R25),
 * the list open, and the member not waiting already (one open request per member and item).
 */
export function checkSpeakRequest(context: SpeakRequestContext): Result<{ itemId: string }> {
  if (context.currentItemId === null) {
    return fail('speakers.no_current_item', 'The chair has not called up an agenda item yet.');
  }
  if (!context.present) {
    return fail('speakers.not_present', 'Check in first: only members present may ask to speak.');
  }
  if (context.listClosed) {
    return fail('speakers.list_closed', "The chair has closed this item's list of speakers.");
  }
  if (context.waiting.some((r) => r.memberId === context.memberId)) {
    return fail('speakers.already_requested', 'You are already on the list of speakers for this item.');
  }
  return ok({ itemId: context.currentItemId });
}

/**
 * The request the chair calls: the head of the queue, or (with `requestId`) a specific waiting
 * request. A closed list still lets those waiting speak.
 */
export function pickSpeaker<T extends SpeakerRequest>(
  requests: readonly T[],
  requestId?: string | undefined,
): Result<T> {
  if (requestId !== undefined) {
    const chosen = requests.find((r) => r.id === requestId);
    return chosen
      ? ok(chosen)
      : fail('speakers.not_waiting', 'This request is not on the list (withdrawn or called already).', {
          requestId,
        });
  }
  const [next] = speakerQueue(requests);
  return next ? ok(next) : fail('speakers.queue_empty', 'Nobody is waiting to speak.');
}

/** Closing a closed list, or reopening an open one, is refused: it would change nothing. */
export function checkListChange(closed: boolean, close: boolean): Result<{ closed: boolean }> {
  if (close && closed) return fail('speakers.list_closed', 'The list of speakers is already closed.');
  if (!close && !closed) return fail('speakers.list_open', 'The list of speakers is open.');
  return ok({ closed: close });
}

/** The speaking-time clock may only start for a speaker, and only stop when it runs. */
export function checkTimer(
  state: { readonly hasSpeaker: boolean; readonly running: boolean },
  start: boolean,
): Result<true> {
  if (start && !state.hasSpeaker) return fail('speakers.no_speaker', 'Nobody has the floor.');
  if (!start && !state.running)
    return fail('speakers.timer_not_running', 'The speaking time is not running.');
  return ok(true);
}

/**
 * Seconds left of a speaking time started at `startedAt` (ISO instant), at `now`; negative once
 * the time is over (the screens show the overrun).
 */
export function remainingSeconds(startedAt: string, seconds: number, now: string): number {
  const elapsed = Math.floor((Date.parse(now) - Date.parse(startedAt)) / 1000);
  return seconds - elapsed;
}
