import { LIVE_HEARTBEAT_MS, type LiveStreamEvent } from '@plenum/contracts';
import { ApiError, CLIENT_ERROR_CODES, request } from '$lib/api';
import {
  isLiveSnapshot,
  type LiveAssemblyStatus,
  type LiveItem,
  type LivePoll,
  type LiveResult,
  type LiveSnapshot,
  type LiveTurnout,
} from './types';

/**
 * - `connecting`: no snapshot yet;
 * - `live`: the event stream is open;
 * - `polling`: the stream is down, the snapshot is refreshed with GET …/live until it is back;
 * - `stopped`: `stop()` was called;
 * - `denied`: the server refused (401/403/404) — see `error`; nothing retries.
 */
export type LiveConnection = 'connecting' | 'live' | 'polling' | 'stopped' | 'denied';

/** Where the live client takes time and timers from (tests pass one they move by hand). */
export interface LiveScheduler {
  /** Milliseconds, for telling how long ago something was heard. */
  now(): number;
  /** Runs `fn` once after `ms`; the result cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Runs `fn` every `ms`; the result cancels it. */
  every(ms: number, fn: () => void): () => void;
}

/** Real time. Looks the timer functions up at each call, so fake timers in tests still apply. */
export const systemLiveScheduler: LiveScheduler = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    return () => clearInterval(timer);
  },
};

/** Two heartbeat intervals without a word from the server: what is shown may be out of date. */
export const STALE_AFTER_MS = 2 * LIVE_HEARTBEAT_MS;

export interface LiveAssemblyOptions {
  /** How often GET …/live is polled while the stream is down (ms). */
  readonly pollIntervalMs?: number;
  /** How long to wait before opening a new stream after the browser gave up (ms). */
  readonly reconnectMs?: number;
  /** Test seam: the EventSource constructor. */
  readonly eventSource?: typeof EventSource;
  /** Test seam: time and timers. */
  readonly scheduler?: LiveScheduler;
  /** Silence after which the state counts as stale (ms; two heartbeat intervals). */
  readonly staleAfterMs?: number;
}

/** GET /api/assemblies/:id/live — the same snapshot the stream sends, for a first paint and polling. */
export async function fetchLiveSnapshot(assemblyId: string, signal?: AbortSignal): Promise<LiveSnapshot> {
  const response = await request(`/api/assemblies/${encodeURIComponent(assemblyId)}/live`, { signal });
  if (!isLiveSnapshot(response.body)) {
    throw new ApiError(response.status, CLIENT_ERROR_CODES.badResponse, 'Unexpected live snapshot');
  }
  return response.body;
}

/**
 * The live state of one assembly, shared by the member, projector and staff screens.
 *
 * ```ts
 * const live = new LiveAssembly(assemblyId); // starts at once (call in onMount / $effect)
 * live.currentItem; live.poll; live.turnout; live.result; live.connection
 * live.stop();                               // on destroy
 * ```
 *
 * It listens to the SSE stream (`event: snapshot`, whole state each time). The browser reconnects
 * by itself and sends Last-Event-ID, so an up-to-date client gets nothing twice. While the stream
 * is down it polls GET …/live; if the browser gives up, a new stream is opened after a pause.
 * Snapshots never go backwards: one with a lower `seq` than the one shown is ignored.
 *
 * Staleness: the server sends a `heartbeat` event every 15 s (besides a comment line for proxies,
 * which EventSource never passes on). Anything heard — the stream opening, a snapshot, a
 * heartbeat, a good GET …/live — makes the state fresh. After two heartbeat intervals of silence
 * (a Wi-Fi that drops packets without closing the connection gives no `error` event) `stale`
 * becomes true: the stream is opened anew and GET …/live polled, again after each further such
 * silence, until something is heard. Screens show a notice and refuse to cast while it is stale.
 */
export class LiveAssembly {
  readonly assemblyId: string;
  snapshot = $state<LiveSnapshot | null>(null);
  connection = $state<LiveConnection>('connecting');
  /** The last failure (cleared by the next good snapshot). */
  error = $state<ApiError | null>(null);
  /** Nothing heard from the server for `staleAfterMs`: what is shown may be out of date. */
  stale = $state(false);

  readonly #pollIntervalMs: number;
  readonly #reconnectMs: number;
  readonly #staleAfterMs: number;
  readonly #EventSource: typeof EventSource | undefined;
  readonly #scheduler: LiveScheduler;
  #source: EventSource | undefined;
  #cancelPoll: (() => void) | undefined;
  #cancelReconnect: (() => void) | undefined;
  #cancelWatchdog: (() => void) | undefined;
  #inFlight: AbortController | undefined;
  #stopped = false;

  constructor(assemblyId: string, options: LiveAssemblyOptions = {}) {
    this.assemblyId = assemblyId;
    this.#pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.#reconnectMs = options.reconnectMs ?? 10_000;
    this.#staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
    this.#EventSource = options.eventSource ?? globalThis.EventSource;
    this.#scheduler = options.scheduler ?? systemLiveScheduler;
    this.#start();
  }

  get status(): LiveAssemblyStatus | null {
    return this.snapshot?.status ?? null;
  }
  get currentItem(): LiveItem | null {
    return this.snapshot?.currentItem ?? null;
  }
  get poll(): LivePoll | null {
    return this.snapshot?.poll ?? null;
  }
  get turnout(): LiveTurnout | null {
    return this.snapshot?.turnout ?? null;
  }
  get attendance(): LiveSnapshot['attendance'] | null {
    return this.snapshot?.attendance ?? null;
  }
  get result(): LiveResult | null {
    return this.snapshot?.result ?? null;
  }

  /** Fetches the snapshot now (e.g. right after this client changed something). */
  async refresh(): Promise<void> {
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    try {
      const snapshot = await fetchLiveSnapshot(this.assemblyId, controller.signal);
      this.#heard();
      this.#accept(snapshot);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.#fail(error);
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
  }

  /** Closes the stream and stops polling; the last snapshot stays readable. */
  stop(): void {
    this.#stopped = true;
    this.connection = 'stopped';
    this.#closeSource();
    this.#stopPolling();
    this.#cancelReconnect?.();
    this.#cancelWatchdog?.();
    this.#inFlight?.abort();
  }

  #start(): void {
    this.#armWatchdog();
    void this.refresh();
    this.#open();
  }

  /** Something came from the server: fresh again, and the silence is counted from now. */
  #heard(): void {
    if (this.#stopped) return;
    this.stale = false;
    this.#armWatchdog();
  }

  #armWatchdog(): void {
    this.#cancelWatchdog?.();
    this.#cancelWatchdog = this.#scheduler.after(this.#staleAfterMs, () => this.#silence());
  }

  /** Nothing heard for too long: stale; start over with a new stream and poll meanwhile. */
  #silence(): void {
    this.#cancelWatchdog = undefined;
    if (this.#stopped || this.connection === 'denied') return;
    this.stale = true;
    this.#armWatchdog();
    if (this.#EventSource) {
      this.#closeSource();
      this.#cancelReconnect?.();
      this.#open();
    }
    if (this.connection === 'live') this.connection = 'polling';
    this.#startPolling();
  }

  #open(): void {
    if (this.#stopped || !this.#EventSource) {
      if (!this.#EventSource) this.#startPolling();
      return;
    }
    const source = new this.#EventSource(`/api/assemblies/${encodeURIComponent(this.assemblyId)}/events`, {
      withCredentials: true,
    });
    this.#source = source;
    source.addEventListener('open', () => {
      if (this.#source !== source) return;
      this.#heard();
      this.connection = 'live';
      this.#stopPolling();
    });
    source.addEventListener('heartbeat' satisfies LiveStreamEvent, () => {
      if (this.#source !== source) return;
      this.#heard();
    });
    source.addEventListener('snapshot' satisfies LiveStreamEvent, (event) => {
      if (this.#source !== source) return;
      this.#heard();
      try {
        const data: unknown = JSON.parse((event as MessageEvent<string>).data);
        if (isLiveSnapshot(data)) this.#accept(data);
      } catch {
        // A broken frame is skipped; the next snapshot carries the whole state again.
      }
      this.connection = 'live';
    });
    source.addEventListener('error', () => {
      if (this.#source !== source || this.#stopped) return;
      // CONNECTING: the browser retries by itself (with Last-Event-ID). CLOSED: it gave up.
      this.#startPolling();
      if (source.readyState === 2) {
        this.#closeSource();
        this.#cancelReconnect?.();
        this.#cancelReconnect = this.#scheduler.after(this.#reconnectMs, () => this.#open());
      }
    });
  }

  #accept(snapshot: LiveSnapshot): void {
    if (this.#stopped) return;
    const shown = this.snapshot;
    if (shown && snapshot.assemblyId === shown.assemblyId && snapshot.seq < shown.seq) return;
    this.snapshot = snapshot;
    this.error = null;
    if (this.connection === 'connecting' || this.connection === 'denied') {
      this.connection = this.#source?.readyState === 1 ? 'live' : 'polling';
    }
  }

  #fail(error: unknown): void {
    const apiError =
      error instanceof ApiError
        ? error
        : new ApiError(0, CLIENT_ERROR_CODES.network, 'Unexpected failure', {}, { cause: error });
    this.error = apiError;
    // Not logged in, another assembly, or no such assembly: retrying will not help.
    if ([401, 403, 404].includes(apiError.status)) {
      this.connection = 'denied';
      this.stale = false;
      this.#closeSource();
      this.#stopPolling();
      this.#cancelReconnect?.();
      this.#cancelWatchdog?.();
    }
  }

  #startPolling(): void {
    if (this.#cancelPoll !== undefined || this.#stopped || this.connection === 'denied') return;
    if (this.connection === 'live') this.connection = 'polling';
    this.#cancelPoll = this.#scheduler.every(this.#pollIntervalMs, () => void this.refresh());
    void this.refresh();
  }

  #stopPolling(): void {
    this.#cancelPoll?.();
    this.#cancelPoll = undefined;
  }

  #closeSource(): void {
    this.#source?.close();
    this.#source = undefined;
  }
}
