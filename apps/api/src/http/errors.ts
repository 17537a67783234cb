import { type ErrorCode, errorBody, TEXT_PATTERN } from '@plenum/contracts';
import { LedgerError } from '@plenum/ledger';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Refusal } from '../modules/refusal.ts';
import { refusalStatus } from './refusals.ts';

/**
 * An expected failure at the HTTP edge (auth guard, validation, CSRF, rate limit), which chooses its
 * status itself. Services throw a `Refusal` instead and leave the status to `refusals.ts`.
 */
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

/**
 * A refusal by PostgreSQL of a value, a reference or a constraint. The routes validate their input
 * first, so this is a safety net: whatever slips through is still a 4xx with a stable code (and the
 * transaction rolled back), never a 500. SQLSTATE classes 22 (data exception) and 23 (integrity).
 */
const DATABASE_REFUSALS: Record<string, { status: number; code: ErrorCode; message: string }> = {
  '22021': {
    status: 400,
    code: 'request.invalid',
    message: 'A text contains a character that cannot be stored.',
  },
  '22P05': {
    status: 400,
    code: 'request.invalid',
    message: 'A text contains a character that cannot be stored.',
  },
  '22P02': { status: 400, code: 'request.invalid', message: 'A value does not have the expected form.' },
  '22001': { status: 400, code: 'request.invalid', message: 'A text is too long.' },
  '22003': { status: 400, code: 'request.invalid', message: 'A number is out of range.' },
  '22007': {
    status: 400,
    code: 'request.invalid',
    message: 'A date or time does not have the expected form.',
  },
  '22008': { status: 400, code: 'request.invalid', message: 'A date or time is out of range.' },
  '23503': {
    status: 422,
    code: 'request.unknown_reference',
    message: 'The request refers to something that does not exist.',
  },
  '23514': {
    status: 422,
    code: 'request.constraint_violated',
    message: 'The request breaks a rule of the stored data.',
  },
  '23505': { status: 409, code: 'request.conflict', message: 'This already exists.' },
};

function databaseRefusal(error: unknown) {
  if (error === null || typeof error !== 'object') return undefined;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string' || severity === undefined) return undefined;
  const refusal = DATABASE_REFUSALS[code];
  return refusal ? { ...refusal, sqlState: code } : undefined;
}

/** Field and place of the first schema violation, in the details of a `request.invalid`. */
function validationDetails(error: FastifyError) {
  const validation = error.validation ?? [];
  const first = validation[0];
  const field = first
    ? `${first.instancePath}${
        first.keyword === 'required'
          ? `/${String((first.params as { missingProperty?: unknown }).missingProperty)}`
          : ''
      }`
        .replace(/^\//, '')
        .replaceAll('/', '.')
    : '';
  const message = (v: (typeof validation)[number]) =>
    v.keyword === 'pattern' && (v.params as { pattern?: unknown }).pattern === TEXT_PATTERN
      ? 'must not contain a NUL character or an unpaired surrogate'
      : v.keyword === 'required'
        ? 'is required'
        : (v.message ?? 'is invalid');
  return {
    in: error.validationContext,
    field,
    message: first
      ? `Invalid ${error.validationContext}: ${field || 'the value'} ${message(first)}`
      : error.message,
    issues: validation.map((v) => ({ path: v.instancePath, message: message(v) })),
  };
}

/**
 * Errors of the router, before any route or hook runs (Fastify's `frameworkErrors`): a path with
 * bad percent-encoding, or a path parameter longer than the router takes. Same error shape.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'A path parameter is too long.'
      : 'The URL is not valid (bad percent-encoding).';
  return reply.status(status).send(errorBody('request.invalid', message, { reason: error.code }));
}

/** One error shape for every failure; 5xx never leak internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError | Refusal, request, reply) => {
    if (error instanceof Refusal) {
      return reply
        .status(refusalStatus(error.code))
        .send(errorBody(error.code, error.message, error.details));
    }
    if (error instanceof ApiError) {
      return reply.status(error.statusCode).send(errorBody(error.code, error.message, error.details));
    }
    if (error.validation) {
      const unknown = error.validation.find((v) => v.keyword === 'additionalProperties');
      const field = unknown
        ? `${unknown.instancePath.slice(1).replaceAll('/', '.')}${unknown.instancePath ? '.' : ''}${String(
            (unknown.params as { additionalProperty?: unknown }).additionalProperty,
          )}`
        : null;
      return reply.status(400).send(
        unknown
          ? errorBody('request.unknown_field', `Unknown field "${field}" in ${error.validationContext}.`, {
              field,
            })
          : (() => {
              const { message, ...details } = validationDetails(error);
              return errorBody('request.invalid', message, details);
            })(),
      );
    }
    const ledgerCode = error instanceof LedgerError ? (error as LedgerError).code : undefined;
    if (ledgerCode === 'canonical.string' || ledgerCode === 'canonical.number') {
      // A value the ledger cannot hash (an unpaired surrogate, a float): refused, nothing recorded.
      request.log.warn({ err: error }, 'input refused by the canonical encoding');
      return reply
        .status(400)
        .send(errorBody('request.invalid', 'A value cannot be recorded.', { reason: ledgerCode }));
    }
    const refusal = databaseRefusal(error);
    if (refusal) {
      // A route should have refused this itself: logged so the gap gets fixed.
      request.log.warn({ err: error }, 'input refused by the database');
      return reply
        .status(refusal.status)
        .send(errorBody(refusal.code, refusal.message, { sqlState: refusal.sqlState }));
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
