import type { Health } from '@plenum/contracts';
import { ApiError, CLIENT_ERROR_CODES, isApiErrorBody, toApiError } from './errors';

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

async function fetchApi(path: string, options: RequestOptions): Promise<Response> {
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
  const response = await fetchApi(path, options);
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

/*
 * Typed calls. The response types come from @plenum/contracts, the schemas the API serialises every
 * reply with (and checks at compile time), so a successful body has the declared type.
 */

/** GET a JSON body of the route's contract type. */
export async function get<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request(path, { signal })).body as T;
}

/** POST (or PUT/PATCH/DELETE) a JSON body, if any, and read the route's contract type. */
export async function send<T>(
  path: string,
  body?: unknown,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' = 'POST',
): Promise<T> {
  return (await request(path, body === undefined ? { method } : { method, body })).body as T;
}

/** A request whose success body is not JSON (a CSV); errors still arrive as the JSON error body. */
export async function requestText(path: string, init: RequestInit): Promise<string> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (cause) {
    throw new ApiError(0, CLIENT_ERROR_CODES.network, 'Network error', {}, { cause });
  }
  if (response.ok) return response.text();
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  throw toApiError(response.status, body);
}

/**
 * Uploads a body with progress (fetch has no upload events, so XMLHttpRequest) and reads the JSON
 * answer of the route's contract type; a refusal becomes an ApiError like every other call.
 */
export function upload<T>(
  path: string,
  body: Blob | string,
  contentType: string,
  onProgress: (loaded: number, total: number) => void,
  method: 'POST' | 'PUT' = 'POST',
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, path);
    xhr.setRequestHeader('content-type', contentType);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.withCredentials = true;
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    xhr.onerror = () => reject(new ApiError(0, CLIENT_ERROR_CODES.network, 'Network error'));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(parsed as T);
      else reject(toApiError(xhr.status, parsed));
    };
    xhr.send(body);
  });
}

function isHealth(value: unknown): value is Health {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  if (body.database !== 'embedded' && body.database !== 'postgres') return false;
  if (body.status === 'ok') return Number.isInteger(body.migrations);
  if (body.status === 'unavailable') return typeof body.reason === 'string';
  return false;
}

export const api = {
  /** GET /api/health — 200 when ready, 503 (still a Health body) when the database is down. */
  async health(signal?: AbortSignal): Promise<Health> {
    const response = await request('/api/health', { signal, acceptStatus: [503] });
    return expect(response, isHealth);
  },
};
