/**
 * Supervisory-board candidates (R21, §9(2), §37 GenG).
 */
import { type BoardOffice, inOfficeOn, type MemberId, type PersonId } from './board.ts';
import type { CalendarDate } from './dates.ts';
import { fail, ok, type Result } from './result.ts';
import { isMemberOn, type Member } from './roll.ts';
import type { StatuteConfig } from './statute.ts';

/** What the eligibility check needs to know about a candidate. */
export interface CandidateProfile {
  readonly personId: PersonId;
  readonly naturalPerson: boolean;
  /** The candidate's own membership, if a member. */
  readonly memberId?: MemberId;
  /** §9(2) S.2: the legal-person member the candidate represents. */
  readonly representsMemberId?: MemberId;
  /** §37(1): holds Prokura or general commercial authority for the eG. */
  readonly holdsProkura: boolean;
  /** §37(2): last day of management-board service for which the candidate was discharged. */
  readonly managementBoardDischargedThrough?: CalendarDate;
}

/** Context of the candidate check. */
export interface CandidateContext {
  readonly members: readonly Member[];
  readonly offices: readonly BoardOffice[];
  /** The day of the election. */
  readonly on: CalendarDate;
  readonly statute: StatuteConfig;
}

function isQualifiedMember(candidate: CandidateProfile, ctx: CandidateContext): boolean {
  const find = (id: MemberId | undefined): Member | undefined => ctx.members.find((m) => m.id === id);
  const own = find(candidate.memberId);
  if (own !== undefined && own.kind === 'natural_person' && isMemberOn(own, ctx.on, ctx.statute)) return true;
  const represented = find(candidate.representsMemberId);
  return (
    represented !== undefined &&
    represented.kind !== 'natural_person' &&
    represented.representatives?.includes(candidate.personId) === true &&
    isMemberOn(represented, ctx.on, ctx.statute)
  );
}

/**
 * R21: a supervisory-board candidate must be a natural person and a member, or represent a
 * legal-person member (§9(2)); not on the management board nor holding Prokura (§37(1)); a
 * former management-board member only after discharge for their whole term (§37(2)).
 */
export function checkCandidateEligibility(
  candidate: CandidateProfile,
  ctx: CandidateContext,
): Result<CandidateProfile> {
  if (!candidate.naturalPerson) {
    return fail(
      'election.candidate_not_natural_person',
      'Only natural persons can sit on the board (§9(2)).',
    );
  }
  if (!isQualifiedMember(candidate, ctx)) {
    return fail(
      'election.candidate_not_member',
      'The candidate is neither a member nor represents a member (§9(2)).',
    );
  }
  const terms = ctx.offices.filter((o) => o.personId === candidate.personId && o.body === 'management_board');
  if (terms.some((o) => inOfficeOn(o, ctx.on))) {
    return fail(
      'election.candidate_on_management_board',
      'A management-board member cannot be elected (§37(1)).',
    );
  }
  if (candidate.holdsProkura) {
    return fail('election.candidate_holds_prokura', 'A holder of Prokura cannot be elected (§37(1)).');
  }
  const discharged = candidate.managementBoardDischargedThrough;
  const undischarged = terms.find((o) => o.to !== null && (discharged === undefined || discharged < o.to));
  if (undischarged !== undefined) {
    return fail(
      'election.candidate_former_board_not_discharged',
      'A former management-board member is electable only after discharge (§37(2)).',
      { servedUntil: undischarged.to },
    );
  }
  return ok(candidate);
}
