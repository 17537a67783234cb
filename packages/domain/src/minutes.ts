/**
 * Minutes (R26–R28, §47 GenG): the place to record, the required content and when an attendance
 * list must be attached. Rendering and signing happen elsewhere; these are the pure checks.
 */
import type { AssemblyForm } from './convening.ts';
import type { CalendarDate } from './dates.ts';
import type { ItemKind } from './item-kinds.ts';
import { fail, ok, type Result } from './result.ts';

/**
 * R26, §47(1): the place in the minutes. A virtual assembly, or an extended procedure with a
 * virtual discussion phase, records the eG's registered seat.
 */
export function minutesPlace(
  form: AssemblyForm,
  venue: string | null,
  registeredSeat: string,
  virtualDiscussionPhase = false,
): string {
  if (form === 'virtual' || (form === 'extended' && virtualDiscussionPhase) || venue === null)
    return registeredSeat;
  return venue;
}

/** An agenda item as far as §47(3) is concerned. */
export interface AttendanceListItem {
  readonly kind: ItemKind;
  /** Numbers of the §16(2) clauses (1–11) the amendment touches. */
  readonly amendmentClauses?: readonly number[];
  /** An essential change of the business object. */
  readonly essentialChangeOfObject?: boolean;
}

const LISTED_CLAUSES = new Set([2, 3, 4, 5, 9, 10, 11]);

/** R28, §47(3): true if the minutes need an attendance list. */
export function attendanceListRequired(
  multipleVotesOrInvestingMembers: boolean,
  items: readonly AttendanceListItem[],
): boolean {
  if (multipleVotesOrInvestingMembers) return true;
  return items.some(
    (item) =>
      item.kind === 'statute_amendment_obligation' ||
      item.kind === 'continuation' ||
      item.essentialChangeOfObject === true ||
      (item.amendmentClauses ?? []).some((c) => LISTED_CLAUSES.has(c)),
  );
}

/** The content of the minutes as far as R27 checks it. */
export interface MinutesDraft {
  readonly place: string;
  readonly date: CalendarDate;
  readonly form: AssemblyForm;
  readonly chairName: string;
  readonly resolutions: readonly {
    readonly method: string;
    readonly result: string;
    readonly declaration: string;
    /** R27: for virtual, hybrid or extended assemblies, who took part and by which channel. */
    readonly participation?: readonly { readonly memberId: string; readonly channel: string }[];
  }[];
  readonly signatures: { readonly chair: boolean; readonly managementBoardMembers: number };
  readonly conveningEvidenceAttached: boolean;
  readonly attendanceListAttached: boolean;
}

/** R27, R28: refuses minutes missing required content. */
export function checkMinutes(minutes: MinutesDraft, attendanceListNeeded: boolean): Result<MinutesDraft> {
  const blank = (s: string) => s.trim() === '';
  const missing = [
    blank(minutes.place) && 'place',
    blank(minutes.date) && 'date',
    blank(minutes.chairName) && 'chairName',
    minutes.resolutions.some((r) => blank(r.method) || blank(r.result) || blank(r.declaration)) &&
      'resolutions',
  ].filter((f): f is string => f !== false);
  if (missing.length > 0)
    return fail('minutes.field_missing', 'The minutes lack required content (§47(1)).', { missing });
  if (minutes.form !== 'in_person' && minutes.resolutions.some((r) => r.participation === undefined)) {
    return fail(
      'minutes.participation_list_missing',
      'Each resolution lists participating members and channel.',
    );
  }
  if (!minutes.signatures.chair || minutes.signatures.managementBoardMembers < 1) {
    return fail('minutes.signature_missing', 'Signed by the chair and at least one management-board member.');
  }
  if (!minutes.conveningEvidenceAttached) {
    return fail('minutes.convening_evidence_missing', 'Evidence of convening is attached (§47(2)).');
  }
  if (attendanceListNeeded && !minutes.attendanceListAttached) {
    return fail('minutes.attendance_list_missing', 'An attendance list must be attached (§47(3)).');
  }
  return ok(minutes);
}
