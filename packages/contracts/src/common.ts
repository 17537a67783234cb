import { type Static, type TSchema, Type } from 'typebox';

/** Shared building blocks of the HTTP contracts. */
export const Uuid = Type.String({ format: 'uuid' });
export const CalendarDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD.' });
export const Instant = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 with zone.' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
export const FractionSchema = Type.Object(
  { num: Type.Integer({ minimum: 0 }), den: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false, description: 'A threshold as an integer fraction (no floats).' },
);
export type Fraction = Static<typeof FractionSchema>;
export const AssemblyParams = Type.Object({ assemblyId: Uuid }, { additionalProperties: false });
export const PollParams = Type.Object({ pollId: Uuid }, { additionalProperties: false });
export const AssemblyPollParams = Type.Object(
  { assemblyId: Uuid, pollId: Uuid },
  { additionalProperties: false },
);
/** A free-form JSON object (validated further by the domain, e.g. statute overrides). */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());
