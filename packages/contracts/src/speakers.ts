import { SPEAKING_SECONDS_MAX, SPEAKING_SECONDS_MIN } from '@plenum/domain';
import { type Static, Type } from 'typebox';
import { Instant, Int, Nullable, Uuid } from './common.ts';

/** How many of those waiting the live snapshot names (the projector shows the next three). */
export const LIVE_SPEAKERS_NEXT = 5;

export const SpeakRequestBody = Type.Object(
  {
    pointOfOrder: Type.Optional(
      Type.Boolean({ description: '"Zur Geschäftsordnung": speaks before every ordinary request.' }),
    ),
  },
  { additionalProperties: false },
);
export type SpeakRequestBody = Static<typeof SpeakRequestBody>;

export const CallSpeakerBody = Type.Object(
  { requestId: Uuid },
  { additionalProperties: false, description: 'Call this waiting request out of turn.' },
);
export type CallSpeakerBody = Static<typeof CallSpeakerBody>;

export const SpeakingTimerBody = Type.Object(
  {
    seconds: Type.Optional(
      Int({
        minimum: SPEAKING_SECONDS_MIN,
        maximum: SPEAKING_SECONDS_MAX,
        description: "The speaking time; kept as the list's speaking time for later speakers.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type SpeakingTimerBody = Static<typeof SpeakingTimerBody>;

/** A request to speak as the chair sees it. */
export const SpeakerEntry = Type.Object(
  {
    requestId: Uuid,
    memberId: Uuid,
    memberNumber: Type.String(),
    name: Type.String(),
    pointOfOrder: Type.Boolean(),
    requestedAt: Instant,
  },
  { additionalProperties: false },
);
export type SpeakerEntry = Static<typeof SpeakerEntry>;

/** GET …/speakers: the list of the current item for the chair. */
export const SpeakersView = Type.Object(
  {
    itemId: Nullable(Uuid),
    closed: Type.Boolean(),
    speakingSeconds: Type.Integer(),
    current: Nullable(SpeakerEntry),
    timerStartedAt: Nullable(Instant),
    /** Those waiting, in speaking order (points of order first). */
    queue: Type.Array(SpeakerEntry),
    /** Those who spoke on this item, in the order they were called. */
    spoken: Type.Array(SpeakerEntry),
  },
  { additionalProperties: false },
);
export type SpeakersView = Static<typeof SpeakersView>;

/** GET/POST/DELETE …/speakers/mine: the member's own request on the current item. */
export const MySpeakRequest = Type.Object(
  {
    itemId: Nullable(Uuid),
    closed: Type.Boolean(),
    request: Nullable(
      Type.Object(
        {
          requestId: Uuid,
          pointOfOrder: Type.Boolean(),
          place: Type.Integer({ minimum: 1, description: '1: next to speak.' }),
        },
        { additionalProperties: false },
      ),
    ),
    speaking: Type.Boolean({ description: 'The member has the floor now.' }),
    present: Type.Boolean({ description: 'Checked in now: only then may the member ask to speak.' }),
  },
  { additionalProperties: false },
);
export type MySpeakRequest = Static<typeof MySpeakRequest>;

const LiveSpeaker = Type.Object(
  { name: Type.String(), pointOfOrder: Type.Boolean() },
  { additionalProperties: false },
);

/** The speakers' list of the current item in the live snapshot: names only, no member ids. */
export const LiveSpeakers = Type.Object(
  {
    itemId: Type.String(),
    closed: Type.Boolean(),
    speakingSeconds: Type.Integer(),
    current: Nullable(LiveSpeaker),
    /** When the speaking time started (server time), null while it is not running. */
    startedAt: Nullable(Type.String({ format: 'date-time' })),
    next: Type.Array(LiveSpeaker, { maxItems: LIVE_SPEAKERS_NEXT }),
    waiting: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false, description: "The current item's list of speakers." },
);
export type LiveSpeakers = Static<typeof LiveSpeakers>;
