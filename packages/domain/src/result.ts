/**
 * Result values and the stable reason codes every refusal carries.
 *
 * Reason codes are dotted, lower-case and stable: the HTTP API maps them 1:1 to error codes
 * (`{ error: { code, message, details } }`), so never rename one, only add.
 */

/** Every code a domain function may refuse with (R8: every rejection records its reason). */
export const REASON_CODES = [
  'statute.threshold_below_legal_minimum',
  'statute.threshold_invalid',
  'statute.threshold_not_configurable',
  'statute.multiple_votes_invalid',
  'statute.proxy_cap_invalid',
  'statute.notice_period_below_minimum',
  'statute.minority_share_above_legal_maximum',
  'statute.supervisory_board_seats_below_minimum',
  'statute.channel_precedence_invalid',
  'statute.secret_request_share_invalid',
  'statute.quorum_invalid',
  'statute.business_year_start_invalid',
  'statute.time_zone_invalid',
  'statute.tie_break_invalid',
  'statute.unknown_setting',
  'proxy.self_grant',
  'proxy.form_insufficient',
  'proxy.document_missing',
  'proxy.limited_to_items',
  'proxy.principal_not_eligible',
  'proxy.holder_not_member',
  'proxy.holder_not_eligible',
  'proxy.professional_holder_not_allowed',
  'proxy.chain_not_allowed',
  'proxy.principal_already_represented',
  'proxy.holder_cap_reached',
  'proxy.not_permitted_by_statute',
  'proxy.deadline_passed',
  'proxy.already_revoked',
  'proxy.revocation_not_by_party',
  'discharge.period_invalid',
  'discharge.subject_required',
  'discharge.subject_not_in_office',
  'tally.counts_invalid',
  'tally.more_ballots_than_votes',
  'poll.item_not_votable',
  'vote.empty',
  'vote.duplicate',
  'vote.not_present',
  'vote.voter_excluded',
  'vote.not_on_roll',
  'vote.excluded',
  'vote.no_authority',
  'vote.principal_present',
  'vote.superseded_by_advance',
  'vote.invalid_choice',
  'poll.not_draft',
  'poll.not_open',
  'poll.not_closed',
  'poll.already_declared',
  'poll.rehearsal_not_declared',
  'poll.roll_mismatch',
  'poll.declaration_contradicts_tally',
  'poll.correction_reason_required',
  'poll.correction_of_other_poll',
  'election.candidate_not_natural_person',
  'election.candidate_not_member',
  'election.candidate_on_management_board',
  'election.candidate_holds_prokura',
  'election.candidate_former_board_not_discharged',
  'election.seats_invalid',
  'election.votes_per_ballot_invalid',
  'election.no_candidates',
  'election.list_voting_not_allowed',
  'election.list_size_mismatch',
  'election.runoff_not_applicable',
  'election.candidate_not_elected',
  'election.acceptance_already_recorded',
  'election.no_tie',
  'election.lot_order_invalid',
  'convening.notice_period_too_short',
  'convening.channel_insufficient',
  'convening.agenda_missing',
  'convening.access_details_missing',
  'convening.item_announced_too_late',
  'convening.annual_assembly_outside_first_half',
  'minority.too_few_supporters',
  'convening.audit_report_missing',
  'minutes.field_missing',
  'minutes.signature_missing',
  'minutes.participation_list_missing',
  'minutes.attendance_list_missing',
  'minutes.convening_evidence_missing',
  'speakers.no_current_item',
  'speakers.not_present',
  'speakers.list_closed',
  'speakers.list_open',
  'speakers.already_requested',
  'speakers.not_waiting',
  'speakers.queue_empty',
  'speakers.no_speaker',
  'speakers.timer_not_running',
  'floor_motion.no_current_item',
  'floor_motion.not_present',
  'floor_motion.new_item_not_announced',
  'floor_motion.item_not_votable',
  'floor_motion.text_required',
  'floor_motion.text_too_long',
  'floor_motion.not_submitted',
  'floor_motion.reach_invalid',
  'floor_motion.reason_required',
  'floor_motion.vote_pending',
  'floor_motion.nothing_to_vote',
  'floor_motion.not_voting',
  'floor_motion.amended_text_required',
  'convening.notice_in_future',
  'assembly.transition_not_allowed',
  'assembly.not_in_preparation',
  'assembly.not_convened',
  'assembly.not_open',
  'assembly.not_closed',
  'assembly.closed',
  'assembly.polls_open',
  'poll.method_not_secret',
  'poll.method_needs_hall',
  'poll.hall_method_election',
  'hall.count_implausible',
  'hall.count_mismatch',
  'hall.same_teller',
  'hall.count_not_confirmed',
] as const;

/** Union of all refusal codes, e.g. `proxy.holder_cap_reached`. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** A refusal: a stable code, a human-readable English message and optional structured details. */
export interface Failure<R extends ReasonCode = ReasonCode> {
  readonly ok: false;
  readonly reason: R;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A success carrying its value. */
export interface Success<T> {
  readonly ok: true;
  readonly value: T;
}

/** Outcome of every domain decision that can be refused. */
export type Result<T, R extends ReasonCode = ReasonCode> = Success<T> | Failure<R>;

/** Builds a success. */
export function ok<T>(value: T): Success<T> {
  return { ok: true, value };
}

/** Builds a refusal with its reason code. */
export function fail<R extends ReasonCode>(
  reason: R,
  message: string,
  details?: Readonly<Record<string, unknown>>,
): Failure<R> {
  return details === undefined ? { ok: false, reason, message } : { ok: false, reason, message, details };
}

/** Exhaustiveness guard for `switch` over discriminated unions; unreachable when types are right. */
export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`);
}
