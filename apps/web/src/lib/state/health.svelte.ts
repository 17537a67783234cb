import { ApiError, api, CLIENT_ERROR_CODES, type HealthOk, type HealthUnavailable } from '$lib/api';

export type HealthView =
  | { readonly kind: 'checking' }
  | { readonly kind: 'ok'; readonly health: HealthOk; readonly checkedAt: Date }
  | { readonly kind: 'unavailable'; readonly health: HealthUnavailable; readonly checkedAt: Date }
  | { readonly kind: 'error'; readonly error: ApiError; readonly checkedAt: Date };

/** Server health as the first screen shows it; `check()` can be called again at any time. */
export class HealthState {
  view = $state<HealthView>({ kind: 'checking' });
  #inFlight: AbortController | undefined;

  async check(): Promise<void> {
    // A newer check supersedes an older one still waiting for an answer.
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.view = { kind: 'checking' };
    try {
      const health = await api.health(controller.signal);
      const checkedAt = new Date();
      this.view =
        health.status === 'ok'
          ? { kind: 'ok', health, checkedAt }
          : { kind: 'unavailable', health, checkedAt };
    } catch (error) {
      if (controller.signal.aborted) return;
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(0, CLIENT_ERROR_CODES.network, 'Unexpected failure', {}, { cause: error });
      this.view = { kind: 'error', error: apiError, checkedAt: new Date() };
    } finally {
      if (this.#inFlight === controller) this.#inFlight = undefined;
    }
  }

  /** Stops a pending check, e.g. when the component showing it goes away. */
  dispose(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }
}
