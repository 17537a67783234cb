/**
 * Casting (R4, R5, R7, R10, R25, C8): whether a person may cast the votes they ask to cast in an
 * open poll, through which channel each is recorded and with which weight; and whether a choice
 * fits the poll. Pure: the caller loads exactly the state named here.
 */
import type { MemberId, PersonId } from './board.ts';
import type { CastableVote, Channel } from './channels.ts';
import { fail, ok, type Result } from './result.ts';
import type { ElectionMethod } from './statute.ts';

/** The state a cast is decided on, as loaded inside the cast transaction. */
export interface CastState {
  /** Who is casting: the logged-in member (a natural person, or a representative's own member id). */
  readonly voterId: PersonId;
  /** The voter's latest attendance: checked in (in the room or online), or not. */
  readonly presence: { readonly checkedIn: boolean; readonly channel: 'room' | 'online' } | null;
  /** R10: the §43(6) reason the voter is barred from this item, if any. */
  readonly voterExcluded: string | null;
  /** What the voter may cast at all (own, as representative, by proxy), from `castableVotes`. */
  readonly castable: readonly CastableVote[];
  /** The roll rows of the members asked for (to say why one is refused). */
  readonly roll: readonly {
    readonly memberId: MemberId;
    readonly status: 'eligible' | 'excluded' | 'ineligible';
    readonly reason: string | null;
  }[];
  /** R5: principals who are present themselves (they vote in person; the proxy does not apply). */
  readonly presentPrincipals: ReadonlySet<MemberId>;
  /** C8: principals whose advance vote the statute ranks above a proxy vote. */
  readonly advanceOutranksProxy: ReadonlySet<MemberId>;
}

/** One vote the cast may record. */
export interface AuthorisedVote {
  readonly memberId: MemberId;
  readonly channel: Channel;
  readonly weight: number;
  /** The voter, when the vote is cast for someone else (proxy or representative). */
  readonly castBy: PersonId | null;
}

/**
 * R25: only members checked in (in the room or online) vote. R4/R7/R10: each requested vote must be
 * castable by the voter. R5: a present principal votes in person; C8: an advance vote ranked above
 * the proxy stands. All or nothing: the first refusal decides.
 */
export function authoriseCast(state: CastState, memberIds: readonly MemberId[]): Result<AuthorisedVote[]> {
  if (memberIds.length === 0) return fail('vote.empty', 'No votes in the request.');
  if (new Set(memberIds).size !== memberIds.length)
    return fail('vote.duplicate', 'The request casts twice for the same member.');
  if (state.presence?.checkedIn !== true)
    return fail('vote.not_present', 'Check in first: only members present may vote.');
  const channel = state.presence.channel;
  const out: AuthorisedVote[] = [];
  for (const memberId of memberIds) {
    const allowed = voteAllowed(state, memberId);
    if (!allowed.ok) return allowed;
    const can = allowed.value;
    out.push({
      memberId,
      channel: can.capacity === 'proxy' ? 'proxy' : channel,
      weight: can.votes,
      castBy: memberId === state.voterId ? null : state.voterId,
    });
  }
  return ok(out);
}

/**
 * Whether the voter may cast this one member's vote, the voter's own presence aside: R4/R7/R10 (it
 * must be castable by the voter), R5 (a present principal votes in person) and C8 (an advance vote
 * ranked above the proxy stands). `authoriseCast` decides each vote with it, and the list of votes
 * a member is offered uses it too, so the two cannot disagree.
 */
export function voteAllowed(state: Omit<CastState, 'presence'>, memberId: MemberId): Result<CastableVote> {
  const can = state.castable.find((c) => c.memberId === memberId);
  if (can === undefined) return refusal(state, memberId);
  if (can.capacity === 'proxy' && state.presentPrincipals.has(memberId))
    return fail('vote.principal_present', 'The principal is present and votes in person.', { memberId });
  if (can.capacity === 'proxy' && state.advanceOutranksProxy.has(memberId))
    return fail('vote.superseded_by_advance', "The statute ranks this member's advance vote first.", {
      memberId,
    });
  return ok(can);
}

function refusal(state: Omit<CastState, 'presence'>, memberId: MemberId): Result<never> {
  if (state.voterExcluded !== null)
    return fail('vote.voter_excluded', 'You are barred from voting on this item (§43(6) GenG).', {
      reason: state.voterExcluded,
    });
  const row = state.roll.find((r) => r.memberId === memberId);
  if (row === undefined || row.status === 'ineligible')
    return fail('vote.not_on_roll', 'This member is not entitled to vote in this poll.', {
      memberId,
      reason: row?.reason ?? 'roll.not_on_register',
    });
  if (row.status === 'excluded')
    return fail('vote.excluded', 'This member is barred from voting on this item (§43(6) GenG).', {
      memberId,
      reason: row.reason,
    });
  return fail('vote.no_authority', "You may not cast this member's vote.", { memberId });
}

/** The shape of a poll a choice is checked against. */
export interface ChoiceShape {
  readonly kind: 'majority' | 'election';
  /** Motions: 'yes', 'no', 'abstain'; elections: the candidate ids of this round. */
  readonly options: readonly unknown[];
  /** Elections: how many candidates a ballot may name, and the method (list votes, C6 d). */
  readonly votesPerBallot?: number;
  readonly method?: ElectionMethod;
}

/**
 * A motion takes yes, no or abstain; an election ballot names at most `votesPerBallot` different
 * candidates of this round (naming none is an abstention), or — where the statute allows lists
 * (C6 d) — says yes, no or abstain to the list.
 */
export function checkChoice(poll: ChoiceShape, choice: unknown): Result<true> {
  const invalid = (message: string, details: Record<string, unknown> = {}) =>
    fail('vote.invalid_choice', message, details);
  if (poll.kind !== 'election') {
    if (typeof choice === 'string' && poll.options.includes(choice)) return ok(true);
    return invalid(`The choice must be one of: ${poll.options.join(', ')}.`, { options: poll.options });
  }
  const ballot = choice as { kind?: unknown; choices?: unknown; choice?: unknown } | null;
  if (ballot === null || typeof ballot !== 'object' || Array.isArray(ballot))
    return invalid('An election ballot is an object.');
  if (ballot.kind === 'list') {
    if (poll.method !== 'list') return invalid('This election is not a list vote.');
    if (ballot.choice === 'yes' || ballot.choice === 'no' || ballot.choice === 'abstain') return ok(true);
    return invalid('A list vote is yes, no or abstain.');
  }
  if (ballot.kind !== 'candidates' || !Array.isArray(ballot.choices))
    return invalid('An election ballot names candidates: { kind: "candidates", choices: [...] }.');
  const choices = ballot.choices as unknown[];
  const max = poll.votesPerBallot ?? 1;
  if (new Set(choices).size !== choices.length)
    return invalid('A candidate can be named only once per ballot.');
  if (choices.length > max)
    return invalid(`At most ${max} candidate(s) may be named.`, { votesPerBallot: max });
  const unknown = choices.filter((c) => !poll.options.includes(c));
  if (unknown.length > 0) return invalid('Not a candidate of this ballot round.', { unknown });
  return ok(true);
}

/** A stored motion choice as the tally reads it: anything but yes, no or abstain is invalid. */
export function motionChoice(value: unknown): 'yes' | 'no' | 'abstain' | 'invalid' {
  return value === 'yes' || value === 'no' || value === 'abstain' ? value : 'invalid';
}
