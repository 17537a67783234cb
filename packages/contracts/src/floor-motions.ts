import {
  FLOOR_MOTION_KINDS,
  FLOOR_MOTION_STATUSES,
  FLOOR_MOTION_TEXT_MAX,
  ITEM_MOTION_KINDS,
  PROCEDURAL_MOTION_KINDS,
} from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { Instant, Int, Nullable, Text, Uuid } from './common.ts';

export const FloorMotionKind = Type.Enum(FLOOR_MOTION_KINDS, {
  description:
    'Procedural motions (close_debate, adjourn, secret_ballot, agenda_order), motions on the item (counter_motion, amendment), or a new item (always refused, R17).',
});
/** The kinds a stored motion has (a new item is never stored). */
export const StoredFloorMotionKind = Type.Enum([...PROCEDURAL_MOTION_KINDS, ...ITEM_MOTION_KINDS]);
export type FloorMotionKind = Static<typeof FloorMotionKind>;

export const FloorMotionStatus = Type.Enum(FLOOR_MOTION_STATUSES);
export type FloorMotionStatus = Static<typeof FloorMotionStatus>;

/** POST …/floor-motions: a member moves a motion on the current item. */
export const SubmitFloorMotionBody = Type.Object(
  {
    kind: FloorMotionKind,
    text: Text({
      maxLength: FLOOR_MOTION_TEXT_MAX,
      description: 'The wording; may be empty for a procedural motion.',
    }),
  },
  { additionalProperties: false },
);
export type SubmitFloorMotionBody = Static<typeof SubmitFloorMotionBody>;

export const FloorMotionParams = Type.Object(
  { assemblyId: Uuid, motionId: Uuid },
  { additionalProperties: false },
);
export type FloorMotionParams = Static<typeof FloorMotionParams>;

export const AdmitFloorMotionBody = Type.Object(
  {
    reach: Int({
      minimum: 1,
      maximum: 99,
      description: 'Reach rank: 1 reaches furthest and is voted first.',
    }),
  },
  { additionalProperties: false },
);
export type AdmitFloorMotionBody = Static<typeof AdmitFloorMotionBody>;

export const RejectFloorMotionBody = Type.Object(
  { reason: Text({ minLength: 1, maxLength: 500, description: 'Why the chair does not admit it.' }) },
  { additionalProperties: false },
);
export type RejectFloorMotionBody = Static<typeof RejectFloorMotionBody>;

export const FloorMotionResultBody = Type.Object(
  {
    amendedText: Type.Optional(
      Text({
        maxLength: FLOOR_MOTION_TEXT_MAX * 5,
        description: 'An adopted amendment: the main motion as it now reads.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type FloorMotionResultBody = Static<typeof FloorMotionResultBody>;

/** A floor motion as the chair and its mover see it. */
export const FloorMotionView = Type.Object(
  {
    id: Uuid,
    seq: Type.Integer({ description: 'Submission order.' }),
    itemId: Uuid,
    itemPosition: Type.Integer(),
    kind: StoredFloorMotionKind,
    text: Type.String(),
    textSha256: Type.String(),
    status: FloorMotionStatus,
    reach: Nullable(Type.Integer()),
    rejectionReason: Nullable(Type.String()),
    amendedText: Nullable(Type.String()),
    memberId: Uuid,
    memberNumber: Type.String(),
    name: Type.String(),
    submittedAt: Instant,
    decidedAt: Nullable(Instant),
    resultAt: Nullable(Instant),
    pollId: Nullable(Uuid),
    /** Place in the voting order among the item's admitted motions still to vote (1 is next); else null. */
    order: Nullable(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type FloorMotionView = Static<typeof FloorMotionView>;

/** POST …/floor-motions/vote: the motion put to the vote and its new (draft) poll. */
export const PutToVoteResult = Type.Object(
  { motion: FloorMotionView, pollId: Uuid },
  { additionalProperties: false },
);
export type PutToVoteResult = Static<typeof PutToVoteResult>;

export const FloorMotionList = Type.Object(
  {
    /** The item the chair is on. */
    currentItemId: Nullable(Uuid),
    motions: Type.Array(FloorMotionView),
  },
  { additionalProperties: false },
);
export type FloorMotionList = Static<typeof FloorMotionList>;

/** The motion a floor-motion poll votes on, as its poll records it. */
export const FloorMotionRef = Type.Object(
  {
    id: Uuid,
    kind: StoredFloorMotionKind,
    text: Type.String(),
    textSha256: Type.String(),
  },
  { additionalProperties: false, description: 'The floor motion this poll votes on.' },
);
export type FloorMotionRef = Static<typeof FloorMotionRef>;
