/**
 * Casting votes: whose votes a person may cast in a poll (R4, R7, R10) and the de-duplication of a
 * member who appears through several channels (R5).
 */
import type { MemberId, PersonId } from './board.ts';
import { compareInstants, type Instant } from './dates.ts';
import { isActiveGrant, type ProxyGrant } from './proxies.ts';
import type { RollSnapshot } from './roll.ts';
import type { ChannelRank, StatuteConfig } from './statute.ts';

/** Where a vote came from; room and online are both personal votes. */
export type Channel = 'room' | 'online' | 'proxy' | 'advance';

/** How a person may cast a member's vote. */
export type CastCapacity = 'own' | 'legal_representative' | 'heirs_representative' | 'proxy';

/** One member's vote a person may cast. */
export interface CastableVote {
  readonly memberId: MemberId;
  readonly votes: number;
  readonly capacity: CastCapacity;
}

/**
 * The votes `personId` may cast in the poll of `roll`:
 * own vote, votes as legal or heirs' representative (R3, R4; never capped, R7), and proxies (R7).
 * R10: an excluded person casts nothing, and nobody casts an excluded member's vote.
 */
export function castableVotes(
  personId: PersonId,
  roll: Pick<RollSnapshot, 'entries' | 'exclusions'>,
  grants: readonly ProxyGrant[],
): readonly CastableVote[] {
  const excluded = new Set(roll.exclusions.map((e) => e.personId));
  if (excluded.has(personId)) return [];
  const result: CastableVote[] = [];
  for (const entry of roll.entries) {
    if (entry.excluded !== null || !entry.actors.includes(personId)) continue;
    const capacity = entry.capacity === 'self' ? 'own' : entry.capacity;
    result.push({ memberId: entry.memberId, votes: entry.votes, capacity });
  }
  const byMember = new Map(roll.entries.map((e) => [e.memberId, e] as const));
  for (const grant of grants) {
    if (!isActiveGrant(grant) || grant.holder.id !== personId) continue;
    const entry = byMember.get(grant.principalId);
    if (entry === undefined || entry.excluded !== null) continue;
    result.push({ memberId: entry.memberId, votes: entry.votes, capacity: 'proxy' });
  }
  return result;
}

/** A vote as received, before de-duplication. */
export interface Cast {
  readonly memberId: MemberId;
  readonly channel: Channel;
  readonly at: Instant;
  /** Opaque reference to the ballot (or participation row) for the store. */
  readonly ref: string;
}

/** Why a cast does not count. */
export type DiscardReason = 'channel.superseded' | 'channel.duplicate' | 'channel.advance_voting_disabled';

/** Outcome of {@link resolveChannels}: exactly one counted cast per member. */
export interface ChannelResolution {
  readonly counted: readonly Cast[];
  readonly discarded: readonly { readonly cast: Cast; readonly reason: DiscardReason }[];
}

/** The rank of a channel for R5 precedence. */
export function channelRank(channel: Channel): ChannelRank {
  return channel === 'room' || channel === 'online' ? 'personal' : channel;
}

/**
 * R5: no member is counted twice across channels. The highest-ranked channel wins (default
 * personal > proxy > advance, C8); within one rank the earliest cast counts. Advance votes are
 * discarded when the statute has advance voting off.
 */
export function resolveChannels(
  casts: readonly Cast[],
  channels: StatuteConfig['channels'],
): ChannelResolution {
  const rank = (c: Cast): number => channels.precedence.indexOf(channelRank(c.channel));
  const discarded: { cast: Cast; reason: DiscardReason }[] = [];
  const best = new Map<MemberId, Cast>();
  for (const cast of casts) {
    if (cast.channel === 'advance' && !channels.advanceVoting) {
      discarded.push({ cast, reason: 'channel.advance_voting_disabled' });
      continue;
    }
    const current = best.get(cast.memberId);
    if (current === undefined) {
      best.set(cast.memberId, cast);
      continue;
    }
    const better =
      rank(cast) < rank(current) ||
      (rank(cast) === rank(current) && compareInstants(cast.at, current.at) < 0);
    const [winner, loser] = better ? [cast, current] : [current, cast];
    best.set(cast.memberId, winner);
    discarded.push({
      cast: loser,
      reason: rank(loser) === rank(winner) ? 'channel.duplicate' : 'channel.superseded',
    });
  }
  return { counted: [...best.values()], discarded };
}

/** C8: true when the statute ranks an advance vote above a proxy vote (not the default). */
export function advanceOutranksProxy(channels: Pick<StatuteConfig['channels'], 'precedence'>): boolean {
  return channels.precedence.indexOf('advance') < channels.precedence.indexOf('proxy');
}

/** A checked-in person (in the room or online) who could cast a member's vote now. */
export interface PresentPerson {
  readonly personId: PersonId;
  readonly channel: 'room' | 'online';
  /** R10: §43(6) bars this person in this poll, so they cast nothing, for nobody. */
  readonly barred: boolean;
}

/** What an open poll knows about one member of its roll at this moment. */
export interface StandingNow {
  readonly memberId: MemberId;
  /** The member's row on the poll's roll (R3; `excluded` by §43(6), R10–R12). */
  readonly status: 'eligible' | 'excluded' | 'ineligible';
  /** The member's votes on this roll (C1: more than one where the statute grants multiple votes). */
  readonly votes: number;
  /** A vote for this member is already recorded in the poll. */
  readonly voted: boolean;
  /** An advance vote of this member was received and waits to be counted at the close (C8). */
  readonly advanceVote: boolean;
  /** Checked-in persons who may cast the vote in person: the member's own login or a representative (R4). */
  readonly presentActors: readonly PresentPerson[];
  /** Checked-in holders of an active proxy of this member (R7). */
  readonly presentHolders: readonly PresentPerson[];
}

/** Whether a member's vote can be cast now, and how. */
export type VoteNow =
  | { readonly state: 'voted'; readonly channel: 'poll' | 'advance' }
  | {
      readonly state: 'open';
      readonly channel: 'room' | 'online' | 'proxy';
      /** The person who can cast it: the member, a representative or the proxy holder. */
      readonly by: PersonId;
    }
  | { readonly state: 'unavailable' };

/**
 * Who can vote now in an open poll (the base of the turnout that matters):
 * - only members eligible on the poll's roll (R3); excluded votes are reported apart (R10–R12);
 * - a member whose vote is recorded, or whose advance vote was received where the statute allows
 *   advance voting (C8), has voted;
 * - else the vote can be cast by a checked-in person who may cast it in person, the member's own
 *   login first (R4, R25), and failing that by a checked-in holder of the member's proxy (R5, R7);
 * - a person barred by §43(6) casts no vote for anyone (R10).
 */
export function voteNow(member: StandingNow, advanceVoting: boolean): VoteNow {
  if (member.status !== 'eligible') return { state: 'unavailable' };
  if (member.voted) return { state: 'voted', channel: 'poll' };
  if (member.advanceVote && advanceVoting) return { state: 'voted', channel: 'advance' };
  const actors = member.presentActors.filter((p) => !p.barred);
  const actor = actors.find((p) => p.personId === member.memberId) ?? actors[0];
  if (actor !== undefined) return { state: 'open', channel: actor.channel, by: actor.personId };
  const holder = member.presentHolders.find((p) => !p.barred);
  if (holder !== undefined) return { state: 'open', channel: 'proxy', by: holder.personId };
  return { state: 'unavailable' };
}

/** Turnout of an open poll in votes (C1): cast so far, and how many can be cast now (voted included). */
export interface TurnoutNow {
  readonly voted: number;
  readonly canVoteNow: number;
}

/** Sums {@link voteNow} over the members: `voted ≤ canVoteNow ≤` the votes available on the roll. */
export function turnoutNow(members: readonly StandingNow[], advanceVoting: boolean): TurnoutNow {
  let voted = 0;
  let canVoteNow = 0;
  for (const member of members) {
    const now = voteNow(member, advanceVoting);
    if (now.state === 'unavailable') continue;
    canVoteNow += member.votes;
    if (now.state === 'voted') voted += member.votes;
  }
  return { voted, canVoteNow };
}
