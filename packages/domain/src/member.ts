/**
 * A member as the rules see them (R1–R4): kind, admission, exit, expulsion, death, legal
 * capacity and representatives. Dates per R3.
 */
import type { MemberId, PersonId } from './board.ts';
import type { CalendarDate, Instant } from './dates.ts';

/** Natural person, legal person (e.g. GmbH, eG, e.V.) or commercial partnership (§43(4)). */
export type MemberKind = 'natural_person' | 'legal_person' | 'partnership';

/** What the roll needs to know about a member; dates per R3. */
export interface Member {
  readonly id: MemberId;
  readonly kind: MemberKind;
  /** §15(1): membership starts on admission; null for an applicant not yet admitted. */
  readonly admissionDate: CalendarDate | null;
  /** C2, §8(2). */
  readonly investing?: boolean;
  /** C1: votes granted by the statute (1–3); 1 when absent. */
  readonly votes?: number;
  /** §65(2): notice given; the member votes until the exit takes effect. */
  readonly noticeGivenOn?: CalendarDate;
  /** Last day of membership (business-year end) after notice or other exit. */
  readonly exitEffectiveDate?: CalendarDate;
  /** §68(2): from this instant an expelled member may not attend nor vote. */
  readonly expulsionLetterSentAt?: Instant;
  /** §77(1): membership passes to the heirs until the end of the business year of death. */
  readonly deceasedOn?: CalendarDate;
  /** §77(1): the heirs' one joint representative. */
  readonly heirsRepresentativeId?: PersonId;
  /** False for a natural person without full legal capacity: votes through legal representatives. */
  readonly hasLegalCapacity?: boolean;
  /** §43(4): legal representatives / authorised partners (person ids). Not capped (R7). */
  readonly representatives?: readonly PersonId[];
}
