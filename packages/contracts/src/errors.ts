import { type Static, Type } from 'typebox';

/**
 * Every error code the API answers with, and what it means. Codes are stable: clients and tests
 * match on them, so a code is never renamed or reused for another meaning.
 */
export const ERROR_CODES = {
  'request.invalid': 'The request does not match the documented schema (see details).',
  'request.unknown_field': 'The body contains a field the route does not accept.',
  'request.too_large': 'The body is larger than the route accepts.',
  'route.not_found': 'No API route answers this method and path.',
  'server.unavailable': 'The server cannot reach its database right now; try again shortly.',
  'server.internal': 'An unexpected error; it was logged and nothing was changed.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable, documented error code, e.g. "vote.duplicate".' }),
      message: Type.String({ description: 'A clear message for people.' }),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorBody', description: 'The one error shape of the API.' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export function errorBody(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody {
  return { error: { code, message, details } };
}
