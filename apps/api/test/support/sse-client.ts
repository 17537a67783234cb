import { get, type IncomingMessage } from 'node:http';

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
  /** When the event arrived (ms, performance.now()). */
  at: number;
}

/** A minimal SSE reader for tests: collects events, retry and comment lines from a live response. */
export class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  retry: number | undefined;
  ended = false;
  private buffer = '';
  private waiters: (() => void)[] = [];

  constructor(readonly response: IncomingMessage) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.feed(chunk));
    response.on('end', () => this.finish());
    response.on('close', () => this.finish());
  }

  get status(): number {
    return this.response.statusCode ?? 0;
  }

  /** Parsed JSON of the snapshot events so far. */
  snapshots<T = Record<string, unknown>>(): T[] {
    return this.events.filter((e) => e.event === 'snapshot').map((e) => JSON.parse(e.data) as T);
  }

  /** Resolves with the first event (already received or future) that satisfies `test`. */
  async waitFor(test: (event: SseEvent) => boolean, timeoutMs = 5_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(test);
      if (found) return found;
      if (this.ended) throw new Error('the stream ended before the expected event');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server has ended the stream. */
  async waitForEnd(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.response.destroy();
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    for (let end = this.buffer.indexOf('\n\n'); end >= 0; end = this.buffer.indexOf('\n\n')) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      this.parse(block);
    }
    this.wake();
  }

  private parse(block: string): void {
    const fields: Record<string, string> = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).replace(/^ /, '');
      fields[name] = name === 'data' && fields.data !== undefined ? `${fields.data}\n${value}` : value;
    }
    if (fields.retry !== undefined) this.retry = Number(fields.retry);
    if (fields.data !== undefined) {
      this.events.push({
        id: fields.id,
        event: fields.event ?? 'message',
        data: fields.data,
        at: performance.now(),
      });
    }
  }

  private finish(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Opens an SSE stream; resolves once the response headers arrived. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const request = get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) =>
      resolve(new SseClient(response)),
    );
    request.on('error', reject);
  });
}
