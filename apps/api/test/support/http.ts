import type { FastifyInstance } from 'fastify';

/** One answer of an HTTP call through app.inject, its body parsed as JSON (null when empty). */
export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: like res.json(): each response's shape is asserted where it is read.
  body: any;
}

export interface HttpOptions {
  /** Sent as a Bearer token. */
  token?: string;
  payload?: unknown;
  /** The client address the app sees (login rate limits are per address). */
  ip?: string;
  headers?: Record<string, string>;
}

/** The one app.inject helper: `const call = http(app); await call('GET', url, { token })`. */
export function http(app: FastifyInstance) {
  return async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    options: HttpOptions = {},
  ): Promise<Reply> => {
    const headers = {
      ...options.headers,
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    };
    const res = await app.inject({
      method,
      url,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...(options.payload === undefined ? {} : { payload: options.payload as object }),
      ...(options.ip ? { remoteAddress: options.ip } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    return {
      status: res.statusCode,
      body: res.body === '' ? null : type.includes('json') ? res.json() : res.body,
    };
  };
}
