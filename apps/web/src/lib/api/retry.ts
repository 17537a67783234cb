import { ApiError, CLIENT_ERROR_CODES } from './errors';

/**
 * Failures worth trying again by ourselves: no answer (network, timeout, a gateway without the
 * API behind it) or the API saying it is briefly unavailable (503 with Retry-After). Anything else
 * is an answer, and asking again would get the same one.
 */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  return (
    error.code === CLIENT_ERROR_CODES.network ||
    error.code === CLIENT_ERROR_CODES.timeout ||
    error.code === 'server.unavailable' ||
    [502, 503, 504].includes(error.status)
  );
}

/** Backoff before the attempt after `failures` failed ones: 1 s, 2 s, 4 s, 8 s, then every 10 s. */
export function backoffMs(failures: number): number {
  return Math.min(10_000, 1_000 * 2 ** Math.max(0, failures - 1));
}

/** Waits `ms` (the default of every `wait` seam; tests pass one that does not sleep). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fresh request id (UUID v4) for one submission, kept across its retries. Built from
 * getRandomValues, which, unlike randomUUID, also exists on a page served over plain HTTP in the
 * hall's network.
 */
export function newRequestId(): string {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
