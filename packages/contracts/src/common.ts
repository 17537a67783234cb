import { type Static, type TSchema, Type } from 'typebox';

/**
 * Text that PostgreSQL and the ledger's canonical encoding both accept: no NUL character (a
 * PostgreSQL text value cannot hold one) and well-formed UTF-16, i.e. no unpaired surrogate (it
 * has no UTF-8 encoding, so it can be neither stored nor hashed). Validated with the `u` flag,
 * where a surrogate pair is one code point and only an unpaired half matches the class.
 */
export const TEXT_PATTERN = '^[^\\u0000\\uD800-\\uDFFF]*$';

/** Options of a free-text field; the pattern is always TEXT_PATTERN. */
type TextOptions = { minLength?: number; maxLength: number; description?: string; default?: string };

/**
 * Every free-text field of a request is one of these (the app refuses at start a request schema
 * with a bare string; see apps/api/src/http/input-rules.ts). A length bound is required.
 */
export const Text = (options: TextOptions) => Type.String({ ...options, pattern: TEXT_PATTERN });

/** A whole number of a request, always bounded (integers only; no floats on the wire). */
export const Int = (options: { minimum: number; maximum: number; default?: number; description?: string }) =>
  Type.Integer(options);

/** Shared building blocks of the HTTP contracts. */
export const Uuid = Type.String({ format: 'uuid' });
export const CalendarDate = Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD.' });
export const Instant = Type.String({ format: 'date-time', description: 'An instant, ISO 8601 with zone.' });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Upper bound of a fraction's terms in a request: thresholds and shares are small fractions. */
export const FRACTION_TERM_MAX = 1_000_000;
export const FractionSchema = Type.Object(
  {
    num: Int({ minimum: 0, maximum: FRACTION_TERM_MAX }),
    den: Int({ minimum: 1, maximum: FRACTION_TERM_MAX }),
  },
  { additionalProperties: false, description: 'A threshold as an integer fraction (no floats).' },
);
export type Fraction = Static<typeof FractionSchema>;
export const AssemblyParams = Type.Object({ assemblyId: Uuid }, { additionalProperties: false });
export const PollParams = Type.Object({ pollId: Uuid }, { additionalProperties: false });
export const AssemblyPollParams = Type.Object(
  { assemblyId: Uuid, pollId: Uuid },
  { additionalProperties: false },
);
/** A free-form JSON object, for responses only (requests never take unchecked JSON). */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** A language the screens speak, e.g. of a chair's declaration. */
export const DeclarationLang = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export type DeclarationLang = Static<typeof DeclarationLang>;

/** A declaration per language; null for a language it was not given in (at least one is set). */
export const DeclarationTexts = Type.Object(
  { de: Type.Union([Type.String(), Type.Null()]), en: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: false },
);
export type DeclarationTexts = Static<typeof DeclarationTexts>;
