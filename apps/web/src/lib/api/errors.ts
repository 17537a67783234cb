import type { ErrorBody } from '@plenum/contracts';

/**
 * Codes the client itself produces when there is no usable server answer. Server codes (e.g.
 * `vote.duplicate`) are documented by the API and passed through unchanged.
 */
export const CLIENT_ERROR_CODES = {
  network: 'client.network',
  timeout: 'client.timeout',
  badResponse: 'client.bad_response',
  http: 'client.http',
} as const;

export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[keyof typeof CLIENT_ERROR_CODES];

/** The one error body every API route returns: `{ "error": { "code", "message", "details" } }`. */
export type ApiErrorBody = ErrorBody;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status, or 0 when no response arrived (network failure, timeout). */
  readonly status: number;
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get isClientError(): boolean {
    return this.code.startsWith('client.');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (!isRecord(value) || !isRecord(value.error)) return false;
  const { code, message, details } = value.error;
  return (
    typeof code === 'string' && typeof message === 'string' && (details === undefined || isRecord(details))
  );
}

/** Statuses a proxy or load balancer in front of the API sends when it cannot reach it. */
const GATEWAY_STATUSES: readonly number[] = [502, 503, 504];

/** Turns a non-2xx response body into an ApiError, whatever shape (or no shape) it has. */
export function toApiError(status: number, body: unknown): ApiError {
  if (isApiErrorBody(body)) {
    return new ApiError(status, body.error.code, body.error.message, body.error.details ?? {});
  }
  // Without our error body, a gateway status means the API itself never answered.
  if (GATEWAY_STATUSES.includes(status)) {
    return new ApiError(status, CLIENT_ERROR_CODES.network, `Gateway answered HTTP ${status}`);
  }
  return new ApiError(status, CLIENT_ERROR_CODES.http, `HTTP ${status}`);
}
