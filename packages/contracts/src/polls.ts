import { type Static, Type } from 'typebox';
import { ItemKind } from './assemblies.ts';
import {
  DeclarationLang,
  DeclarationTexts,
  FractionSchema,
  Instant,
  Int,
  Nullable,
  Text,
  Uuid,
} from './common.ts';
import { Choice, PollConfig, PollOptions, Tally, VotingMethod } from './results.ts';

export const PollStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('declared'),
]);

export const CreatePollBody = Type.Object(
  {
    agendaItemId: Uuid,
    /** A rehearsal (Probeabstimmung): a yes/no/abstain test poll that counts nowhere and is never exported. */
    rehearsal: Type.Optional(Type.Boolean()),
    /** R24: a request for a secret ballot and its support among the valid votes on the request. */
    secretRequest: Type.Optional(
      Type.Object(
        {
          supporting: Int({ minimum: 0, maximum: 10_000_000 }),
          validVotes: Int({
            minimum: 0,
            maximum: 10_000_000,
            description: 'The number the share is measured against: valid votes, or members present (basis).',
          }),
          basis: Type.Optional(
            Type.Union([Type.Literal('valid_votes'), Type.Literal('members_present')], {
              description: 'What validVotes counts; valid_votes when not given.',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    method: Type.Optional(
      Type.Union([
        Type.Literal('show_of_hands'),
        Type.Literal('voting_cards'),
        Type.Literal('electronic'),
        Type.Literal('ballot_paper'),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type CreatePollBody = Static<typeof CreatePollBody>;
export type PollStatus = Static<typeof PollStatus>;

/** R22: the lot the chair drew for a tie on the last seats (ledger SPEC.md §11). */
export const PollLot = Type.Object({
  value: Type.String({ description: 'The value the chair entered, or the fresh random value.' }),
  valueSource: Type.Union([Type.Literal('chair'), Type.Literal('random')]),
  headSeq: Type.Integer({ minimum: 0 }),
  head: Type.String({ description: 'The chain head hash at the draw.' }),
  seed: Type.String({ description: 'sha256(canonical({ head, pollId, value })), hex.' }),
  among: Type.Array(Uuid),
  seats: Type.Integer({ minimum: 1 }),
  order: Type.Array(Uuid, { description: 'The drawn order; the first `seats` are elected by lot.' }),
  winners: Type.Array(Uuid),
  drawnBy: Type.String(),
  at: Instant,
  ledgerSeq: Type.Integer(),
});
export type PollLot = Static<typeof PollLot>;

export const DrawLotBody = Type.Object(
  {
    value: Type.Optional(
      Text({
        minLength: 1,
        maxLength: 64,
        description:
          'A value the chair enters, e.g. a number called out in the room; without it the server draws a fresh random value.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type DrawLotBody = Static<typeof DrawLotBody>;

export const PollView = Type.Object({
  id: Uuid,
  assemblyId: Uuid,
  agendaItemId: Uuid,
  round: Type.Integer(),
  /** A rehearsal (Probeabstimmung): counts nowhere, never in minutes, results or the export. */
  rehearsal: Type.Boolean(),
  kind: Type.Union([Type.Literal('majority'), Type.Literal('election')]),
  itemKind: ItemKind,
  method: VotingMethod,
  secret: Type.Boolean(),
  threshold: FractionSchema,
  options: PollOptions,
  config: PollConfig,
  status: PollStatus,
  openedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  votesAvailable: Nullable(Type.Integer()),
  votesExcluded: Nullable(Type.Integer()),
  voted: Type.Integer({ description: 'How many votes were cast so far (never how).' }),
  canVoteNow: Nullable(
    Type.Integer({ description: 'While open: the votes that can be cast now (see LiveTurnout).' }),
  ),
  ballotCount: Nullable(Type.Integer()),
  ballotsRoot: Nullable(Type.String()),
  receiptsRoot: Nullable(Type.String()),
  /** The computed result, only once closed (R23: no interim results). */
  tally: Nullable(Tally),
  /**
   * R22: the lot drawn for a tie on the last seats, if any; `tally` then shows the round as the
   * lot decided it (the recorded tally is in the export).
   */
  lot: Nullable(PollLot),
  /** R22: the run-off round prepared for a tie (tieBreak run_off), while it is still a draft. */
  runOffPollId: Nullable(Uuid),
  declaration: Nullable(
    Type.Object({
      id: Uuid,
      /** The declaration as the chair entered it first, in `lang`. */
      text: Type.String(),
      lang: DeclarationLang,
      /** The declaration per language; null for a language the chair did not give it in. */
      texts: DeclarationTexts,
      outcome: Type.String(),
      at: Instant,
      by: Type.String(),
    }),
  ),
});
export type PollView = Static<typeof PollView>;

export const DeclareBody = Type.Object(
  {
    /** The declaration as read out, in `lang` (German when not given). */
    text: Text({ minLength: 1, maxLength: 5000 }),
    lang: Type.Optional(DeclarationLang),
    /** The same declaration in the other language, for screens in that language. */
    translation: Type.Optional(Text({ minLength: 1, maxLength: 5000 })),
    outcome: Type.Optional(Type.Union([Type.Literal('passed'), Type.Literal('failed')])),
    deviationReason: Type.Optional(Text({ maxLength: 5000 })),
  },
  { additionalProperties: false },
);

/** R29: a correction of the declared result, with its reason. */
export const CorrectionBody = Type.Object(
  {
    text: Text({ minLength: 1, maxLength: 5000 }),
    outcome: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
    reason: Text({ minLength: 1, maxLength: 5000 }),
  },
  { additionalProperties: false },
);
export type CorrectionBody = Static<typeof CorrectionBody>;

export const CastBody = Type.Object(
  {
    votes: Type.Array(Type.Object({ memberId: Uuid, choice: Choice }, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 50,
    }),
    // A Uuid, with its meaning for the API documentation.
    requestId: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'Made once per ballot submission and sent again with every retry of it. A cast whose ' +
          'request id this voter already used in this poll stores nothing and answers the same ' +
          'receipts (201); another request id after a stored cast is refused as vote.duplicate. ' +
          'Advance votes ignore it.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CastBody = Static<typeof CastBody>;

export const CastResponse = Type.Object({
  pollId: Uuid,
  receipts: Type.Array(Type.Object({ memberId: Uuid, receipt: Type.String() })),
});

/** The votes the logged-in member may cast in a poll, and which of them are already cast. */
export const MyVotesView = Type.Object({
  pollId: Uuid,
  status: PollStatus,
  present: Type.Boolean(),
  votes: Type.Array(
    Type.Object({
      memberId: Uuid,
      memberNumber: Type.String(),
      name: Type.String(),
      capacity: Type.Union([
        Type.Literal('own'),
        Type.Literal('legal_representative'),
        Type.Literal('heirs_representative'),
        Type.Literal('proxy'),
      ]),
      cast: Type.Boolean(),
    }),
  ),
  /** Why the member may not vote, when they may cast nothing. */
  reason: Nullable(Type.String()),
});

export const ReceiptCheckBody = Type.Object(
  { receipt: Text({ minLength: 1, maxLength: 40 }) },
  { additionalProperties: false },
);
export const ReceiptCheckResponse = Type.Object({
  pollId: Uuid,
  status: Type.Union([Type.Literal('counted'), Type.Literal('not_found')]),
  receiptsRoot: Nullable(Type.String()),
});

/**
 * A receipt checked by its code alone: the server finds the poll among the closed ones. A code
 * of a poll that is still open is not found yet (its hash is sealed with the ballot until the close).
 */
export const ReceiptLookupResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('counted'), Type.Literal('not_found')]),
    pollId: Nullable(Uuid),
    assemblyId: Nullable(Uuid),
    itemTitle: Nullable(Type.String({ description: 'The agenda item the poll decided.' })),
    round: Nullable(Type.Integer({ minimum: 1 })),
    receiptsRoot: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type ReceiptLookupResponse = Static<typeof ReceiptLookupResponse>;

/** The receipts a member was given in this assembly, on any device (own votes and as proxy holder). */
export const MyReceipts = Type.Object(
  {
    receipts: Type.Array(
      Type.Object(
        {
          pollId: Uuid,
          memberId: Uuid,
          name: Type.String({ description: 'Whose vote the receipt is for.' }),
          receipt: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type MyReceipts = Static<typeof MyReceipts>;

/**
 * R22: an elected candidate accepts or declines office. Candidates are members, and an election
 * counts them by member id, so the body names the member.
 */
export const AcceptanceBody = Type.Object(
  {
    memberId: Type.String({
      format: 'uuid',
      description:
        "The elected candidate's member id (elections count candidates by member id; not the id of a candidacy).",
    }),
    accepted: Type.Boolean({ description: 'true: accepts office; false: declines it.' }),
  },
  { additionalProperties: false },
);

/** How a missing vote can be cast now: in the room, online, or by a present proxy holder. */
export const MissingChannel = Type.Union([
  Type.Literal('room'),
  Type.Literal('online'),
  Type.Literal('proxy'),
]);

/**
 * Who can vote now and has not voted yet, by member number (never how anyone voted): members on
 * the roll who are present, or absent and represented by a present proxy holder.
 */
export const MissingVoters = Type.Object({
  pollId: Type.String(),
  total: Type.Integer({ minimum: 0, description: 'Members listed.' }),
  votes: Type.Integer({ minimum: 0, description: 'Their votes (C1: a member may hold more than one).' }),
  members: Type.Array(
    Type.Object({
      memberId: Type.String(),
      memberNumber: Type.String(),
      name: Type.String(),
      votes: Type.Integer({ minimum: 1 }),
      channel: MissingChannel,
      /** Who casts the vote when it is not the member: a proxy holder or a representative (R4, R7). */
      by: Nullable(Type.Object({ memberNumber: Type.String(), name: Type.String() })),
    }),
  ),
});
export type MissingVoters = Static<typeof MissingVoters>;

/** An election's seats after an acceptance or refusal (R22). */
export const AcceptanceResponse = Type.Object({
  pollId: Type.String(),
  awards: Type.Array(
    Type.Object({
      memberId: Type.String({ description: "An elected candidate's member id." }),
      status: Type.String(),
    }),
  ),
});
export type AcceptanceResponse = Static<typeof AcceptanceResponse>;

export type MyVotesView = Static<typeof MyVotesView>;
export type CastResponse = Static<typeof CastResponse>;
export type ReceiptCheckResponse = Static<typeof ReceiptCheckResponse>;
export type DeclareBody = Static<typeof DeclareBody>;
