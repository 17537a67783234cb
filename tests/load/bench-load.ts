/**
 * The benchmark's HTTP load generator and its statistics: C concurrent clients over keep-alive
 * connections (one undici Pool per API process, round-robin between the processes).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';

/** Milliseconds on the wall clock with sub-millisecond resolution, comparable across processes. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** The median of the trials with their min and max (every figure in results.json has this form). */
export function spread(xs: readonly number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  return { median: quantile(s, 0.5 - 1e-9), min: s[0] ?? 0, max: s[s.length - 1] ?? 0 };
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarise(latencies: readonly number[]): LatencySummary {
  const s = Float64Array.from(latencies).sort();
  return {
    count: s.length,
    p50: s.length ? (s[Math.floor(0.5 * (s.length - 1))] ?? 0) : 0,
    p99: s.length ? (s[Math.min(s.length - 1, Math.floor(0.99 * s.length))] ?? 0) : 0,
    max: s.length ? (s[s.length - 1] ?? 0) : 0,
  };
}

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadRun {
  requests: number;
  errors: number;
  /** Status → count for every answer that was not the expected status. */
  errorStatuses: Record<string, number>;
  firstError: string | undefined;
  elapsedMs: number;
  perSecond: number;
  latency: LatencySummary;
  /** Wall-clock time (wallNow) at which the k-th successful answer arrived, in order of arrival. */
  completions: number[];
}

export class LoadGenerator {
  private readonly pools: Pool[];

  constructor(
    readonly origins: readonly string[],
    readonly clients: number,
  ) {
    const each = Math.max(1, Math.ceil(clients / origins.length));
    this.pools = origins.map(
      (o) => new Pool(o, { connections: each, pipelining: 1, keepAliveTimeout: 60_000 }),
    );
  }

  /**
   * Sends `count` requests (request(i) builds the i-th, sent to process i mod P) with `clients` in
   * flight at a time; an answer other than `expect` is an error. Stops early at `deadlineMs`.
   */
  async run(
    count: number,
    request: (i: number) => LoadRequest,
    expect: number,
    deadlineMs = Number.POSITIVE_INFINITY,
    onBody?: (i: number, text: string) => void,
  ): Promise<LoadRun> {
    const latencies: number[] = [];
    const completions: number[] = [];
    const errorStatuses: Record<string, number> = {};
    let errors = 0;
    let firstError: string | undefined;
    let next = 0;
    const started = performance.now();
    const stopAt = started + deadlineMs;
    const worker = async () => {
      for (let i = next++; i < count && performance.now() < stopAt; i = next++) {
        const req = request(i);
        const pool = this.pools[i % this.pools.length] as Pool;
        const t0 = performance.now();
        let status = 0;
        let text = '';
        try {
          const res = await pool.request({
            method: req.method,
            path: req.path,
            headers: req.headers ?? {},
            body: req.body ?? null,
          });
          status = res.statusCode;
          text = await res.body.text();
        } catch (error) {
          text = (error as Error).message;
        }
        const t1 = performance.now();
        latencies.push(t1 - t0);
        if (status === expect) {
          completions.push(performance.timeOrigin + t1);
          onBody?.(i, text);
        } else {
          errors += 1;
          errorStatuses[String(status)] = (errorStatuses[String(status)] ?? 0) + 1;
          firstError ??= `${status} ${text.slice(0, 300)}`;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.clients, count) }, worker));
    const elapsedMs = performance.now() - started;
    return {
      requests: latencies.length,
      errors,
      errorStatuses,
      firstError,
      elapsedMs,
      perSecond: (latencies.length / elapsedMs) * 1000,
      latency: summarise(latencies),
      completions,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}

/** One JSON call to an API process (setup, open, close, …): throws unless the status is `expect`. */
export async function call<T = unknown>(
  origin: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  options: { token?: string; json?: unknown; body?: string; contentType?: string; expect?: number } = {},
): Promise<{ body: T; text: string; at: number; ms: number }> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'text/plain';
    body = options.body;
  }
  const t0 = performance.now();
  const res = await fetch(`${origin}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await res.text();
  const t1 = performance.now();
  const expect = options.expect ?? 200;
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return {
    body: (isJson && text !== '' ? JSON.parse(text) : text) as T,
    text,
    at: performance.timeOrigin + t1,
    ms: t1 - t0,
  };
}
