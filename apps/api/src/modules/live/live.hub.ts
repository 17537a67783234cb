import { LIVE_HEARTBEAT_MS, type LiveChangeType, type LiveSnapshot } from '@plenum/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Unlisten } from '../../db/pg-listener.ts';
import { type Cancel, type Scheduler, systemScheduler } from '../../deps.ts';
import type { ServiceContext } from '../context.ts';
import { Refusal } from '../refusal.ts';
import { loadSnapshot, notifyLive, refreshTurnout } from './live.queries.ts';
import { type SseStream, snapshotFrame } from './live.stream.ts';

export type LiveEvent = Parameters<NonNullable<ServiceContext['afterCommit']>>[0];

export const LIVE_CHANNEL = 'plenum_live';
/** At most one snapshot per assembly and process per window: 4 a second. */
export const WINDOW_MS = 250;
/** Commits in this window are published in one NOTIFY statement. */
const PUBLISH_DELAY_MS = 20;
export const HEARTBEAT_MS = LIVE_HEARTBEAT_MS;

/** What changed: casts change only the turnout; anything else may change every part. */
type Dirty = 0 | 1 | 2;
const TURNOUT: Dirty = 1;
const FULL: Dirty = 2;

/** What the hub needs of an open stream (an SseStream in production). */
export type LiveClient = Pick<SseStream, 'closed' | 'send' | 'heartbeat' | 'onClose' | 'end'>;

interface Room {
  readonly assemblyId: string;
  readonly clients: Set<LiveClient>;
  snapshot: LiveSnapshot | null;
  loading: Promise<LiveSnapshot | null> | null;
  dirty: Dirty;
  timer: Cancel | null;
  running: boolean;
  lastRunAt: number;
}

/**
 * The live stream of one API process (docs/ARCHITECTURE.md, live updates). Services report commits through
 * `ctx.afterCommit`; the hub publishes them with NOTIFY (delivered only after commit, to every
 * process on the database), and on each notification recomputes the snapshot of that assembly at
 * most four times a second — trailing edge, so the last change is always sent — and fans the one
 * snapshot out to every SSE client of that assembly in this process. Payloads carry ids only,
 * never ballot contents (R23).
 */
export class LiveHub {
  private readonly rooms = new Map<string, Room>();
  private readonly outbox = new Map<string, LiveEvent>();
  private publishTimer: Cancel | null = null;
  private heartbeat: Cancel | null = null;
  private listening: Promise<Unlisten | null> | null = null;
  private closed = false;

  constructor(
    private readonly database: Database,
    private readonly logger: FastifyBaseLogger,
    /** Where the coalescing window and heartbeat take their timers from (tests move it by hand). */
    private readonly scheduler: Scheduler = systemScheduler,
  ) {}

  /** From afterCommit: queue the change for NOTIFY. Never throws into the use case. */
  publish(event: LiveEvent): void {
    if (this.closed) return;
    this.outbox.set(`${event.assemblyId}|${event.pollId ?? ''}|${event.type}`, event);
    // Deferred a little: a burst of casts becomes one statement, and a caller that reports from
    // inside its transaction callback has sent its COMMIT before the NOTIFY goes out.
    this.publishTimer ??= this.scheduler.after(PUBLISH_DELAY_MS, () => this.flush());
  }

  /**
   * Adds an SSE client and returns the snapshot it starts from. LISTEN is in place before the
   * snapshot is read, so no change between the two is missed.
   */
  async subscribe(assemblyId: string, client: LiveClient): Promise<LiveSnapshot | null> {
    await this.listen();
    for (;;) {
      const room = this.room(assemblyId);
      const snapshot = await this.roomSnapshot(room);
      // Shutting down: a stream opened now would keep app.close() waiting.
      if (this.closed) throw new Refusal('server.unavailable', 'The server is shutting down.');
      if (snapshot === null) {
        if (room.clients.size === 0) this.forget(room);
        return null;
      }
      // The last client may have left meanwhile and the room been forgotten: join a fresh one.
      if (this.rooms.get(assemblyId) !== room) continue;
      if (client.closed) return room.snapshot;
      room.clients.add(client);
      client.onClose(() => this.unsubscribe(room, client));
      // The newest snapshot, which any refresh that finished meanwhile has already replaced.
      return room.snapshot;
    }
  }

  /** The current snapshot: the shared one while it is up to date, else read now. */
  async current(assemblyId: string): Promise<LiveSnapshot | null> {
    const room = this.rooms.get(assemblyId);
    if (room?.snapshot && room.dirty === 0 && !room.running) return room.snapshot;
    return loadSnapshot(this.database.live, assemblyId);
  }

  /** Ends every open stream (graceful shutdown: app.close() must not wait for them). */
  async close(): Promise<void> {
    this.closed = true;
    this.heartbeat?.();
    this.publishTimer?.();
    await this.flush();
    for (const room of this.rooms.values()) {
      room.timer?.();
      for (const client of room.clients) client.end();
    }
    this.rooms.clear();
    const unlisten = await this.listening?.catch(() => null);
    await unlisten?.().catch(() => {});
  }

  private async flush(): Promise<void> {
    this.publishTimer = null;
    const events = [...this.outbox.values()];
    this.outbox.clear();
    if (events.length === 0) return;
    try {
      await notifyLive(this.database.live, LIVE_CHANNEL, events);
    } catch (error) {
      // Live updates are a view: a lost notification costs freshness until the next change.
      this.logger.warn({ err: error }, 'live: publishing a change failed');
    }
  }

  private listen(): Promise<Unlisten | null> {
    this.listening ??= this.database
      .listen(LIVE_CHANNEL, (payload) => this.onNotify(payload), {
        // Notifications sent while the connection was down are lost: refresh every room.
        onReconnect: () => {
          for (const room of this.rooms.values()) this.markDirty(room, FULL);
        },
      })
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'live: LISTEN failed');
        this.listening = null;
        return null;
      });
    this.heartbeat ??= this.scheduler.every(HEARTBEAT_MS, () => this.beat());
    return this.listening;
  }

  private onNotify(payload: string): void {
    let event: { assemblyId?: unknown; type?: unknown };
    try {
      event = JSON.parse(payload) as typeof event;
    } catch {
      return;
    }
    const room = typeof event.assemblyId === 'string' ? this.rooms.get(event.assemblyId) : undefined;
    // A cast changes only the turnout; every other change may change anything.
    const turnoutOnly: LiveChangeType = 'ballot.cast';
    if (room) this.markDirty(room, event.type === turnoutOnly ? TURNOUT : FULL);
  }

  private room(assemblyId: string): Room {
    let room = this.rooms.get(assemblyId);
    if (!room) {
      room = {
        assemblyId,
        clients: new Set(),
        snapshot: null,
        loading: null,
        dirty: 0,
        timer: null,
        running: false,
        lastRunAt: 0,
      };
      this.rooms.set(assemblyId, room);
    }
    return room;
  }

  private unsubscribe(room: Room, client: LiveClient): void {
    room.clients.delete(client);
    // Nobody here watches this assembly any more: forget it, so a later client reads afresh.
    if (room.clients.size === 0) this.forget(room);
  }

  private forget(room: Room): void {
    if (this.rooms.get(room.assemblyId) !== room) return;
    room.timer?.();
    this.rooms.delete(room.assemblyId);
  }

  /** The room's shared snapshot; the first client of a room reads it, later ones share that read. */
  private roomSnapshot(room: Room): Promise<LiveSnapshot | null> {
    if (room.snapshot) return Promise.resolve(room.snapshot);
    room.loading ??= loadSnapshot(this.database.live, room.assemblyId)
      .then((snapshot) => {
        room.snapshot ??= snapshot;
        return room.snapshot;
      })
      .finally(() => {
        room.loading = null;
      });
    return room.loading;
  }

  private markDirty(room: Room, dirty: Dirty): void {
    room.dirty = Math.max(room.dirty, dirty) as Dirty;
    this.schedule(room);
  }

  /**
   * Trailing-edge throttle: the next run starts a window after the previous snapshot went out, so
   * clients get at most four a second even when reading a snapshot is slow.
   */
  private schedule(room: Room): void {
    if (room.timer || room.running || this.closed) return;
    const wait = Math.max(PUBLISH_DELAY_MS, room.lastRunAt + WINDOW_MS - this.scheduler.millis());
    room.timer = this.scheduler.after(wait, () => {
      room.timer = null;
      return this.refresh(room);
    });
  }

  private async refresh(room: Room): Promise<void> {
    if (room.dirty === 0 || this.rooms.get(room.assemblyId) !== room) return;
    const dirty = room.dirty;
    room.dirty = 0;
    room.running = true;
    try {
      const previous = room.snapshot ?? (await room.loading);
      const next =
        dirty === TURNOUT && previous
          ? await refreshTurnout(this.database.live, previous)
          : await loadSnapshot(this.database.live, room.assemblyId);
      if (next) this.broadcast(room, previous ?? null, next);
    } catch (error) {
      this.logger.warn({ err: error }, 'live: reading a snapshot failed');
      room.dirty = FULL;
    } finally {
      room.running = false;
      room.lastRunAt = this.scheduler.millis();
      if (room.dirty !== 0) this.schedule(room);
    }
  }

  /** One frame for the whole room, written to each client; nothing if only the id moved. */
  private broadcast(room: Room, previous: LiveSnapshot | null, next: LiveSnapshot): void {
    room.snapshot = next;
    if (previous && JSON.stringify({ ...previous, seq: 0 }) === JSON.stringify({ ...next, seq: 0 })) return;
    const frame = snapshotFrame(next);
    for (const client of room.clients) client.send(frame);
  }

  private beat(): void {
    for (const room of this.rooms.values()) for (const client of room.clients) client.heartbeat();
  }
}
