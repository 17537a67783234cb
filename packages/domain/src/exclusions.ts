/**
 * Voting prohibition (R10–R12, §43(6) GenG): who may not vote on a resolution about their own
 * discharge, release from a liability or a claim against them — in person, as proxy holder or
 * as representative — and whose vote nobody may cast.
 */
import { type BoardOffice, type Body, type Period, type PersonId, servedDuring } from './board.ts';
import { isCalendarDate } from './dates.ts';
import { type ItemKind, itemKindRule } from './item-kinds.ts';
import type { Member } from './member.ts';
import { fail, ok, type Result } from './result.ts';
import type { DischargeMode, StatuteConfig } from './statute.ts';

/** Why a person or member is excluded from a poll. */
export type ExclusionReason =
  | 'exclusion.subject_of_discharge'
  | 'exclusion.body_member_in_period'
  | 'exclusion.co_member_same_body'
  | 'exclusion.other_body_member'
  | 'exclusion.represented_legal_person'
  | 'exclusion.affected_person';

/**
 * One excluded person or member. `personId` is a person id or, for a legal-person member, its
 * member id. `viaPersonId` names the discharged person behind a represented legal person.
 */
export interface Exclusion {
  readonly personId: PersonId;
  readonly reason: ExclusionReason;
  readonly body?: Body;
  readonly viaPersonId?: PersonId;
}

/** A discharge resolution: one body (R11), a business period, collective or for one person. */
export interface DischargeSubject {
  readonly body: Body;
  readonly mode: DischargeMode;
  readonly period: Period;
  /** Required for individual discharge: the person being discharged. */
  readonly subjectId?: PersonId;
}

/** An agenda item as far as §43(6) is concerned. */
export interface ExclusionItem {
  readonly kind: ItemKind;
  /** For discharge kinds: mode (statute default if absent), period and subject. */
  readonly discharge?: {
    readonly mode?: DischargeMode;
    readonly period: Period;
    readonly subjectId?: PersonId;
  };
  /** R10: persons released from a liability or facing a claim by the eG under this item. */
  readonly affectedPersonIds?: readonly PersonId[];
}

function other(body: Body): Body {
  return body === 'management_board' ? 'supervisory_board' : 'management_board';
}

function validatePeriod(period: Period): Result<Period> {
  if (!isCalendarDate(period.from) || !isCalendarDate(period.to) || period.from > period.to) {
    return fail('discharge.period_invalid', 'The discharge period must be two dates, from ≤ to.', { period });
  }
  return ok(period);
}

function add(into: Map<PersonId, Exclusion>, exclusion: Exclusion): void {
  // The first (most specific) reason wins; a person is listed once.
  if (!into.has(exclusion.personId)) into.set(exclusion.personId, exclusion);
}

function holdersOf(offices: readonly BoardOffice[], body: Body, period: Period): PersonId[] {
  return offices.filter((o) => o.body === body && servedDuring(o, period)).map((o) => o.personId);
}

function ownBodyExclusions(
  subject: DischargeSubject,
  onBody: readonly PersonId[],
  options: StatuteConfig['discharge'],
): Result<Exclusion[]> {
  const { body, subjectId } = subject;
  if (subject.mode === 'collective') {
    return ok(onBody.map((personId) => ({ personId, reason: 'exclusion.body_member_in_period', body })));
  }
  if (subjectId === undefined) {
    return fail('discharge.subject_required', 'Individual discharge names the person being discharged.');
  }
  if (!onBody.includes(subjectId)) {
    return fail('discharge.subject_not_in_office', 'The person was not on this body during the period.', {
      subjectId,
      body,
    });
  }
  // C7: co-members of the same body ([BGH89]; contested for eGs, on by default).
  const coMembers = options.excludeCoMembersInIndividual ? onBody.filter((p) => p !== subjectId) : [];
  return ok([
    { personId: subjectId, reason: 'exclusion.subject_of_discharge', body },
    ...coMembers.map((personId) => ({ personId, reason: 'exclusion.co_member_same_body' as const, body })),
  ]);
}

/**
 * R10, R11, C7: the exclusions for one discharge resolution.
 * - collective: everyone on the body during the period;
 * - individual: the subject, plus co-members of the same body if C7 says so (default on);
 * - cross-body (C7, off by default) adds the other body's members in the period;
 * - C7 optionally adds legal-person members represented by an excluded person.
 */
export function dischargeExclusions(
  subject: DischargeSubject,
  offices: readonly BoardOffice[],
  members: readonly Member[],
  options: StatuteConfig['discharge'],
): Result<readonly Exclusion[]> {
  const period = validatePeriod(subject.period);
  if (!period.ok) return period;
  const { body } = subject;
  const result = new Map<PersonId, Exclusion>();
  const own = ownBodyExclusions(subject, holdersOf(offices, body, subject.period), options);
  if (!own.ok) return own;
  for (const exclusion of own.value) add(result, exclusion);
  if (options.excludeOtherBody) {
    for (const personId of holdersOf(offices, other(body), subject.period)) {
      add(result, { personId, reason: 'exclusion.other_body_member', body: other(body) });
    }
  }
  if (options.excludeRepresentedLegalPerson) addRepresentedMembers(result, members);
  return ok([...result.values()]);
}

function addRepresentedMembers(result: Map<PersonId, Exclusion>, members: readonly Member[]): void {
  const persons = [...result.values()];
  for (const member of members) {
    if (member.kind === 'natural_person') continue;
    const via = persons.find((p) => member.representatives?.includes(p.personId) === true);
    if (via !== undefined) {
      add(result, {
        personId: member.id,
        reason: 'exclusion.represented_legal_person',
        viaPersonId: via.personId,
      });
    }
  }
}

/**
 * R10: the exclusions for any agenda item. Discharge kinds use {@link dischargeExclusions};
 * other items exclude only persons named as released or facing a claim. Elections exclude
 * nobody (R2: a candidate may vote in their own election).
 */
export function exclusionsForItem(
  item: ExclusionItem,
  offices: readonly BoardOffice[],
  members: readonly Member[],
  statute: StatuteConfig,
): Result<readonly Exclusion[]> {
  const body = itemKindRule(item.kind).dischargedBody;
  if (body !== null) {
    if (item.discharge === undefined) {
      return fail('discharge.period_invalid', 'A discharge item needs the business period being discharged.');
    }
    const { mode = statute.discharge.defaultMode, period, subjectId } = item.discharge;
    const subject = subjectId === undefined ? { body, mode, period } : { body, mode, period, subjectId };
    return dischargeExclusions(subject, offices, members, statute.discharge);
  }
  const affected = [...new Set(item.affectedPersonIds ?? [])];
  return ok(affected.map((personId) => ({ personId, reason: 'exclusion.affected_person' as const })));
}

/** R10: true if this person may cast no vote at all on the item (own, as proxy or as representative). */
export function isExcluded(personId: PersonId, exclusions: readonly Exclusion[]): boolean {
  return exclusions.some((e) => e.personId === personId);
}
