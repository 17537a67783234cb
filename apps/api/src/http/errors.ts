import { type ErrorCode, errorBody } from '@plenum/contracts';
import type { FastifyError, FastifyInstance } from 'fastify';

/** An expected failure of a use case: becomes a 4xx with a stable code, and the transaction rolls back. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 2;

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown (restart, pg_terminate_backend), crash_shutdown, cannot_connect_now
  // (starting up, shutting down, in recovery), too_many_connections.
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

const UNREACHABLE_MESSAGES = [
  /^Connection terminated/, // the server closed the socket (pg), or a connect timed out
  /^timeout exceeded when trying to connect/, // pg-pool: no connection within connectionTimeoutMillis
  /is not queryable/, // pg: a client whose connection already failed
];

/**
 * Whether a failure means the database cannot be reached right now (a restart, a terminated
 * backend, a network fault, no free connection) rather than a fault in the request or the code.
 * Such a request changed nothing that was acknowledged, and may be retried shortly. Looks through
 * `cause` and AggregateError (Node reports a refused connection to every address of a host so).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNREACHABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code)))
    return true;
  if (typeof e.message === 'string' && UNREACHABLE_MESSAGES.some((m) => m.test(e.message as string)))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

/** One error shape for every failure; 5xx never leak internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const unknown = error.validation.find((v) => v.keyword === 'additionalProperties');
      const field = unknown
        ? String((unknown.params as { additionalProperty?: unknown }).additionalProperty)
        : null;
      return reply.status(400).send(
        unknown
          ? errorBody('request.unknown_field', `Unknown field "${field}" in ${error.validationContext}.`, {
              field,
            })
          : errorBody('request.invalid', `Invalid ${error.validationContext}: ${error.message}`, {
              issues: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
            }),
      );
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send(errorBody('request.too_large', 'The request body is too large.'));
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send(errorBody('request.invalid', error.message));
    }
    if (isDatabaseUnavailable(error)) {
      // An outage is not a bug: 503 with Retry-After, and the pool reconnects by itself.
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .send(
          errorBody(
            'server.unavailable',
            'The server cannot reach its database right now; try again shortly.',
          ),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(errorBody('server.internal', 'An unexpected error occurred; nothing was changed.'));
  });
}
