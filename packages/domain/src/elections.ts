/**
 * Elections (R21–R22, C6 a–d): counting one round of an election by the configured method,
 * run-offs, ties by lot from the random source passed in, and acceptance of office.
 */
import type { PersonId } from './board.ts';
import type { Instant } from './dates.ts';
import { drawLots, type RandomSource } from './random.ts';
import { fail, ok, type Result } from './result.ts';
import type { ElectionMethod, StatuteConfig } from './statute.ts';

/** One round of an election. */
export interface ElectionRoundSpec {
  readonly method: ElectionMethod;
  /** Seats still to fill in this round. */
  readonly seats: number;
  /** C6(a),(b): votes per ballot paper (default: one per seat); (c) always one per seat. */
  readonly votesPerBallot?: number;
  /** Candidates standing in this round (all eligible per R21; run-off candidates from round 2). */
  readonly candidates: readonly PersonId[];
  /** 1 for the first round; (c) decides by relative majority from round 2 on. */
  readonly round: number;
  /** R22: a run-off between the candidates tied on the last seats of the round before. */
  readonly tieRunOff?: boolean;
}

/** A ballot: names of candidates (empty = abstention), a yes/no/abstain on a list (d), or invalid. */
export type ElectionBallot =
  | { readonly kind: 'candidates'; readonly choices: readonly PersonId[] }
  | { readonly kind: 'list'; readonly choice: 'yes' | 'no' | 'abstain' }
  | { readonly kind: 'invalid' };

/** A drawing of lots among tied candidates for the last seats (R22). */
export interface LotDraw {
  readonly among: readonly PersonId[];
  readonly seats: number;
  readonly winners: readonly PersonId[];
}

/**
 * R22: a tie on the last seats left open at the count: `among` are tied for `seats` seats. It is
 * settled as the statute says (`elections.tieBreak`): by a lot the chair draws ({@link decideByLot})
 * or by a run-off between them.
 */
export interface ElectionTie {
  readonly among: readonly PersonId[];
  readonly seats: number;
  readonly settledBy: 'lot' | 'run_off';
}

/** Why a round ended as it did. */
export type ElectionOutcome =
  | 'election.all_seats_filled'
  | 'election.lot_required'
  | 'election.tie_runoff_required'
  | 'election.runoff_required'
  | 'election.further_round_required'
  | 'election.seats_unfilled'
  | 'election.list_rejected';

/** The result of one round: who is elected, who goes on to the next round, and why. */
export interface ElectionRoundResult {
  readonly method: ElectionMethod;
  readonly round: number;
  readonly seats: number;
  /** Valid ballots naming at least one candidate (or yes/no on a list): the base of (b)/(c). */
  readonly validBallots: number;
  readonly abstentions: number;
  readonly invalidBallots: number;
  /** Votes per candidate, most first (ties by id); for (d) the yes votes of the list. */
  readonly votes: readonly { readonly candidateId: PersonId; readonly votes: number }[];
  readonly elected: readonly {
    readonly candidateId: PersonId;
    readonly votes: number;
    readonly byLot: boolean;
  }[];
  /** Candidates of the next round (run-off for (c), repeat round for (b)). */
  readonly nextRoundCandidates: readonly PersonId[];
  readonly unfilledSeats: number;
  readonly lots: readonly LotDraw[];
  readonly outcome: ElectionOutcome;
  /** R22: present only while a tie on the last seats is unsettled (counted without a random source). */
  readonly tie?: ElectionTie;
}

type Tallied = { candidateId: PersonId; votes: number };

function validateSpec(spec: ElectionRoundSpec, statute: StatuteConfig): Result<number> {
  if (!Number.isSafeInteger(spec.seats) || spec.seats < 1) {
    return fail('election.seats_invalid', 'An election fills at least one seat.', { seats: spec.seats });
  }
  if (spec.candidates.length === 0) return fail('election.no_candidates', 'There are no candidates.');
  if (spec.method === 'list' && !statute.elections.allowListVoting) {
    return fail(
      'election.list_voting_not_allowed',
      'The statute does not allow block or list voting (C6 d).',
    );
  }
  if (spec.method === 'list' && spec.candidates.length !== spec.seats) {
    return fail('election.list_size_mismatch', 'A list names exactly one candidate per seat.');
  }
  // R22: a run-off of a tie follows any method but a list (a list has no tie between candidates).
  const tieRunOff = spec.tieRunOff === true && spec.method !== 'list';
  if (spec.round > 1 && !tieRunOff && (spec.method === 'most_votes' || spec.method === 'list')) {
    return fail('election.runoff_not_applicable', 'This method is decided in one round.', {
      method: spec.method,
    });
  }
  const perBallot =
    spec.method === 'show_of_hands_per_seat' ? spec.seats : (spec.votesPerBallot ?? spec.seats);
  if (!Number.isSafeInteger(perBallot) || perBallot < 1 || perBallot > spec.seats) {
    return fail(
      'election.votes_per_ballot_invalid',
      'Votes per ballot are between 1 and the number of seats.',
    );
  }
  return ok(perBallot);
}

function isValidChoice(choices: readonly PersonId[], spec: ElectionRoundSpec, perBallot: number): boolean {
  // C6(a): up to N votes, at most one per candidate, only for standing candidates.
  return (
    choices.length <= perBallot &&
    new Set(choices).size === choices.length &&
    choices.every((c) => spec.candidates.includes(c))
  );
}

function countCandidateBallots(
  spec: ElectionRoundSpec,
  ballots: readonly ElectionBallot[],
  perBallot: number,
) {
  const votes = new Map<PersonId, number>(spec.candidates.map((c) => [c, 0]));
  let valid = 0;
  let abstentions = 0;
  let invalid = 0;
  for (const ballot of ballots) {
    if (ballot.kind !== 'candidates' || !isValidChoice(ballot.choices, spec, perBallot)) {
      invalid++;
    } else if (ballot.choices.length === 0) {
      abstentions++;
    } else {
      valid++;
      for (const c of ballot.choices) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
  }
  const sorted = [...votes].map(([candidateId, v]) => ({ candidateId, votes: v })).sort(byVotes);
  return { votes: sorted, valid, abstentions, invalid };
}

function byVotes(a: Tallied, b: Tallied): number {
  return b.votes - a.votes || (a.candidateId < b.candidateId ? -1 : 1);
}

/**
 * Picks up to `seats` of the (sorted) qualified candidates. A tie on the last seats is drawn by lot
 * from `random` (records written before the chair drew lots), or left open as `tie` when `random`
 * is null.
 */
function pickWinners(qualified: readonly Tallied[], seats: number, random: RandomSource | null) {
  if (qualified.length <= seats) {
    return { elected: qualified.map((t) => ({ ...t, byLot: false })), lots: [] as LotDraw[], tie: null };
  }
  const cutoff = (qualified[seats - 1] as Tallied).votes;
  const above = qualified.filter((t) => t.votes > cutoff);
  const tied = qualified.filter((t) => t.votes === cutoff);
  const need = seats - above.length;
  const lot = tied.length > need;
  if (lot && random === null) {
    return {
      elected: above.map((t) => ({ ...t, byLot: false })),
      lots: [] as LotDraw[],
      tie: { among: tied.map((t) => t.candidateId), seats: need },
    };
  }
  // R22: only a real tie on the last seats is drawn; otherwise no random number is consumed.
  const winners =
    lot && random !== null
      ? drawLots(
          tied.map((t) => t.candidateId),
          need,
          random,
        )
      : tied.map((t) => t.candidateId);
  const drawn = tied.filter((t) => winners.includes(t.candidateId)).map((t) => ({ ...t, byLot: lot }));
  const lots = lot ? [{ among: tied.map((t) => t.candidateId), seats: need, winners }] : [];
  return { elected: [...above.map((t) => ({ ...t, byLot: false })), ...drawn], lots, tie: null };
}

/** (c): the run-off takes the best remaining candidates, two per open seat, plus any tied with the last. */
function runoffCandidates(remaining: readonly Tallied[], openSeats: number): PersonId[] {
  const size = Math.min(remaining.length, 2 * openSeats);
  const cutoff = (remaining[size - 1] as Tallied).votes;
  return remaining.filter((t, i) => i < size || t.votes === cutoff).map((t) => t.candidateId);
}

/** What follows a round with open seats: a run-off (c), a repeat round (b), or nothing (a). */
function nextRound(
  method: ElectionMethod,
  absolute: boolean,
  remaining: readonly Tallied[],
  unfilledSeats: number,
): { outcome: ElectionOutcome; nextRoundCandidates: PersonId[] } {
  if (unfilledSeats === 0) return { outcome: 'election.all_seats_filled', nextRoundCandidates: [] };
  if (!absolute || remaining.length === 0)
    return { outcome: 'election.seats_unfilled', nextRoundCandidates: [] };
  if (method === 'show_of_hands_per_seat') {
    return {
      outcome: 'election.runoff_required',
      nextRoundCandidates: runoffCandidates(remaining, unfilledSeats),
    };
  }
  return {
    outcome: 'election.further_round_required',
    nextRoundCandidates: remaining.map((t) => t.candidateId),
  };
}

/**
 * C6, R22: counts one round.
 * - (a) `most_votes`: most votes win (at least one vote);
 * - (b) `absolute_majority_of_ballots`: named on more than half the valid ballots; unfilled
 *   seats go to a further round of the same kind;
 * - (c) `show_of_hands_per_seat`: absolute majority in round 1, relative in the run-off;
 * - (d) `list`: the whole list is elected iff yes > no, only if the statute allows lists.
 * R22: with `random` null (the API since the chair draws lots), a tie on the last seats stays open:
 * the result carries `tie` and the outcome `election.lot_required` or
 * `election.tie_runoff_required` (`elections.tieBreak`), with the tied candidates as the run-off's.
 * With a random source (the verifier replaying older records), the tie is drawn at once.
 */
export function evaluateElectionRound(
  spec: ElectionRoundSpec,
  ballots: readonly ElectionBallot[],
  random: RandomSource | null,
  statute: StatuteConfig,
): Result<ElectionRoundResult> {
  const checked = validateSpec(spec, statute);
  if (!checked.ok) return checked;
  if (spec.method === 'list') return ok(evaluateList(spec, ballots));
  const counted = countCandidateBallots(spec, ballots, checked.value);
  const absolute =
    spec.method === 'absolute_majority_of_ballots' ||
    (spec.method === 'show_of_hands_per_seat' && spec.round === 1);
  const qualified = counted.votes.filter((t) => (absolute ? 2 * t.votes > counted.valid : t.votes > 0));
  const { elected, lots, tie } = pickWinners(qualified, spec.seats, random);
  const unfilledSeats = spec.seats - elected.length;
  const remaining = counted.votes.filter((t) => !elected.some((e) => e.candidateId === t.candidateId));
  const settledBy = statute.elections.tieBreak === 'run_off' ? 'run_off' : 'lot';
  const { outcome, nextRoundCandidates } =
    tie === null
      ? nextRound(spec.method, absolute, remaining, unfilledSeats)
      : settledBy === 'lot'
        ? { outcome: 'election.lot_required' as const, nextRoundCandidates: [] }
        : { outcome: 'election.tie_runoff_required' as const, nextRoundCandidates: [...tie.among] };
  return ok({
    method: spec.method,
    round: spec.round,
    seats: spec.seats,
    validBallots: counted.valid,
    abstentions: counted.abstentions,
    invalidBallots: counted.invalid,
    votes: counted.votes,
    elected,
    nextRoundCandidates,
    unfilledSeats,
    lots,
    outcome,
    ...(tie === null ? {} : { tie: { ...tie, settledBy } }),
  });
}

/**
 * R22: settles a round's open tie by the order a lot drew (`lotOrder`): the first `tie.seats` of
 * the order are elected by lot, the lot is recorded in `lots`, and every seat is filled. Refused
 * when the round has no tie open or the order is not exactly the tied candidates.
 */
export function decideByLot(
  result: ElectionRoundResult,
  order: readonly PersonId[],
): Result<ElectionRoundResult> {
  const tie = result.tie;
  if (tie === undefined || tie.settledBy !== 'lot') {
    return fail('election.no_tie', 'This round has no tie to be drawn by lot.');
  }
  const same =
    order.length === tie.among.length &&
    new Set(order).size === order.length &&
    order.every((c) => tie.among.includes(c));
  if (!same) return fail('election.lot_order_invalid', 'The lot must order exactly the tied candidates.');
  const winners = order.slice(0, tie.seats);
  const drawn = winners.map((candidateId) => ({
    candidateId,
    votes: result.votes.find((v) => v.candidateId === candidateId)?.votes ?? 0,
    byLot: true,
  }));
  const { tie: _settled, ...rest } = result;
  return ok({
    ...rest,
    elected: [...result.elected, ...drawn],
    unfilledSeats: result.unfilledSeats - winners.length,
    lots: [...result.lots, { among: [...tie.among], seats: tie.seats, winners }],
    outcome: 'election.all_seats_filled',
    nextRoundCandidates: [],
  });
}

function evaluateList(spec: ElectionRoundSpec, ballots: readonly ElectionBallot[]): ElectionRoundResult {
  let yes = 0;
  let no = 0;
  let abstentions = 0;
  for (const b of ballots) {
    if (b.kind !== 'list') continue;
    if (b.choice === 'yes') yes++;
    else if (b.choice === 'no') no++;
    else abstentions++;
  }
  const listBallots = yes + no + abstentions;
  // R13 applied to the list as one motion: yes > no, a tie fails.
  const passed = yes > no;
  return {
    method: 'list',
    round: spec.round,
    seats: spec.seats,
    validBallots: yes + no,
    abstentions,
    invalidBallots: ballots.length - listBallots,
    votes: spec.candidates.map((candidateId) => ({ candidateId, votes: yes })),
    elected: passed ? spec.candidates.map((candidateId) => ({ candidateId, votes: yes, byLot: false })) : [],
    nextRoundCandidates: [],
    unfilledSeats: passed ? 0 : spec.seats,
    lots: [],
    outcome: passed ? 'election.all_seats_filled' : 'election.list_rejected',
  };
}

/** R22: an elected candidate's seat is filled only once acceptance is recorded. */
export interface SeatAward {
  readonly candidateId: PersonId;
  readonly status: 'awaiting_acceptance' | 'accepted' | 'declined';
  readonly decidedAt?: Instant;
}

/** The seats awarded by a round, all awaiting acceptance. */
export function seatAwards(result: ElectionRoundResult): readonly SeatAward[] {
  return result.elected.map((e) => ({ candidateId: e.candidateId, status: 'awaiting_acceptance' }));
}

/** R22: records acceptance or refusal of office; once recorded it cannot change. */
export function recordAcceptance(
  awards: readonly SeatAward[],
  decision: { readonly candidateId: PersonId; readonly accepted: boolean },
  now: Instant,
): Result<readonly SeatAward[]> {
  const award = awards.find((a) => a.candidateId === decision.candidateId);
  if (award === undefined) return fail('election.candidate_not_elected', 'The candidate was not elected.');
  if (award.status !== 'awaiting_acceptance') {
    return fail('election.acceptance_already_recorded', 'Acceptance was already recorded.', {
      status: award.status,
    });
  }
  const status = decision.accepted ? 'accepted' : 'declined';
  return ok(awards.map((a) => (a === award ? { ...a, status, decidedAt: now } : a)));
}

/** R22: the candidates whose seat is filled (accepted). A declined seat stays vacant. */
export function filledSeats(awards: readonly SeatAward[]): readonly PersonId[] {
  return awards.filter((a) => a.status === 'accepted').map((a) => a.candidateId);
}
