import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { LiveSnapshot, LiveStreamEvent } from '@plenum/contracts';

/** How long an EventSource waits before reconnecting (SSE `retry:` field). */
export const RETRY_MS = 2_000;

/**
 * What a snapshot shows, without its sequence number: 12 hex digits of SHA-256. A change can be
 * committed (and read into a snapshot) a moment before its number is drawn, so two snapshots with
 * the same number may differ; the digest tells a resuming client's state from the current one.
 */
export function contentDigest(snapshot: LiveSnapshot): string {
  return createHash('sha256')
    .update(JSON.stringify({ ...snapshot, seq: 0 }))
    .digest('hex')
    .slice(0, 12);
}

/** A snapshot event's id: `<live sequence>.<content digest>`. */
export function eventId(snapshot: LiveSnapshot): string {
  return `${snapshot.seq}.${contentDigest(snapshot)}`;
}

/** A Last-Event-ID as sent back by EventSource; anything malformed is treated as none. */
export function parseEventId(header: string | undefined): { seq: number; digest: string | null } | null {
  const match = header === undefined ? null : /^(\d{1,15})(?:\.([0-9a-f]{12}))?$/.exec(header.trim());
  return match ? { seq: Number(match[1]), digest: match[2] ?? null } : null;
}

/**
 * Whether a client resuming from `last` must get `current` at once: yes unless it already shows
 * the same content, or it has seen a newer state than this process has read yet (the change
 * that made it is on its way here and will be sent when it arrives).
 */
export function isBehind(
  last: { seq: number; digest: string | null } | null,
  current: LiveSnapshot,
): boolean {
  if (last === null) return true;
  if (last.seq > current.seq) return false;
  if (last.digest === null) return last.seq < current.seq;
  return last.digest !== contentDigest(current);
}

/** One SSE frame: `id`, `event` and one `data` line of JSON (JSON has no raw newlines). */
export function snapshotFrame(snapshot: LiveSnapshot): string {
  const event: LiveStreamEvent = 'snapshot';
  return `id: ${eventId(snapshot)}\nevent: ${event}\ndata: ${JSON.stringify(snapshot)}\n\n`;
}

/**
 * One open SSE response. Each event is the whole state, so a client that cannot keep up does not
 * need the frames it missed: while its socket buffer is full, only the newest frame is kept and
 * written once it drains. Memory per slow client stays one frame, whatever the change rate.
 */
export class SseStream {
  private pending: string | null = null;
  private ended = false;

  constructor(private readonly raw: ServerResponse) {
    raw.on('close', () => {
      this.ended = true;
    });
  }

  /** Writes the headers and the reconnect delay; call once the response is hijacked. */
  open(): void {
    const raw = this.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and similar proxies must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n\n`);
    raw.on('drain', () => {
      const frame = this.pending;
      this.pending = null;
      if (frame !== null) this.write(frame);
    });
  }

  get closed(): boolean {
    return this.ended || this.raw.destroyed || this.raw.writableEnded;
  }

  /** Sends a snapshot frame (coalesced with any frame still waiting for a slow socket). */
  send(frame: string): void {
    if (this.closed) return;
    if (this.raw.writableNeedDrain) this.pending = frame;
    else this.write(frame);
  }

  /** A comment line keeps proxies and load balancers from closing an idle stream. */
  heartbeat(): void {
    if (!this.closed && !this.raw.writableNeedDrain) this.raw.write(': heartbeat\n\n');
  }

  onClose(listener: () => void): void {
    this.raw.on('close', listener);
  }

  end(): void {
    if (this.closed) return;
    this.ended = true;
    this.raw.end();
  }

  private write(frame: string): void {
    this.raw.write(frame);
  }
}
