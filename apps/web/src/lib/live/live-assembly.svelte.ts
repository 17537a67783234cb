import type { LiveStreamEvent } from '@plenum/contracts';
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

export interface LiveAssemblyOptions {
  /** How often GET …/live is polled while the stream is down (ms). */
  readonly pollIntervalMs?: number;
  /** How long to wait before opening a new stream after the browser gave up (ms). */
  readonly reconnectMs?: number;
  /** Test seam: the EventSource constructor. */
  readonly eventSource?: typeof EventSource;
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
 */
export class LiveAssembly {
  readonly assemblyId: string;
  snapshot = $state<LiveSnapshot | null>(null);
  connection = $state<LiveConnection>('connecting');
  /** The last failure (cleared by the next good snapshot). */
  error = $state<ApiError | null>(null);

  readonly #pollIntervalMs: number;
  readonly #reconnectMs: number;
  readonly #EventSource: typeof EventSource | undefined;
  #source: EventSource | undefined;
  #pollTimer: ReturnType<typeof setInterval> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: AbortController | undefined;
  #stopped = false;

  constructor(assemblyId: string, options: LiveAssemblyOptions = {}) {
    this.assemblyId = assemblyId;
    this.#pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.#reconnectMs = options.reconnectMs ?? 10_000;
    this.#EventSource = options.eventSource ?? globalThis.EventSource;
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
      this.#accept(await fetchLiveSnapshot(this.assemblyId, controller.signal));
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
    clearTimeout(this.#reconnectTimer);
    this.#inFlight?.abort();
  }

  #start(): void {
    void this.refresh();
    this.#open();
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
      this.connection = 'live';
      this.#stopPolling();
    });
    source.addEventListener('snapshot' satisfies LiveStreamEvent, (event) => {
      if (this.#source !== source) return;
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
        clearTimeout(this.#reconnectTimer);
        this.#reconnectTimer = setTimeout(() => this.#open(), this.#reconnectMs);
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
      this.#closeSource();
      this.#stopPolling();
      clearTimeout(this.#reconnectTimer);
    }
  }

  #startPolling(): void {
    if (this.#pollTimer !== undefined || this.#stopped || this.connection === 'denied') return;
    if (this.connection === 'live') this.connection = 'polling';
    this.#pollTimer = setInterval(() => void this.refresh(), this.#pollIntervalMs);
    void this.refresh();
  }

  #stopPolling(): void {
    clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
  }

  #closeSource(): void {
    this.#source?.close();
    this.#source = undefined;
  }
}
