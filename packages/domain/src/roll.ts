/**
 * The roll (R1–R4): who may vote in a poll at the moment it opens, with how many votes and
 * through whom, frozen as a snapshot value.
 */
import type { MemberId, PersonId } from './board.ts';
import { businessYearEnd, type CalendarDate, compareInstants, dateOf, type Instant } from './dates.ts';
import type { Exclusion, ExclusionReason } from './exclusions.ts';
import { type ItemKind, needsQualifiedMajorityByLaw, type ThresholdContext } from './item-kinds.ts';
import type { Member } from './member.ts';
import type { StatuteConfig } from './statute.ts';

export type { Member, MemberKind } from './member.ts';

/** Why a member is not on the roll of a poll. */
export type IneligibilityReason =
  | 'roll.not_admitted'
  | 'roll.exited'
  | 'roll.expelled'
  | 'roll.heirs_without_joint_representative'
  | 'roll.no_legal_representative'
  | 'roll.investing_member_no_vote';

/** How a member's vote is cast in person. */
export type ActingCapacity = 'self' | 'legal_representative' | 'heirs_representative';

/** Eligibility of one member at one instant. */
export type Eligibility =
  | {
      readonly eligible: true;
      readonly memberId: MemberId;
      readonly votes: number;
      readonly capacity: ActingCapacity;
      /** Persons who may cast this vote in person (R3, R4). */
      readonly actors: readonly PersonId[];
    }
  | { readonly eligible: false; readonly memberId: MemberId; readonly reason: IneligibilityReason };

/** The item a poll decides, as far as the roll is concerned. */
export interface RollItem extends ThresholdContext {
  readonly kind: ItemKind;
  /** R1, §43(3) Nr.1: abolishing multiple votes is always one member, one vote. */
  readonly abolishesMultipleVotes?: boolean;
}

/** True if the member belongs to the eG on that day (R3; expulsion is checked separately). */
export function isMemberOn(member: Member, date: CalendarDate, statute: StatuteConfig): boolean {
  if (member.admissionDate === null || member.admissionDate > date) return false;
  if (member.exitEffectiveDate !== undefined && date > member.exitEffectiveDate) return false;
  if (member.deceasedOn !== undefined) {
    return date <= businessYearEnd(member.deceasedOn, statute.convening.businessYearStart);
  }
  return true;
}

function membershipIssue(member: Member, at: Instant, statute: StatuteConfig): IneligibilityReason | null {
  const day = dateOf(at, statute.convening.timeZone);
  if (member.admissionDate === null || member.admissionDate > day) return 'roll.not_admitted';
  if (!isMemberOn(member, day, statute)) return 'roll.exited';
  if (member.expulsionLetterSentAt !== undefined && compareInstants(member.expulsionLetterSentAt, at) <= 0) {
    return 'roll.expelled';
  }
  return null;
}

/**
 * R16: who is invited. Every member of the eG at the assembly is, on the same register rules the
 * roll starts from (admitted, not exited, not expelled; heirs until the end of the business year
 * of the death). Investing members and members without a vote are invited too: they may attend.
 */
export function isInvited(member: Member, at: Instant, statute: StatuteConfig): boolean {
  return membershipIssue(member, at, statute) === null;
}

function actorsOf(member: Member): { capacity: ActingCapacity; actors: readonly PersonId[] } {
  if (member.deceasedOn !== undefined) {
    const rep = member.heirsRepresentativeId;
    return { capacity: 'heirs_representative', actors: rep === undefined ? [] : [rep] };
  }
  if (member.kind === 'natural_person' && member.hasLegalCapacity !== false) {
    return { capacity: 'self', actors: [member.id] };
  }
  return { capacity: 'legal_representative', actors: member.representatives ?? [] };
}

/**
 * R1, C1: the member's votes on this item. Multiple votes apply only if configured, and never on
 * items needing ≥3/4 by law nor on abolishing multiple votes (§43(3) Nr.1).
 */
export function votingWeight(member: Member, item: RollItem, statute: StatuteConfig): number {
  const { enabled, maxVotes } = statute.multipleVotes;
  if (!enabled || item.abolishesMultipleVotes === true || needsQualifiedMajorityByLaw(item.kind, item))
    return 1;
  return Math.max(1, Math.min(member.votes ?? 1, maxVotes));
}

/** R1–R4: may this member vote on this item at instant `at` (when the poll opens), and through whom? */
export function evaluateEligibility(
  member: Member,
  item: RollItem,
  at: Instant,
  statute: StatuteConfig,
): Eligibility {
  const issue = membershipIssue(member, at, statute);
  if (issue !== null) return { eligible: false, memberId: member.id, reason: issue };
  // C2, §8(2): investing members must never outvote others nor block a 3/4 resolution.
  if (
    member.investing === true &&
    (statute.investingMembers === 'no_vote' || needsQualifiedMajorityByLaw(item.kind, item))
  ) {
    return { eligible: false, memberId: member.id, reason: 'roll.investing_member_no_vote' };
  }
  const { capacity, actors } = actorsOf(member);
  if (actors.length === 0) {
    const reason =
      capacity === 'heirs_representative'
        ? 'roll.heirs_without_joint_representative'
        : 'roll.no_legal_representative';
    return { eligible: false, memberId: member.id, reason };
  }
  // R4: representatives still give one vote per member.
  return {
    eligible: true,
    memberId: member.id,
    votes: votingWeight(member, item, statute),
    capacity,
    actors,
  };
}

/** One eligible member on a roll; `excluded` set when §43(6) bars the vote on this item (R10–R12). */
export interface RollEntry {
  readonly memberId: MemberId;
  readonly votes: number;
  readonly capacity: ActingCapacity;
  readonly actors: readonly PersonId[];
  readonly excluded: ExclusionReason | null;
}

/** The roll of one poll, taken when it opens (R3); an immutable value. */
export interface RollSnapshot {
  readonly pollId: string;
  readonly takenAt: Instant;
  readonly itemKind: ItemKind;
  readonly entries: readonly RollEntry[];
  readonly ineligible: readonly { readonly memberId: MemberId; readonly reason: IneligibilityReason }[];
  /** §43(6) exclusions of persons and members for this item, reported apart (R12). */
  readonly exclusions: readonly Exclusion[];
  /** Votes of eligible, non-excluded members: the most ballots the poll can receive. */
  readonly votesAvailable: number;
  /** Votes of excluded members, reported as `excluded` (R12). */
  readonly votesExcluded: number;
}

/** Input of {@link snapshotRoll}. */
export interface SnapshotInput {
  readonly pollId: string;
  readonly at: Instant;
  readonly item: RollItem;
  readonly members: readonly Member[];
  readonly exclusions: readonly Exclusion[];
  readonly statute: StatuteConfig;
}

/** R3: evaluates every member at the instant the poll opens and freezes the result. */
export function snapshotRoll(input: SnapshotInput): RollSnapshot {
  const excludedBy = new Map(input.exclusions.map((e) => [e.personId, e.reason] as const));
  const entries: RollEntry[] = [];
  const ineligible: { memberId: MemberId; reason: IneligibilityReason }[] = [];
  let votesAvailable = 0;
  let votesExcluded = 0;
  for (const member of [...input.members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const e = evaluateEligibility(member, input.item, input.at, input.statute);
    if (!e.eligible) {
      ineligible.push({ memberId: e.memberId, reason: e.reason });
      continue;
    }
    const excluded = excludedBy.get(member.id) ?? null;
    entries.push({ memberId: e.memberId, votes: e.votes, capacity: e.capacity, actors: e.actors, excluded });
    if (excluded === null) votesAvailable += e.votes;
    else votesExcluded += e.votes;
  }
  return Object.freeze({
    pollId: input.pollId,
    takenAt: input.at,
    itemKind: input.item.kind,
    entries: Object.freeze(entries),
    ineligible: Object.freeze(ineligible),
    exclusions: Object.freeze([...input.exclusions]),
    votesAvailable,
    votesExcluded,
  });
}
