import { ITEM_KINDS } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { CalendarDate, FractionSchema, Uuid } from './common.ts';
import { FloorMotionRef } from './floor-motions.ts';

/**
 * Statute, poll options and configuration, tallies and agenda item details: the structured values
 * the API stores as JSON, typed here so that the OpenAPI document and the web app see their shape.
 */

const Count = Type.Integer({ minimum: 0 });

export const VotingMethod = Type.Enum(['show_of_hands', 'voting_cards', 'electronic', 'ballot_paper'], {
  description: 'C5: how a poll is voted (secret ballots use ballot_paper or secret electronic voting).',
});
export type VotingMethod = Static<typeof VotingMethod>;
export const ElectionMethod = Type.Enum(
  ['most_votes', 'absolute_majority_of_ballots', 'show_of_hands_per_seat', 'list'],
  { description: 'C6 (a)–(d): how an election is decided.' },
);
export type ElectionMethod = Static<typeof ElectionMethod>;
export const QuorumRule = Type.Union(
  [
    Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('share_of_members'), share: FractionSchema },
      { additionalProperties: false },
    ),
  ],
  { description: 'C4: no quorum (the law sets none), or a share of all members present or represented.' },
);

const statuteSections = {
  multipleVotes: Type.Object(
    { enabled: Type.Boolean(), maxVotes: Type.Integer({ minimum: 1, maximum: 3 }) },
    { description: 'C1: multiple votes (at most 3 per member), off by default.' },
  ),
  investingMembers: Type.Enum(['no_vote', 'vote_except_qualified'], {
    description: 'C2: investing members have no vote, or vote except on items needing 3/4 by law.',
  }),
  proxies: Type.Object(
    {
      form: Type.Enum(['text', 'written']),
      eligibleHolders: Type.Enum(['members_only', 'members_spouses_relatives']),
      maxPrincipalsPerHolder: Type.Enum([0, 1, 2]),
      allowProfessionalHolders: Type.Boolean(),
    },
    { description: 'C3: form of a proxy, who may hold one and for how many members.' },
  ),
  thresholds: Type.Partial(Type.Record(Type.Enum(ITEM_KINDS), FractionSchema), {
    description: 'C4: thresholds per item kind, at or above the legal minimum; others use the default.',
  }),
  quorum: QuorumRule,
  voting: Type.Object(
    {
      defaultMethod: VotingMethod,
      secretForBoardElections: Type.Boolean(),
      secretOnRequestShare: Type.Union([FractionSchema, Type.Null()], {
        description: 'Share of valid votes that forces a secret ballot on request; null: no such trigger.',
      }),
    },
    { description: 'C5, R24: default method and secret-ballot triggers.' },
  ),
  elections: Type.Object(
    {
      method: ElectionMethod,
      allowListVoting: Type.Boolean(),
      supervisoryBoardSeats: Type.Integer({ minimum: 1 }),
      tieBreak: Type.Union([Type.Literal('lot'), Type.Literal('run_off')], {
        description: 'R22: a tie on the last seats is settled by a lot the chair draws, or by a run-off.',
      }),
    },
    { description: 'C6, R21.' },
  ),
  discharge: Type.Object(
    {
      defaultMode: Type.Enum(['collective', 'individual']),
      excludeCoMembersInIndividual: Type.Boolean(),
      excludeOtherBody: Type.Boolean(),
      excludeRepresentedLegalPerson: Type.Boolean(),
    },
    { description: 'C7: discharge votes and who is excluded from them.' },
  ),
  channels: Type.Object(
    {
      advanceVoting: Type.Boolean(),
      precedence: Type.Array(Type.Enum(['personal', 'proxy', 'advance'])),
    },
    { description: 'C8, R5: advance voting, and which channel counts when a member used several.' },
  ),
  convening: Type.Object(
    {
      noticePeriodDays: Type.Integer({ minimum: 0 }),
      businessYearStart: Type.String({ description: "Start of the business year, 'MM-DD'." }),
      timeZone: Type.String({ description: "The cooperative's IANA time zone." }),
    },
    { description: 'C9: notice period, business year and time zone every date rule is judged in.' },
  ),
  minorityShare: FractionSchema,
  procedure: Type.Object(
    { voteChangeUntilClose: Type.Boolean() },
    { description: 'C11: whether a voter may change their vote until the poll closes.' },
  ),
};

/** The statute configuration an assembly runs under (C1–C11), completed with defaults. */
export const Statute = Type.Object(statuteSections, {
  description: 'The statute configuration (C1–C11) the assembly runs under, defaults filled in.',
});
export type Statute = Static<typeof Statute>;

/** Agenda item details: what the item kind needs beyond its title (discharge, elections, R10, R17). */
export const ItemDetails = Type.Object(
  {
    discharge: Type.Optional(
      Type.Object(
        {
          mode: Type.Optional(Type.Enum(['collective', 'individual'])),
          period: Type.Object({ from: CalendarDate, to: CalendarDate }, { additionalProperties: false }),
          subjectId: Type.Optional(Uuid),
        },
        {
          additionalProperties: false,
          description: 'C7: the discharge period, collective or individual, and its subject.',
        },
      ),
    ),
    affectedPersonIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 100,
        description: 'R10: members the resolution concerns, excluded from voting.',
      }),
    ),
    legalFormObjectionQuorumMet: Type.Optional(Type.Boolean()),
    auditReport: Type.Optional(
      Type.Boolean({ description: 'R19, §59(1): this item is where the audit report is heard.' }),
    ),
    abolishesMultipleVotes: Type.Optional(Type.Boolean()),
    withinAnnouncedItem: Type.Optional(Type.Boolean()),
    convenesExtraordinaryAssembly: Type.Optional(Type.Boolean()),
    seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Seats of an election.' })),
    votesPerBallot: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 50, description: 'Candidates a ballot may name.' }),
    ),
  },
  { additionalProperties: false, description: 'What the item kind needs beyond its title.' },
);
export type ItemDetails = Static<typeof ItemDetails>;

export const MotionChoice = Type.Enum(['yes', 'no', 'abstain'], { description: 'A vote on a motion.' });
export type MotionChoice = Static<typeof MotionChoice>;

/** A motion choice, or an election ballot: the candidates named, or a vote on the whole list. */
export const Choice = Type.Union(
  [
    MotionChoice,
    Type.Object(
      { kind: Type.Literal('candidates'), choices: Type.Array(Uuid, { maxItems: 50 }) },
      { additionalProperties: false, description: 'An election ballot naming candidates (none: abstain).' },
    ),
    Type.Object(
      { kind: Type.Literal('list'), choice: MotionChoice },
      { additionalProperties: false, description: 'C6 (d): yes, no or abstain on the whole list.' },
    ),
  ],
  { description: 'What a vote says: yes/no/abstain on a motion, or an election ballot.' },
);
export type Choice = Static<typeof Choice>;

/** A poll's options: yes/no/abstain for a motion, the candidates' member ids for an election. */
export const PollOptions = Type.Array(Type.String(), {
  description: 'The choices on the ballot: yes, no, abstain for a motion; candidate ids for an election.',
});

/** How a poll was set up: the election rules, and why it is secret or open (R24). */
export const PollConfig = Type.Object(
  {
    method: Type.Optional(ElectionMethod),
    seats: Type.Optional(Type.Integer({ minimum: 1, description: 'Seats to fill (elections).' })),
    votesPerBallot: Type.Optional(
      Type.Integer({ minimum: 1, description: 'Candidates a ballot may name (elections).' }),
    ),
    secrecyReason: Type.Optional(
      Type.Enum(['secret.board_election', 'secret.requested', 'secret.kind_default', 'secret.not_required'], {
        description: 'R24: why the poll is secret or open.',
      }),
    ),
    legalBasis: Type.Optional(Type.String({ description: 'The legal basis of the item kind.' })),
    secretRequest: Type.Optional(
      Type.Object(
        {
          supporting: Count,
          base: Count,
          basis: Type.Enum(['valid_votes', 'members_present']),
          share: Type.Union([FractionSchema, Type.Null()]),
        },
        { description: "R24: the members' request for a secret ballot and its support, as recorded." },
      ),
    ),
    floorMotion: Type.Optional(FloorMotionRef),
    amendedText: Type.Optional(
      Type.String({ description: 'The main motion as adopted amendments from the floor worded it.' }),
    ),
    tieRunOff: Type.Optional(
      Type.Boolean({
        description: 'R22: a run-off between candidates tied on the last seats of the round before.',
      }),
    ),
  },
  { description: 'How the poll was set up.' },
);
export type PollConfig = Static<typeof PollConfig>;

export const VoteCounts = Type.Object(
  { yes: Count, no: Count, abstain: Count, invalid: Count },
  { description: 'Weighted votes per choice.' },
);

/** R12–R15, C4: the computed result of a motion. */
export const MajorityTally = Type.Object(
  {
    counts: VoteCounts,
    excluded: Type.Integer({ minimum: 0, description: 'R12: votes of excluded members, reported apart.' }),
    ballots: Count,
    base: Type.Integer({ minimum: 0, description: 'The votes the threshold is measured against.' }),
    threshold: FractionSchema,
    quorumMet: Type.Boolean(),
    passed: Type.Boolean(),
    reason: Type.Enum(
      ['majority.reached', 'majority.not_reached', 'majority.tie', 'majority.no_votes', 'quorum.not_met'],
      { description: 'Why the motion passed or failed.' },
    ),
    attendance: Type.Optional(
      Type.Object(
        { presentMembers: Count, totalMembers: Count },
        { description: 'C4: members present or represented at the close, when the statute sets a quorum.' },
      ),
    ),
  },
  { description: 'The computed result of a motion (R12–R15).' },
);
export type MajorityTally = Static<typeof MajorityTally>;

const CandidateVotes = Type.Object({ candidateId: Uuid, votes: Count });

/** C6, R22: the computed result of one election round. */
export const ElectionTally = Type.Object(
  {
    method: ElectionMethod,
    round: Type.Integer({ minimum: 1 }),
    seats: Type.Integer({ minimum: 1 }),
    validBallots: Count,
    abstentions: Count,
    invalidBallots: Count,
    votes: Type.Array(CandidateVotes, { description: 'Votes per candidate, most first.' }),
    elected: Type.Array(Type.Object({ candidateId: Uuid, votes: Count, byLot: Type.Boolean() }), {
      description: 'Who is elected, and whether by lot (R22).',
    }),
    nextRoundCandidates: Type.Array(Uuid, { description: 'Candidates of a run-off or further round.' }),
    unfilledSeats: Count,
    lots: Type.Array(Type.Object({ among: Type.Array(Uuid), seats: Count, winners: Type.Array(Uuid) }), {
      description: 'R22: the lots drawn on ties.',
    }),
    outcome: Type.Enum(
      [
        'election.all_seats_filled',
        'election.lot_required',
        'election.tie_runoff_required',
        'election.runoff_required',
        'election.further_round_required',
        'election.seats_unfilled',
        'election.list_rejected',
      ],
      { description: 'Why the round ended as it did.' },
    ),
    tie: Type.Optional(
      Type.Object(
        {
          among: Type.Array(Uuid),
          seats: Type.Integer({ minimum: 1 }),
          settledBy: Type.Union([Type.Literal('lot'), Type.Literal('run_off')]),
        },
        { description: 'R22: a tie on the last seats left open at the close, settled by lot or run-off.' },
      ),
    ),
    excluded: Type.Integer({ minimum: 0, description: 'R12: votes of excluded members, reported apart.' }),
    ballots: Count,
  },
  { description: 'The computed result of an election round (C6, R22).' },
);
export type ElectionTally = Static<typeof ElectionTally>;

/** The computed tally of a closed poll: a motion's or an election round's. */
export const Tally = Type.Union([MajorityTally, ElectionTally], {
  description: 'The computed result, only once closed (R23: no interim results).',
});
export type Tally = Static<typeof Tally>;
