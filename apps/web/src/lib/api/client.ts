import { ApiError, CLIENT_ERROR_CODES, isApiErrorBody, toApiError } from './errors';
import { type Health, isHealth } from './types';

const DEFAULT_TIMEOUT_MS = 10_000;

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  /** Cancels the request (e.g. when a newer one supersedes it); rejects with the abort reason. */
  readonly signal?: AbortSignal | undefined;
  readonly timeoutMs?: number;
  /** Non-2xx statuses whose body is a regular result for this route (e.g. 503 on /api/health). */
  readonly acceptStatus?: readonly number[];
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) {
    throw new ApiError(response.status, CLIENT_ERROR_CODES.badResponse, 'Response is not JSON');
  }
  try {
    return await response.json();
  } catch (cause) {
    throw new ApiError(
      response.status,
      CLIENT_ERROR_CODES.badResponse,
      'Response is not valid JSON',
      {},
      { cause },
    );
  }
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method: options.method ?? 'GET', headers, credentials: 'same-origin', signal };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  try {
    return await fetch(path, init);
  } catch (cause) {
    // A caller's own abort is not an API failure: let it through unchanged.
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new ApiError(0, CLIENT_ERROR_CODES.timeout, 'Request timed out', {}, { cause });
    }
    throw new ApiError(0, CLIENT_ERROR_CODES.network, 'Network error', {}, { cause });
  }
}

/**
 * The one way the web app talks to the API: same-origin fetch (the session cookie travels along),
 * JSON in and out, and every failure turned into an ApiError with a stable `code`.
 */
export async function request(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const response = await send(path, options);
  if (response.ok) return { status: response.status, body: await readJson(response) };
  let body: unknown;
  try {
    body = await readJson(response);
  } catch {
    body = undefined;
  }
  if (body !== undefined && options.acceptStatus?.includes(response.status) && !isApiErrorBody(body)) {
    return { status: response.status, body };
  }
  throw toApiError(response.status, body);
}

/** Checks a body against a type guard, so callers only ever see well-formed data. */
function expect<T>(response: ApiResponse, guard: (value: unknown) => value is T): T {
  if (!guard(response.body)) {
    throw new ApiError(response.status, CLIENT_ERROR_CODES.badResponse, 'Unexpected response shape');
  }
  return response.body;
}

export const api = {
  /** GET /api/health — 200 when ready, 503 (still a Health body) when the database is down. */
  async health(signal?: AbortSignal): Promise<Health> {
    const response = await request('/api/health', { signal, acceptStatus: [503] });
    return expect(response, isHealth);
  },
};
