import { ITEM_KINDS } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { FractionSchema, Int, Nullable } from './common.ts';

const section = <T extends Parameters<typeof Type.Object>[0]>(properties: T, description: string) =>
  Type.Partial(Type.Object(properties, { additionalProperties: false }), {
    additionalProperties: false,
    description,
  });

const Quorum = Type.Union(
  [
    Type.Object({ kind: Type.Literal('none') }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('share_of_members'), share: FractionSchema },
      { additionalProperties: false },
    ),
  ],
  { description: 'C4: no quorum (the law sets none), or a share of all members present or represented.' },
);

/**
 * The statute settings of a request (C1–C11): each section is optional, and each field of a
 * section too. On creation they are merged over the defaults; on PATCH over the assembly's current
 * settings. The domain then checks the whole result against the legal minimums (R15).
 */
export const StatuteInput = Type.Object(
  {
    multipleVotes: Type.Optional(
      section(
        { enabled: Type.Boolean(), maxVotes: Int({ minimum: 0, maximum: 100 }) },
        'C1: multiple votes, at most 3.',
      ),
    ),
    investingMembers: Type.Optional(
      Type.Union([Type.Literal('no_vote'), Type.Literal('vote_except_qualified')], {
        description: 'C2: the vote of investing members.',
      }),
    ),
    proxies: Type.Optional(
      section(
        {
          form: Type.Union([Type.Literal('text'), Type.Literal('written')]),
          eligibleHolders: Type.Union([
            Type.Literal('members_only'),
            Type.Literal('members_spouses_relatives'),
          ]),
          maxPrincipalsPerHolder: Int({ minimum: 0, maximum: 100 }),
          allowProfessionalHolders: Type.Boolean(),
        },
        'C3: proxies (R6–R9).',
      ),
    ),
    thresholds: Type.Optional(
      Type.Partial(
        Type.Object(Object.fromEntries(ITEM_KINDS.map((kind) => [kind, FractionSchema])), {
          additionalProperties: false,
        }),
        {
          additionalProperties: false,
          description: 'C4: per-kind thresholds, never below the legal minimum.',
        },
      ),
    ),
    quorum: Type.Optional(Quorum),
    voting: Type.Optional(
      section(
        {
          defaultMethod: Type.Union([
            Type.Literal('show_of_hands'),
            Type.Literal('voting_cards'),
            Type.Literal('electronic'),
            Type.Literal('ballot_paper'),
          ]),
          secretForBoardElections: Type.Boolean(),
          secretOnRequestShare: Nullable(FractionSchema),
        },
        'C5, R24: voting method and secret ballots.',
      ),
    ),
    elections: Type.Optional(
      section(
        {
          method: Type.Union([
            Type.Literal('most_votes'),
            Type.Literal('absolute_majority_of_ballots'),
            Type.Literal('show_of_hands_per_seat'),
            Type.Literal('list'),
          ]),
          allowListVoting: Type.Boolean(),
          supervisoryBoardSeats: Int({ minimum: 0, maximum: 100 }),
          tieBreak: Type.Union([Type.Literal('lot'), Type.Literal('run_off')], {
            description: 'R22: a tie on the last seats is settled by a lot the chair draws, or by a run-off.',
          }),
        },
        'C6, R21: elections.',
      ),
    ),
    discharge: Type.Optional(
      section(
        {
          defaultMode: Type.Union([Type.Literal('collective'), Type.Literal('individual')]),
          excludeCoMembersInIndividual: Type.Boolean(),
          excludeOtherBody: Type.Boolean(),
          excludeRepresentedLegalPerson: Type.Boolean(),
        },
        'C7: discharge.',
      ),
    ),
    channels: Type.Optional(
      section(
        {
          advanceVoting: Type.Boolean(),
          precedence: Type.Array(
            Type.Union([Type.Literal('personal'), Type.Literal('proxy'), Type.Literal('advance')]),
            { maxItems: 3 },
          ),
        },
        'C8, R5: advance voting and the precedence of channels.',
      ),
    ),
    convening: Type.Optional(
      section(
        {
          noticePeriodDays: Int({ minimum: 0, maximum: 366 }),
          businessYearStart: Type.String({ pattern: '^[0-9]{2}-[0-9]{2}$', description: "'MM-DD'" }),
        },
        'C9: notice period and business-year start.',
      ),
    ),
    minorityShare: Type.Optional(FractionSchema),
    procedure: Type.Optional(
      section({ voteChangeUntilClose: Type.Boolean() }, 'C11: vote changes until the poll closes.'),
    ),
  },
  { additionalProperties: false },
);
export type StatuteInputBody = Static<typeof StatuteInput>;
