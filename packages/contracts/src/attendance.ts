import { type Static, Type } from 'typebox';
import { Instant, Nullable, Text, Uuid } from './common.ts';

export const CheckInBody = Type.Object(
  {
    memberId: Type.Optional(Uuid),
    memberNumber: Type.Optional(Text({ minLength: 1, maxLength: 50 })),
    channel: Type.Optional(Type.Union([Type.Literal('room'), Type.Literal('online')])),
  },
  { additionalProperties: false, description: 'Name the member by id or by member number.' },
);
export type CheckInBody = Static<typeof CheckInBody>;

export const CheckInResponse = Type.Object({
  memberId: Uuid,
  channel: Type.Union([Type.Literal('room'), Type.Literal('online')]),
  event: Type.String(),
});

/** The desk checks many members in at once (a queue at the door, a list scanned ahead). */
export const CheckInManyBody = Type.Object(
  {
    memberNumbers: Type.Array(Text({ minLength: 1, maxLength: 50 }), { minItems: 1, maxItems: 1000 }),
    channel: Type.Optional(Type.Union([Type.Literal('room'), Type.Literal('online')])),
  },
  { additionalProperties: false },
);
export type CheckInManyBody = Static<typeof CheckInManyBody>;

/**
 * One line per member number, in the order asked: checked in, or why not. `attendance.not_admitted`
 * is recorded (R30) like a refusal at the single check-in.
 */
export const CheckInManyResponse = Type.Object({
  checkedIn: Type.Integer(),
  results: Type.Array(
    Type.Object({
      memberNumber: Type.String(),
      memberId: Type.Union([Uuid, Type.Null()]),
      outcome: Type.Union([
        Type.Literal('checked_in'),
        Type.Literal('attendance.already_present'),
        Type.Literal('attendance.not_admitted'),
        Type.Literal('member.not_found'),
      ]),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type CheckInManyResponse = Static<typeof CheckInManyResponse>;

export const AttendanceSummary = Type.Object({
  assemblyId: Uuid,
  presentMembers: Type.Integer(),
  inRoom: Type.Integer(),
  online: Type.Integer(),
  /** Votes of absent members carried by present proxy holders. */
  representedByProxy: Type.Integer(),
  /** Present members plus represented: the votes in the room. */
  votesRepresented: Type.Integer(),
});

export const GrantProxyBody = Type.Object(
  {
    principalId: Uuid,
    holderMemberId: Type.Optional(Nullable(Uuid)),
    holderName: Type.Optional(Nullable(Text({ maxLength: 200 }))),
    relationToPrincipal: Type.Optional(
      Nullable(Type.Union([Type.Literal('spouse'), Type.Literal('relative')])),
    ),
    professional: Type.Optional(Type.Boolean()),
    form: Type.Union([Type.Literal('text'), Type.Literal('written')]),
    documentRef: Type.Optional(Nullable(Text({ maxLength: 500 }))),
    documentHash: Type.String({
      pattern: '^[0-9a-f]{64}$',
      description: 'sha256 of the stored proxy document (R6).',
    }),
    scope: Type.Optional(
      Type.Union([
        Type.Literal('all_items'),
        Type.Object({ itemIds: Type.Array(Uuid, { maxItems: 500 }) }, { additionalProperties: false }),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type GrantProxyBody = Static<typeof GrantProxyBody>;

export const ProxyView = Type.Object({
  id: Uuid,
  principalId: Uuid,
  principalName: Type.String(),
  principalNumber: Type.String({ description: "The principal's member number; the list is sorted by it." }),
  holderMemberId: Nullable(Uuid),
  holderName: Type.String(),
  holderNumber: Nullable(Type.String({ description: "A member holder's member number." })),
  form: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('revoked'), Type.Literal('rejected')]),
  reason: Nullable(Type.String()),
  at: Instant,
});

/** Where each asked-for member stands at the desk: checked in (room or online), checked out, or never came. */
export const DeskStandingQuery = Type.Object(
  {
    memberIds: Text({
      minLength: 1,
      maxLength: 2000,
      description: 'Member ids, comma-separated (at most 50).',
    }),
  },
  { additionalProperties: false },
);
export const DeskStanding = Type.Array(
  Type.Object({
    memberId: Uuid,
    presence: Type.Union([
      Type.Literal('room'),
      Type.Literal('online'),
      Type.Literal('checked_out'),
      Type.Literal('absent'),
    ]),
  }),
);
export type DeskStanding = Static<typeof DeskStanding>;

export const RevokeProxyBody = Type.Object(
  { by: Type.Union([Type.Literal('principal'), Type.Literal('holder')]) },
  { additionalProperties: false },
);

export const ObjectionBody = Type.Object(
  {
    pollId: Type.Optional(Nullable(Uuid)),
    memberId: Type.Optional(Uuid),
    memberNumber: Type.Optional(Text({ maxLength: 50 })),
    text: Text({ minLength: 1, maxLength: 10_000 }),
    status: Type.Optional(Type.Union([Type.Literal('recorded'), Type.Literal('refused')])),
    reason: Type.Optional(Text({ maxLength: 2000 })),
  },
  {
    additionalProperties: false,
    description: 'R30: an objection for the minutes; refused ones are recorded too.',
  },
);

export const ObjectionView = Type.Object({
  id: Uuid,
  pollId: Nullable(Uuid),
  memberId: Nullable(Uuid),
  memberNumber: Nullable(Type.String()),
  text: Type.String(),
  status: Type.String(),
  reason: Nullable(Type.String()),
  recordedBy: Type.String(),
  at: Instant,
});

export type CheckInResponse = Static<typeof CheckInResponse>;
export type AttendanceSummary = Static<typeof AttendanceSummary>;
export type ProxyView = Static<typeof ProxyView>;
export type ObjectionBody = Static<typeof ObjectionBody>;
export type ObjectionView = Static<typeof ObjectionView>;

export const CheckOutResponse = Type.Object({ memberId: Type.String(), present: Type.Boolean() });
export type CheckOutResponse = Static<typeof CheckOutResponse>;
/** A proxy just granted (R6–R9); GET …/proxies lists it in full. */
export const ProxyGranted = Type.Object({
  id: Type.String(),
  principalId: Type.String(),
  holder: Type.String(),
  status: Type.Literal('granted'),
});
export type ProxyGranted = Static<typeof ProxyGranted>;
