import { type Static, Type } from 'typebox';
import { Instant, Int, Nullable, Uuid } from './common.ts';
import { Tally, VotingMethod } from './results.ts';

/** A staff user with the role teller, as the chair picks and the minutes name them. */
export const TellerEntry = Type.Object(
  { userId: Uuid, username: Type.String(), name: Type.String() },
  { additionalProperties: false },
);
export type TellerEntry = Static<typeof TellerEntry>;

/** The assembly's tellers, and the teller accounts the chair may still appoint. */
export const TellersView = Type.Object(
  { appointed: Type.Array(TellerEntry), available: Type.Array(TellerEntry) },
  { additionalProperties: false },
);
export type TellersView = Static<typeof TellersView>;

export const AppointTellerBody = Type.Object(
  { userId: Type.String({ format: 'uuid', description: 'A staff user with the role teller.' }) },
  { additionalProperties: false },
);
export type AppointTellerBody = Static<typeof AppointTellerBody>;

const Votes = Int({ minimum: 0, maximum: 10_000_000 });

/** A teller's count of the hall for a majority poll (votes, as the members hold them). */
export const HallCountBody = Type.Object(
  { yes: Votes, no: Votes, abstain: Votes },
  { additionalProperties: false },
);
export type HallCountBody = Static<typeof HallCountBody>;

export const HallCountStatus = Type.Union([
  Type.Literal('awaiting_close'),
  Type.Literal('awaiting_count'),
  Type.Literal('awaiting_confirmation'),
  Type.Literal('confirmed'),
]);
export type HallCountStatus = Static<typeof HallCountStatus>;

/**
 * One poll counted in the hall. While unconfirmed, the entered numbers are not shown: the second
 * teller counts for themselves.
 */
export const HallPollView = Type.Object(
  {
    pollId: Uuid,
    itemTitle: Type.String(),
    round: Type.Integer({ minimum: 1 }),
    method: VotingMethod,
    pollStatus: Type.String(),
    status: HallCountStatus,
    /** Who entered the count that waits for confirmation (or was confirmed). */
    enteredBy: Nullable(TellerEntry),
    confirmedBy: Nullable(TellerEntry),
    /** The most votes the hall can hold now: members checked in in the room, with those they represent. */
    hallVotes: Type.Integer({ minimum: 0 }),
    count: Nullable(HallCountBody),
    /** Once confirmed: the poll's result, electronic ballots plus the hall count. */
    tally: Nullable(Tally),
    at: Nullable(Instant),
  },
  { additionalProperties: false },
);
export type HallPollView = Static<typeof HallPollView>;

export const HallCountsView = Type.Object(
  { polls: Type.Array(HallPollView) },
  { additionalProperties: false },
);
export type HallCountsView = Static<typeof HallCountsView>;
