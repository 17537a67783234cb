/**
 * Board offices: who sat on the management board (Vorstand) or supervisory board (Aufsichtsrat)
 * and when. Needed for §43(6) exclusions (R10, R11) and candidate checks (R21).
 */
import type { CalendarDate } from './dates.ts';

/** The two boards of an eG. */
export type Body = 'management_board' | 'supervisory_board';

/** Identifier of a natural person; for a natural-person member it equals the member id. */
export type PersonId = string;
/** Identifier of a member (natural person, legal person or partnership). */
export type MemberId = string;

/** One term of one person on one body; `to` is the last day in office, null while in office. */
export interface BoardOffice {
  readonly personId: PersonId;
  readonly body: Body;
  readonly from: CalendarDate;
  readonly to: CalendarDate | null;
}

/** A closed range of calendar dates, both ends included. */
export interface Period {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/** True if the office overlaps the period by at least one day. */
export function servedDuring(office: BoardOffice, period: Period): boolean {
  return office.from <= period.to && (office.to === null || office.to >= period.from);
}

/** True if the office is held on the given day. */
export function inOfficeOn(office: BoardOffice, date: CalendarDate): boolean {
  return servedDuring(office, { from: date, to: date });
}
