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

/** One error shape for every failure; 5xx never leak internals (DESIGN §4). */
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
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .status(500)
      .send(errorBody('server.internal', 'An unexpected error occurred; nothing was changed.'));
  });
}
