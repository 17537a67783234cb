import { type Static, Type } from 'typebox';

const Count = Type.Integer({ minimum: 0 });

/**
 * The changes that make the API send every client of the assembly a new snapshot. A service
 * reports one after its commit; the API processes pass it on to each other (NOTIFY).
 */
export const LIVE_CHANGE_TYPES = [
  'agenda.current_item',
  'assembly.closed',
  'assembly.convened',
  'assembly.opened',
  'attendance.changed',
  'ballot.cast',
  'poll.closed',
  'poll.declared',
  'poll.opened',
  'proxies.changed',
] as const;
export type LiveChangeType = (typeof LIVE_CHANGE_TYPES)[number];

/** A change after a commit: what changed, in which assembly (and poll). */
export interface LiveChange {
  readonly type: LiveChangeType;
  readonly assemblyId: string;
  readonly pollId?: string;
}

/** The SSE event names of GET /api/assemblies/:id/events: one, the whole state each time. */
export const LIVE_STREAM_EVENTS = ['snapshot'] as const;
export type LiveStreamEvent = (typeof LIVE_STREAM_EVENTS)[number];

export const LiveAssemblyStatus = Type.Union([
  Type.Literal('preparation'),
  Type.Literal('convened'),
  Type.Literal('open'),
  Type.Literal('closed'),
]);

export const LiveItem = Type.Object(
  { id: Type.String(), position: Type.Integer(), title: Type.String(), kind: Type.String() },
  { additionalProperties: false, description: 'The agenda item the chair is on.' },
);

export const LivePoll = Type.Object(
  {
    id: Type.String(),
    agendaItemId: Type.String(),
    kind: Type.Union([Type.Literal('majority'), Type.Literal('election')], {
      description: 'A yes/no vote, or an election of candidates.',
    }),
    round: Type.Integer({ minimum: 1 }),
    status: Type.Union([
      Type.Literal('draft'),
      Type.Literal('open'),
      Type.Literal('closed'),
      Type.Literal('declared'),
    ]),
    secret: Type.Boolean(),
    threshold: Type.Object({ num: Type.Integer(), den: Type.Integer() }, { additionalProperties: false }),
    openedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { additionalProperties: false, description: 'The open poll, else the latest one of the current item.' },
);

export const LiveTurnout = Type.Object(
  {
    voted: Type.Integer({ minimum: 0, description: 'Votes cast so far (R23: only how many, never how).' }),
    eligible: Type.Integer({ minimum: 0, description: 'Votes available on the roll taken at opening.' }),
    excluded: Type.Integer({ minimum: 0, description: 'Votes barred by §43(6) GenG (R10–R12).' }),
  },
  { additionalProperties: false },
);

export const LiveResult = Type.Object(
  {
    outcome: Type.Union([Type.Literal('passed'), Type.Literal('failed')]),
    counts: Type.Object(
      { yes: Count, no: Count, abstain: Count, invalid: Count },
      { additionalProperties: false },
    ),
    excluded: Type.Integer({ minimum: 0, description: 'R12: votes of excluded members, reported apart.' }),
    text: Type.String(),
    declaredAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, description: "The chair's declared result (R29); only once declared." },
);

/**
 * The whole live state of an assembly, sent as one SSE `snapshot` event (and by GET …/live).
 * `seq` is the database-wide live sequence when it was read: the SSE event id.
 */
export const LiveSnapshot = Type.Object(
  {
    seq: Type.Integer({ minimum: 0 }),
    assemblyId: Type.String(),
    status: LiveAssemblyStatus,
    currentItem: Type.Union([LiveItem, Type.Null()]),
    poll: Type.Union([LivePoll, Type.Null()]),
    turnout: Type.Union([LiveTurnout, Type.Null()]),
    attendance: Type.Object(
      {
        present: Type.Integer({ minimum: 0, description: 'Members checked in now (room or online).' }),
        represented: Type.Integer({
          minimum: 0,
          description: 'Absent members represented by a present proxy holder (R5).',
        }),
      },
      { additionalProperties: false },
    ),
    result: Type.Union([LiveResult, Type.Null()]),
  },
  { additionalProperties: false },
);
export type LiveSnapshot = Static<typeof LiveSnapshot>;
export type LivePoll = Static<typeof LivePoll>;
export type LiveResult = Static<typeof LiveResult>;
export type LiveAssemblyStatus = Static<typeof LiveAssemblyStatus>;
export type LiveItem = Static<typeof LiveItem>;
export type LiveTurnout = Static<typeof LiveTurnout>;

export const LiveParams = Type.Object(
  { assemblyId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);
export type LiveParams = Static<typeof LiveParams>;
