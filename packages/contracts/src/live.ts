import { type Static, Type } from 'typebox';
import { DeclarationLang, DeclarationTexts, Nullable } from './common.ts';
import { FloorMotionRef } from './floor-motions.ts';
import { LiveSpeakers } from './speakers.ts';

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
  'hall.counted',
  'poll.closed',
  'poll.declared',
  'poll.lot_drawn',
  'poll.opened',
  'proxies.changed',
  'speakers.changed',
  'floor_motions.changed',
] as const;
export type LiveChangeType = (typeof LIVE_CHANGE_TYPES)[number];

/** A change after a commit: what changed, in which assembly (and poll). */
export interface LiveChange {
  readonly type: LiveChangeType;
  readonly assemblyId: string;
  readonly pollId?: string;
}

/**
 * The SSE event names of GET /api/assemblies/:id/events: `snapshot`, the whole state each time,
 * and `heartbeat` (no data worth reading) every LIVE_HEARTBEAT_MS, so that a client can tell a
 * quiet stream from a dead one: EventSource does not hand comment lines to the page.
 */
export const LIVE_STREAM_EVENTS = ['snapshot', 'heartbeat'] as const;
export type LiveStreamEvent = (typeof LIVE_STREAM_EVENTS)[number];

/**
 * How often the stream sends its heartbeat. A client that heard nothing (no event, no heartbeat)
 * for two of these treats what it shows as stale and reconnects.
 */
export const LIVE_HEARTBEAT_MS = 15_000;

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
    rehearsal: Type.Boolean({ description: 'A rehearsal (Probeabstimmung): counts nowhere.' }),
    floorMotion: Type.Optional(Nullable(FloorMotionRef)),
    amendedText: Type.Optional(
      Nullable(
        Type.String({ description: 'The main motion as adopted amendments from the floor worded it.' }),
      ),
    ),
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
    lotDrawn: Type.Boolean({ description: 'R22: the chair has drawn the lot for a tie of this round.' }),
  },
  { additionalProperties: false, description: 'The open poll, else the latest one of the current item.' },
);

export const LiveTurnout = Type.Object(
  {
    voted: Type.Integer({
      minimum: 0,
      description:
        'Votes cast so far, advance votes received included (R23: only how many, never how). Counted in votes, like `eligible` (C1).',
    }),
    canVoteNow: Type.Integer({
      minimum: 0,
      description:
        'Votes that can be cast now, the base of the turnout: eligible members present (room or online), absent ones represented by a present proxy holder, advance votes received, and votes already cast; never a vote barred by §43(6). `voted ≤ canVoteNow ≤ eligible`.',
    }),
    eligible: Type.Integer({ minimum: 0, description: 'Votes available on the roll taken at opening.' }),
    excluded: Type.Integer({ minimum: 0, description: 'Votes barred by §43(6) GenG (R10–R12).' }),
    register: Type.Integer({
      minimum: 0,
      description: 'Members in the register when the poll opened (context only, not the base).',
    }),
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
    /** The declaration as the chair entered it first, in `lang`. */
    text: Type.String(),
    lang: DeclarationLang,
    /** The declaration per language: a screen shows its own and falls back to `text`. */
    texts: DeclarationTexts,
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
    speakers: Type.Union([LiveSpeakers, Type.Null()]),
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
