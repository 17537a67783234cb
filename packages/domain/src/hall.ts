/**
 * Voting methods and hall counts (C5, R24, R27): which method a poll may use, the tellers' count of
 * the hall and how it combines with the electronic ballots of the same poll.
 */
import type { AssemblyForm } from './convening.ts';
import { fail, ok, type Result } from './result.ts';
import type { VotingMethod } from './statute.ts';
import type { VoteCounts } from './tally.ts';

/** Every voting method a poll may use (C5). */
export const VOTING_METHODS: readonly VotingMethod[] = [
  'electronic',
  'show_of_hands',
  'voting_cards',
  'ballot_paper',
];

/** A method counted in the hall by tellers (everything but electronic voting). */
export function isHallMethod(method: VotingMethod): boolean {
  return method !== 'electronic';
}

/** Methods that show the voter's choice to the room: never for a secret poll (R24). */
export function isOpenMethod(method: VotingMethod): boolean {
  return method === 'show_of_hands' || method === 'voting_cards';
}

/**
 * Whether the tellers' count of the hall belongs to the poll's result: a hall method at an assembly
 * with a hall (in person or hybrid). At a hybrid assembly the members online still vote
 * electronically in the same poll; the result is the sum (R27 states both counts).
 */
export function hallCountRequired(method: VotingMethod, form: AssemblyForm): boolean {
  return isHallMethod(method) && (form === 'in_person' || form === 'hybrid');
}

/**
 * C5, R24: the method the chair chose for a poll. A secret poll cannot be taken by show of hands or
 * voting cards (the room sees the choice); ballot paper and electronic voting are secret-capable. A
 * hall method needs a hall: a virtual or extended assembly votes electronically. Tellers count
 * yes/no/abstain, so a hall count is offered for majority polls; an election in the hall is refused.
 */
export function checkVotingMethod(
  method: VotingMethod,
  poll: { readonly secret: boolean; readonly form: AssemblyForm; readonly decision: 'majority' | 'election' },
): Result<VotingMethod> {
  if (poll.secret && isOpenMethod(method))
    return fail('poll.method_not_secret', `A secret poll cannot be taken by ${method}.`, { method });
  if (isHallMethod(method) && !hallCountRequired(method, poll.form))
    return fail('poll.method_needs_hall', `An assembly of form ${poll.form} has no hall to count in.`, {
      method,
      form: poll.form,
    });
  if (isHallMethod(method) && poll.decision === 'election')
    return fail(
      'poll.hall_method_election',
      'Tellers count yes, no and abstain; an election is held electronically.',
      { method },
    );
  return ok(method);
}

/** The tellers' count of the hall for a majority poll (votes, weighted as the members hold them). */
export interface HallCount {
  readonly yes: number;
  readonly no: number;
  readonly abstain: number;
}

/** The votes a hall count adds up to. */
export function hallTotal(count: HallCount): number {
  return count.yes + count.no + count.abstain;
}

/**
 * R27 plausibility: a hall count cannot hold more votes than the members in the hall may cast —
 * those checked in in the room, with the votes of the members they represent.
 */
export function checkHallCount(count: HallCount, hallVotes: number): Result<HallCount> {
  const total = hallTotal(count);
  if (total > hallVotes)
    return fail(
      'hall.count_implausible',
      `The hall count has ${total} votes, but only ${hallVotes} can be cast in the hall.`,
      { total, hallVotes },
    );
  return ok(count);
}

/** One teller's entry of a hall count. */
export interface HallEntry {
  readonly tellerId: string;
  readonly count: HallCount;
}

/**
 * R27: a hall count stands once a second, different teller confirms the same numbers. A mismatch
 * or a confirmation by the teller who entered it is refused and changes nothing.
 */
export function confirmHallCount(entered: HallEntry, confirming: HallEntry): Result<HallCount> {
  if (entered.tellerId === confirming.tellerId)
    return fail('hall.same_teller', 'A second, different teller must confirm the hall count.');
  const same =
    entered.count.yes === confirming.count.yes &&
    entered.count.no === confirming.count.no &&
    entered.count.abstain === confirming.count.abstain;
  if (!same)
    return fail('hall.count_mismatch', 'The confirmation differs from the count entered.', {
      entered: entered.count,
      confirming: confirming.count,
    });
  return ok(entered.count);
}

/** R27: the poll's counts are the electronic ballots plus the confirmed hall count. */
export function combineCounts(electronic: VoteCounts, hall: HallCount | null): VoteCounts {
  if (hall === null) return electronic;
  return {
    yes: electronic.yes + hall.yes,
    no: electronic.no + hall.no,
    abstain: electronic.abstain + hall.abstain,
    invalid: electronic.invalid,
  };
}
