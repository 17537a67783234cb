/**
 * Tally (R12–R15): counts, majority base and pass/fail in integer arithmetic, plus quorum (C4).
 */
import { type Fraction, reachesShare } from './fraction.ts';
import { fail, ok, type Result } from './result.ts';
import type { QuorumRule } from './statute.ts';

/** A voter's choice on a yes/no item. */
export type Choice = 'yes' | 'no' | 'abstain' | 'invalid';

/** One ballot; `weight` is the number of votes it carries (R1, C1), 1 if absent. */
export interface Ballot {
  readonly choice: Choice;
  readonly weight?: number;
}

/** Votes per choice. */
export interface VoteCounts {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
  readonly invalid: number;
}

/** Why a majority decision came out as it did. */
export type MajorityReason =
  | 'majority.reached'
  | 'majority.not_reached'
  | 'majority.tie'
  | 'majority.no_votes';

/** Pass or fail of the yes/no votes against a threshold. */
export interface MajorityDecision {
  readonly passed: boolean;
  /** R13: yes + no; abstentions, invalid and excluded are never in the base. */
  readonly base: number;
  readonly reason: MajorityReason;
}

/** Counts ballots by choice; the four counts always add up to the ballots' total weight. */
export function countBallots(ballots: readonly Ballot[]): VoteCounts {
  const counts = { yes: 0, no: 0, abstain: 0, invalid: 0 };
  for (const ballot of ballots) counts[ballot.choice] += ballot.weight ?? 1;
  return counts;
}

/**
 * R13, R14: passes iff yes > no (so a tie fails) and `den * yes >= num * (yes + no)` — "at least
 * three quarters of the votes cast" is inclusive. With 1/2 this is exactly yes > no.
 */
export function decideMajority(
  counts: Pick<VoteCounts, 'yes' | 'no'>,
  threshold: Fraction,
): MajorityDecision {
  const { yes, no } = counts;
  const base = yes + no;
  if (base === 0) return { passed: false, base, reason: 'majority.no_votes' };
  if (yes === no) return { passed: false, base, reason: 'majority.tie' };
  const passed = yes > no && reachesShare(yes, base, threshold);
  return { passed, base, reason: passed ? 'majority.reached' : 'majority.not_reached' };
}

/** Members present or represented, and all members, for the quorum check. */
export interface Attendance {
  readonly presentMembers: number;
  readonly totalMembers: number;
}

/** C4: true if the quorum is met (always, when the statute sets none). */
export function quorumMet(rule: QuorumRule, attendance: Attendance | undefined): boolean {
  if (rule.kind === 'none') return true;
  if (attendance === undefined) return false;
  return reachesShare(attendance.presentMembers, attendance.totalMembers, rule.share);
}

/** The computed tally of a closed poll (R29: stored apart from the chair's declaration). */
export interface Tally {
  readonly counts: VoteCounts;
  /** R12: votes of excluded members, reported apart, never abstentions, never in the base. */
  readonly excluded: number;
  readonly ballots: number;
  readonly base: number;
  readonly threshold: Fraction;
  readonly quorumMet: boolean;
  readonly passed: boolean;
  readonly reason: MajorityReason | 'quorum.not_met';
}

/** Input of {@link computeTally}. */
export interface TallyInput {
  readonly counts: VoteCounts;
  readonly excluded: number;
  readonly threshold: Fraction;
  readonly quorum: QuorumRule;
  readonly attendance?: Attendance;
  /** The most votes that could be cast (roll minus excluded); more ballots are refused. */
  readonly votesAvailable?: number;
}

function isCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** R12–R15, C4: the tally of a poll. Refuses negative or fractional counts and over-voting. */
export function computeTally(input: TallyInput): Result<Tally> {
  const { counts, excluded } = input;
  if (![counts.yes, counts.no, counts.abstain, counts.invalid, excluded].every(isCount)) {
    return fail('tally.counts_invalid', 'Counts must be non-negative integers.', { counts, excluded });
  }
  const ballots = counts.yes + counts.no + counts.abstain + counts.invalid;
  if (input.votesAvailable !== undefined && ballots > input.votesAvailable) {
    return fail('tally.more_ballots_than_votes', 'More votes were counted than the roll allows.', {
      ballots,
      votesAvailable: input.votesAvailable,
    });
  }
  const majority = decideMajority(counts, input.threshold);
  const quorum = quorumMet(input.quorum, input.attendance);
  return ok({
    counts,
    excluded,
    ballots,
    base: majority.base,
    threshold: input.threshold,
    quorumMet: quorum,
    passed: quorum && majority.passed,
    reason: quorum ? majority.reason : 'quorum.not_met',
  });
}
