import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TestScheduler } from '../../../test/clock';
import { FakeApi, FakeEventSource } from '../../../test/network';
import { LiveAssembly, STALE_AFTER_MS } from './live-assembly.svelte';
import type { LiveSnapshot } from './types';

const A = 'asm-1';
const LIVE = `GET /api/assemblies/${A}/live`;

function snapshot(seq: number, voted = 0): LiveSnapshot {
  return {
    seq,
    assemblyId: A,
    status: 'open',
    currentItem: { id: 'item-1', position: 1, title: 'Neubau', kind: 'motion' },
    poll: null,
    turnout: { voted, canVoteNow: 10, eligible: 10, excluded: 0, register: 10 },
    attendance: { present: 10, represented: 0 },
    result: null,
    speakers: null,
  };
}

/** Lets the fake fetch's answers and the app's promise chains run (fake timers leave setImmediate real). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('LiveAssembly', () => {
  let api: FakeApi;
  let live: LiveAssembly | undefined;
  /** Starts with the fake stream, or (`withStream` false) with no EventSource at all. */
  const start = (withStream = true) => {
    const timing = { pollIntervalMs: 5_000, reconnectMs: 10_000 };
    live = new LiveAssembly(
      A,
      withStream ? { ...timing, eventSource: FakeEventSource as unknown as typeof EventSource } : timing,
    );
    return live;
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    FakeEventSource.instances = [];
    api = new FakeApi().install();
  });
  afterEach(() => {
    live?.stop();
    live = undefined;
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('paints from GET …/live, then follows the stream; the stream is opened with credentials', async () => {
    api.on(LIVE, { body: snapshot(3) });
    const l = start();
    expect(l.connection).toBe('connecting');
    const source = FakeEventSource.latest();
    expect(source.url).toBe(`/api/assemblies/${A}/events`);
    expect(source.init).toEqual({ withCredentials: true });
    await settle();
    expect(l.snapshot?.seq).toBe(3);
    source.open();
    expect(l.connection).toBe('live');
    source.snapshot(snapshot(4, 2));
    expect(l.turnout).toEqual({ voted: 2, canVoteNow: 10, eligible: 10, excluded: 0, register: 10 });
    expect(l.currentItem?.id).toBe('item-1');
  });

  it('never goes backwards: an older snapshot (lower seq) is ignored, a broken frame skipped', async () => {
    api.on(LIVE, { body: snapshot(1) });
    const l = start();
    await settle();
    const source = FakeEventSource.latest();
    source.open();
    source.snapshot(snapshot(7, 5));
    source.snapshot(snapshot(6, 4));
    expect(l.snapshot?.seq).toBe(7);
    source.snapshot('{not json');
    source.snapshot({ seq: 8 }); // not a snapshot's shape
    expect(l.snapshot?.seq).toBe(7);
    expect(l.turnout?.voted).toBe(5);
  });

  it('polls GET …/live while the browser retries the stream, and stops polling once it is back', async () => {
    let n = 1;
    api.on(LIVE, () => ({ body: snapshot(n++) }));
    const l = start();
    await settle();
    const source = FakeEventSource.latest();
    source.open();
    const before = api.callsTo(LIVE).length;

    source.fail(true); // CONNECTING: the browser retries by itself
    expect(l.connection).toBe('polling');
    await settle();
    expect(api.callsTo(LIVE).length).toBe(before + 1); // at once
    await vi.advanceTimersByTimeAsync(5_000);
    await settle();
    expect(api.callsTo(LIVE).length).toBe(before + 2); // and every interval
    expect(source.closed).toBe(false);
    expect(FakeEventSource.instances).toHaveLength(1);

    source.open();
    expect(l.connection).toBe('live');
    const polled = api.callsTo(LIVE).length;
    // The stream's heartbeats keep it fresh: no polling, however long nothing changes.
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(15_000);
      source.heartbeat();
    }
    await settle();
    expect(api.callsTo(LIVE).length).toBe(polled);
  });

  it('opens a new stream a pause after the browser gave up, polling meanwhile', async () => {
    api.on(LIVE, { body: snapshot(1) });
    const l = start();
    await settle();
    const first = FakeEventSource.latest();
    first.open();
    first.fail(false); // CLOSED: no more retries from the browser
    expect(first.closed).toBe(true);
    expect(l.connection).toBe('polling');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    const second = FakeEventSource.latest();
    // Events of the old stream no longer count.
    first.snapshot(snapshot(50));
    expect(l.snapshot?.seq).toBe(1);
    second.open();
    second.snapshot(snapshot(2));
    expect(l.connection).toBe('live');
    expect(l.snapshot?.seq).toBe(2);
  });

  it('stops for good when the server refuses (401/403/404): no polling, no reconnect', async () => {
    api.on(LIVE, FakeApi.error(403, 'auth.forbidden'));
    const l = start();
    await settle();
    expect(l.connection).toBe('denied');
    expect(l.error?.status).toBe(403);
    expect(l.error?.code).toBe('auth.forbidden');
    expect(FakeEventSource.latest().closed).toBe(true);
    const calls = api.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(api.calls.length).toBe(calls);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('reports a network failure without giving up, and recovers by polling once the stream drops', async () => {
    let down = true;
    api.on(LIVE, () => (down ? { networkError: true } : { body: snapshot(9) }));
    const l = start();
    await settle();
    expect(l.error?.code).toBe('client.network');
    expect(l.connection).toBe('connecting');
    down = false;
    FakeEventSource.latest().fail(true);
    await settle();
    expect(l.snapshot?.seq).toBe(9);
    expect(l.error).toBeNull();
    expect(l.connection).toBe('polling');
  });

  it('stop() closes the stream and ends polling; the last snapshot stays readable', async () => {
    api.on(LIVE, { body: snapshot(4) });
    const l = start();
    await settle();
    const source = FakeEventSource.latest();
    source.fail(true);
    await settle();
    l.stop();
    expect(l.connection).toBe('stopped');
    expect(source.closed).toBe(true);
    const calls = api.calls.length;
    await vi.advanceTimersByTimeAsync(60_000);
    await settle();
    expect(api.calls.length).toBe(calls);
    source.snapshot(snapshot(5));
    expect(l.snapshot?.seq).toBe(4);
  });

  it('without EventSource it polls GET …/live', async () => {
    let n = 1;
    api.on(LIVE, () => ({ body: snapshot(n++) }));
    vi.stubGlobal('EventSource', undefined);
    const l = start(false);
    await settle();
    expect(l.connection).toBe('polling');
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    expect(l.snapshot?.seq).toBeGreaterThanOrEqual(3);
  });
});

describe('LiveAssembly staleness (injected clock)', () => {
  let api: FakeApi;
  let clock: TestScheduler;
  let live: LiveAssembly | undefined;
  const start = () => {
    live = new LiveAssembly(A, {
      pollIntervalMs: 5_000,
      reconnectMs: 10_000,
      eventSource: FakeEventSource as unknown as typeof EventSource,
      scheduler: clock,
    });
    return live;
  };

  beforeEach(() => {
    FakeEventSource.instances = [];
    clock = new TestScheduler();
    api = new FakeApi().install();
  });
  afterEach(() => {
    live?.stop();
    live = undefined;
    vi.unstubAllGlobals();
  });

  it('is stale after two heartbeat intervals (30 s) without a heartbeat or an event', async () => {
    expect(STALE_AFTER_MS).toBe(30_000);
    api.on(LIVE, { body: snapshot(1) });
    const l = start();
    await settle();
    const source = FakeEventSource.latest();
    source.open();
    clock.advance(29_999);
    expect(l.stale).toBe(false);
    clock.advance(1);
    expect(l.stale).toBe(true);
  });

  it('stays fresh while heartbeats arrive every 15 s, however long nothing changes', async () => {
    api.on(LIVE, { body: snapshot(1) });
    const l = start();
    await settle();
    const source = FakeEventSource.latest();
    source.open();
    for (let i = 0; i < 20; i++) {
      clock.advance(15_000);
      source.heartbeat();
      expect(l.stale).toBe(false);
    }
    expect(FakeEventSource.instances).toHaveLength(1);
    // A snapshot counts as much as a heartbeat.
    clock.advance(25_000);
    source.snapshot(snapshot(2));
    clock.advance(25_000);
    expect(l.stale).toBe(false);
    expect(l.snapshot?.seq).toBe(2);
  });

  it('a silent drop: the stream stays open but nothing arrives; stale, a new stream, polling', async () => {
    let down = false;
    api.on(LIVE, () => (down ? { networkError: true } : { body: snapshot(3) }));
    const l = start();
    await settle();
    const first = FakeEventSource.latest();
    first.open();
    first.heartbeat();
    down = true; // the Wi-Fi drops packets; EventSource reports nothing
    const polled = api.callsTo(LIVE).length;
    clock.advance(STALE_AFTER_MS);
    await settle();
    expect(l.stale).toBe(true);
    expect(first.closed).toBe(true);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(api.callsTo(LIVE).length).toBe(polled + 1); // polls at once …
    clock.advance(5_000);
    await settle();
    expect(api.callsTo(LIVE).length).toBe(polled + 2); // … and every interval, failing meanwhile
    expect(l.stale).toBe(true);
    // Still nothing: after another silence it starts over once more.
    clock.advance(STALE_AFTER_MS);
    expect(FakeEventSource.instances).toHaveLength(3);
    // Events of an abandoned stream do not make it fresh.
    first.heartbeat();
    expect(l.stale).toBe(true);

    // The network is back: the new stream opens, fresh again, polling ends.
    down = false;
    const third = FakeEventSource.latest();
    third.open();
    expect(l.stale).toBe(false);
    expect(l.connection).toBe('live');
    const after = api.callsTo(LIVE).length;
    clock.advance(20_000);
    await settle();
    expect(api.callsTo(LIVE).length).toBe(after);
  });

  it('a good GET …/live while the stream is away makes it fresh again', async () => {
    let down = true;
    api.on(LIVE, () => (down ? { networkError: true } : { body: snapshot(4) }));
    const l = start();
    await settle();
    expect(l.snapshot).toBeNull();
    clock.advance(STALE_AFTER_MS);
    await settle();
    expect(l.stale).toBe(true);
    down = false;
    clock.advance(5_000);
    await settle();
    expect(l.stale).toBe(false);
    expect(l.snapshot?.seq).toBe(4);
  });

  it('stop() and a refusal (403) end the watch: never stale afterwards', async () => {
    api.on(LIVE, { body: snapshot(1) });
    const l = start();
    await settle();
    l.stop();
    clock.advance(10 * STALE_AFTER_MS);
    expect(l.stale).toBe(false);
    expect(clock.pending).toBe(0);

    api.on(LIVE, FakeApi.error(403, 'auth.forbidden'));
    const denied = start();
    await settle();
    expect(denied.connection).toBe('denied');
    clock.advance(10 * STALE_AFTER_MS);
    expect(denied.stale).toBe(false);
  });
});
