import { vi } from 'vitest';

/** What a fake route answers: a JSON body with a status, or a thrown network failure. */
export type Answer = { status?: number; body?: unknown } | { networkError: true };
type Handler = (request: { method: string; path: string; body: unknown }) => Answer | Promise<Answer>;

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * The API at the network edge: `fetch` is replaced, everything above it (the app's request
 * client, error mapping, the state classes) runs for real. An unexpected call answers 599 with
 * a body naming it, so a test never passes on a route it did not mean to serve.
 */
export class FakeApi {
  readonly calls: RecordedCall[] = [];
  readonly #routes = new Map<string, Handler>();

  /** Serves `METHOD path` (exact path with query) with a fixed answer or a handler. */
  on(route: string, answer: Answer | Handler): this {
    this.#routes.set(route, typeof answer === 'function' ? answer : () => answer);
    return this;
  }

  /** A JSON error body as the API sends it. */
  static error(status: number, code: string, message = code): Answer {
    return { status, body: { error: { code, message, details: {} } } };
  }

  callsTo(route: string): RecordedCall[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }

  install(): this {
    vi.stubGlobal('fetch', async (input: string | URL, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      const path = String(input);
      const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
      this.calls.push({ method, path, body });
      const handler = this.#routes.get(`${method} ${path}`);
      const answer: Answer = handler
        ? await handler({ method, path, body })
        : FakeApi.error(599, 'test.unexpected_call', `${method} ${path}`);
      if (init.signal?.aborted) throw init.signal.reason;
      if ('networkError' in answer) throw new TypeError('fetch failed');
      const status = answer.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(answer.body ?? null), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    });
    return this;
  }
}

/**
 * An EventSource at the network edge: the test opens, sends frames and fails it by hand.
 * `FakeEventSource.instances` holds every one made, newest last.
 */
export class FakeEventSource extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;

  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    super();
    FakeEventSource.instances.push(this);
  }

  static latest(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1);
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }

  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  snapshot(data: unknown): void {
    this.dispatchEvent(
      new MessageEvent('snapshot', { data: typeof data === 'string' ? data : JSON.stringify(data) }),
    );
  }

  /** A `heartbeat` event (the server's sign of life every 15 s). */
  heartbeat(): void {
    this.dispatchEvent(new MessageEvent('heartbeat', { data: '{}' }));
  }

  /** A dropped connection: `retrying` as the browser does (CONNECTING), else given up (CLOSED). */
  fail(retrying: boolean): void {
    this.readyState = retrying ? 0 : 2;
    this.dispatchEvent(new Event('error'));
  }

  close(): void {
    this.readyState = 2;
    this.closed = true;
  }
}

/** Lets pending promise callbacks (the fake fetch's answers) run. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
