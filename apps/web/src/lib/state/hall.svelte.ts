import { type HallCountsView, type HallPollView, staffApi, type TellersView } from '$lib/api/staff';
import { errorText } from '$lib/components/staff/staff-format';

/**
 * Tellers and hall counts of one assembly (C5, R27), for the chair console and the teller screen:
 * the appointed tellers, and where the hall count of every poll voted in the hall stands.
 */
export class HallCounts {
  readonly assemblyId: string;
  tellers = $state<TellersView | null>(null);
  polls = $state<HallPollView[]>([]);
  error = $state('');
  busy = $state(false);
  /** The last answer to a teller's own count, per poll. */
  submitted = $state<Record<string, 'awaiting_confirmation' | 'confirmed'>>({});

  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(assemblyId: string) {
    this.assemblyId = assemblyId;
  }

  /** Whether a count is still to come: a closed poll waits for its count or its confirmation. */
  get pending(): boolean {
    return this.polls.some((p) => p.status === 'awaiting_count' || p.status === 'awaiting_confirmation');
  }

  /**
   * A teller's entry changes nothing the live snapshot carries, so while a count is pending the
   * screens ask again every few seconds (a small GET); live changes (a close) still come at once.
   */
  follow(everyMs = 3000): void {
    this.stop();
    this.#timer = setInterval(() => {
      if (this.pending && !this.busy) void this.load(false);
    }, everyMs);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async load(withTellers = true): Promise<void> {
    try {
      const [counts, tellers] = await Promise.all([
        staffApi.hallCounts(this.assemblyId),
        withTellers ? staffApi.tellers(this.assemblyId) : Promise.resolve(null),
      ]);
      this.polls = (counts as HallCountsView).polls;
      if (tellers !== null) this.tellers = tellers;
      this.error = '';
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async appoint(userId: string): Promise<boolean> {
    return this.#run(async () => {
      this.tellers = await staffApi.appointTeller(this.assemblyId, userId);
    });
  }

  async submit(pollId: string, count: { yes: number; no: number; abstain: number }): Promise<boolean> {
    return this.#run(async () => {
      const answer = await staffApi.submitHallCount(pollId, count);
      this.submitted = { ...this.submitted, [pollId]: answer.status };
      await this.load(false);
    });
  }

  async #run(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = '';
    try {
      await action();
      return true;
    } catch (error) {
      this.error = errorText(error);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
