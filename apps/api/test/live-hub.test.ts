import type { LiveSnapshot } from '@plenum/contracts';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { HEARTBEAT_MS, type LiveClient, LiveHub, WINDOW_MS } from '../src/modules/live/live.hub.ts';
import { heartbeatFrame } from '../src/modules/live/live.stream.ts';
import { closePoll } from '../src/modules/polls/polls.service.ts';
import { type TestClock, testClock } from './support/clock.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** A stream as the hub sees it, recording each frame with the test clock's time. */
function fakeClient(clock: TestClock) {
  const frames: { at: number; snapshot: LiveSnapshot }[] = [];
  let heartbeats = 0;
  const client: LiveClient = {
    closed: false,
    send(frame) {
      const data = frame.split('\n').find((line) => line.startsWith('data: '));
      frames.push({ at: clock.millis(), snapshot: JSON.parse(data?.slice(6) ?? 'null') as LiveSnapshot });
    },
    heartbeat() {
      heartbeats += 1;
    },
    onClose() {},
    end() {},
  };
  return { client, frames, heartbeats: () => heartbeats };
}

/**
 * The hub's coalescing and heartbeat on a test clock: time moves only when the test moves it, so
 * the window is asserted exactly, with no sleeping and no wall-clock gaps. NOTIFY still travels
 * through the real PostgreSQL, so the test waits for it to arrive (a real event, not a duration).
 */
describe('live hub on a test clock', () => {
  let database: TestDatabase;
  let clock: TestClock;
  let hub: LiveHub;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;

  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'postgres' });
    clock = testClock();
    hub = new LiveHub(database, pino({ level: 'silent' }), clock);
    ctx = { ...serviceContext(database, clock), afterCommit: (event) => hub.publish(event) };
    members = await seedMembers(database, 220);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
  });
  afterAll(async () => {
    await hub?.close();
    await database?.dispose();
  });

  const cast = (pollId: string, memberId: string) =>
    castBallots(ctx, { pollId, voterId: memberId, votes: [{ memberId, choice: 'yes' }] });
  /** Waits until a NOTIFY has reached the hub and it has set a refresh timer. */
  const refreshScheduled = () =>
    vi.waitFor(() => expect(clock.pendingTimeouts()).toBeGreaterThan(0), { timeout: 10_000, interval: 5 });

  it('sends the next snapshot a full window after the previous one, never earlier', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const { client, frames } = fakeClient(clock);
    expect(await hub.subscribe(assemblyId, client)).toMatchObject({ turnout: { voted: 0 } });

    await cast(pollId, members[0] as string);
    await clock.tick(20); // the NOTIFY goes out
    await refreshScheduled();
    await clock.tick(20); // no refresh for a window: the first runs after the short publish delay
    expect(frames.map((f) => f.snapshot.turnout?.voted)).toEqual([1]);
    const first = frames[0]?.at ?? 0;

    await cast(pollId, members[1] as string);
    await clock.tick(20);
    await refreshScheduled();
    // Up to one millisecond before the window ends nothing runs, however long the test waits.
    expect(clock.millis()).toBeLessThan(first + WINDOW_MS - 1);
    await clock.tick(first + WINDOW_MS - 1 - clock.millis());
    expect(frames).toHaveLength(1);
    expect(clock.pendingTimeouts()).toBe(1);
    await clock.tick(1);
    expect(frames.map((f) => f.snapshot.turnout?.voted)).toEqual([1, 2]);
    expect(frames[1]?.at).toBe(first + WINDOW_MS);
    await closePoll(ctx, pollId, chair);
  });

  it('publishes and reads snapshots on connections of its own: a change goes out while every connection of the main pool is held', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const { client, frames } = fakeClient(clock);
    await hub.subscribe(assemblyId, client);
    await clock.tick(WINDOW_MS);
    const before = frames.length;
    await cast(pollId, members[5] as string);
    // Casts in flight fill the main pool (30 connections here): hold all of them open.
    let held = 0;
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holders = Array.from({ length: 30 }, () =>
      database.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        held += 1;
        await gate;
      }),
    );
    try {
      await vi.waitFor(() => expect(held).toBe(30), { timeout: 10_000, interval: 5 });
      await clock.tick(20); // the NOTIFY goes out
      await refreshScheduled();
      await vi.waitFor(
        async () => {
          await clock.tick(WINDOW_MS);
          expect(frames.length).toBeGreaterThan(before);
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(frames.at(-1)?.snapshot.turnout?.voted).toBe(1);
      expect(held).toBe(30);
    } finally {
      release();
      await Promise.all(holders);
    }
    await closePoll(ctx, pollId, chair);
  });

  it('coalesces a burst of 200 casts to at most one snapshot a window, the last showing all 200', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const { client, frames } = fakeClient(clock);
    await hub.subscribe(assemblyId, client);
    // A window since the last refresh, so the burst starts on a fresh window.
    await clock.tick(WINDOW_MS);
    const before = frames.length;
    const started = clock.millis();
    const voters = members.slice(0, 200);
    // 20 batches of 10 concurrent casts, 50 ms apart on the test clock: 1 s of casting.
    for (let i = 0; i < voters.length; i += 10) {
      await Promise.all(voters.slice(i, i + 10).map((m) => cast(pollId, m)));
      await clock.tick(20);
      await refreshScheduled();
      await clock.tick(30);
    }
    // Trailing edge: the last change is always sent, within a window of the last NOTIFY.
    await vi.waitFor(async () => {
      await clock.tick(WINDOW_MS);
      expect(frames.at(-1)?.snapshot.turnout?.voted).toBe(200);
    }, 10_000);
    const final = frames.length;
    // Nothing follows the final state, however many windows pass.
    for (let i = 0; i < 8; i++) await clock.tick(WINDOW_MS);
    expect(frames).toHaveLength(final);

    const burst = frames.slice(before);
    for (let i = 1; i < burst.length; i++)
      expect((burst[i]?.at ?? 0) - (burst[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(WINDOW_MS);
    const span = (burst.at(-1)?.at ?? 0) - started;
    expect(burst.length).toBeLessThanOrEqual(Math.floor(span / WINDOW_MS) + 1);
    // 200 casts in 20 notified batches became far fewer snapshots.
    expect(burst.length).toBeLessThan(20);
    const voted = burst.map((f) => f.snapshot.turnout?.voted ?? 0);
    expect(voted).toEqual([...voted].sort((a, b) => a - b));
    await closePoll(ctx, pollId, chair);
  });

  it('sends a heartbeat to every open stream each interval, from its scheduler', async () => {
    const own = testClock();
    const quiet = new LiveHub(database, pino({ level: 'silent' }), own);
    const streams = [fakeClient(own), fakeClient(own)];
    try {
      for (const s of streams) await quiet.subscribe(assemblyId, s.client);
      await own.tick(HEARTBEAT_MS - 1);
      expect(streams.map((s) => s.heartbeats())).toEqual([0, 0]);
      await own.tick(1);
      expect(streams.map((s) => s.heartbeats())).toEqual([1, 1]);
      await own.tick(2 * HEARTBEAT_MS);
      expect(streams.map((s) => s.heartbeats())).toEqual([3, 3]);
    } finally {
      await quiet.close();
    }
    // Closed: the heartbeat timer is gone with it.
    await own.tick(10 * HEARTBEAT_MS);
    expect(streams.map((s) => s.heartbeats())).toEqual([3, 3]);
  });

  it('a heartbeat is a comment for proxies and a named event for the page, without an id', () => {
    expect(HEARTBEAT_MS).toBe(15_000);
    const blocks = heartbeatFrame()
      .split('\n\n')
      .filter((b) => b !== '');
    expect(blocks).toHaveLength(2);
    // A comment line: proxies see traffic, EventSource ignores it.
    expect(blocks[0]).toBe(': heartbeat');
    // The event EventSource does pass on; no `id:`, so Last-Event-ID stays the last snapshot's.
    const fields = (blocks[1] ?? '').split('\n').map((line) => line.slice(0, line.indexOf(':')));
    expect(fields).toEqual(['event', 'data']);
    expect(blocks[1]).toContain('event: heartbeat');
  });
});
