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

  constructor(assemblyId: string) {
    this.assemblyId = assemblyId;
  }

  async load(withTellers = true): Promise<void> {
    try {
      const [counts, tellers] = await Promise.all([
        staffApi.hallCounts(this.assemblyId),
        withTellers ? staffApi.tellers(this.assemblyId) : Promise.resolve(this.tellers),
      ]);
      this.polls = (counts as HallCountsView).polls;
      this.tellers = tellers;
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
