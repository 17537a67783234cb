import pg from 'pg';

/** Stops one subscription (and UNLISTENs the channel when it was the last one). */
export type Unlisten = () => Promise<void>;

export interface ListenOptions {
  /**
   * Called after the connection was lost and LISTEN is in place again: notifications sent while it
   * was down are gone, so the subscriber should refresh whatever it derives from them.
   */
  onReconnect?: () => void;
}

interface Subscriber {
  onPayload: (payload: string) => void;
  onReconnect: (() => void) | undefined;
}

/** Runs a subscriber's callback; what it throws is its own failure, never the connection's. */
export function guarded(callback: () => void): void {
  try {
    callback();
  } catch {
    // A subscriber that fails misses this notification; the connection and the others go on.
  }
}

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/**
 * LISTEN on a dedicated `pg.Client` kept outside the pool: a pooled connection goes back to the
 * pool after each query and would lose its LISTENs. If the connection drops, it reconnects with
 * exponential backoff, LISTENs again and tells the subscribers (they may have missed something).
 */
export class PgListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private delay = MIN_DELAY_MS;
  private everConnected = false;
  private closed = false;
  private readonly channels = new Map<string, Set<Subscriber>>();

  constructor(private readonly connectionString: string) {}

  /**
   * Subscribes to a channel. Resolves once the first connection attempt has settled: LISTEN is in
   * place, or the server is unreachable and reconnection goes on in the background.
   */
  async listen(channel: string, onPayload: (payload: string) => void, options: ListenOptions = {}) {
    if (this.closed) throw new Error('The database is closed.');
    const subscriber: Subscriber = { onPayload, onReconnect: options.onReconnect };
    let subscribers = this.channels.get(channel);
    const first = subscribers === undefined;
    if (subscribers === undefined) {
      subscribers = new Set();
      this.channels.set(channel, subscribers);
    }
    subscribers.add(subscriber);
    if (this.client === null) await this.connect();
    // LISTEN is idempotent; a connection made meanwhile may have missed this new channel.
    const client = this.client as pg.Client | null;
    if (client !== null && first) await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    const unlisten: Unlisten = async () => {
      const set = this.channels.get(channel);
      if (!set?.delete(subscriber) || set.size > 0) return;
      this.channels.delete(channel);
      const client = this.client;
      await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => {});
    };
    return unlisten;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private connect(): Promise<void> {
    this.connecting ??= this.attempt().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async attempt(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      connectionTimeoutMillis: 10_000,
    });
    // A dropped connection must not crash the process: it is replaced after a pause.
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => this.dispatch(message.channel, message.payload ?? ''));
    try {
      await client.connect();
      for (const channel of this.channels.keys()) {
        await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
      }
    } catch {
      await client.end().catch(() => {});
      this.scheduleRetry();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.delay = MIN_DELAY_MS;
    const reconnected = this.everConnected;
    this.everConnected = true;
    if (reconnected) for (const s of this.allSubscribers()) guarded(() => s.onReconnect?.());
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.delay);
    this.retryTimer.unref();
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }

  private dispatch(channel: string, payload: string): void {
    // Runs inside the driver's socket handler: a subscriber's throw must not escape into it.
    for (const s of this.channels.get(channel) ?? []) guarded(() => s.onPayload(payload));
  }

  private allSubscribers(): Subscriber[] {
    return [...this.channels.values()].flatMap((set) => [...set]);
  }
}
