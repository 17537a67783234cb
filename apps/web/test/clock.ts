import type { LiveScheduler } from '../src/lib/live/live-assembly.svelte';

interface Timer {
  at: number;
  every: number | null;
  fn: () => void;
  id: number;
}

/**
 * A scheduler whose time moves only when the test moves it (`advance`): timers due run in time
 * order, repeating ones again each interval. Nothing sleeps, so timing is asserted exactly.
 */
export class TestScheduler implements LiveScheduler {
  #now = 0;
  #next = 0;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  after(ms: number, fn: () => void): () => void {
    return this.#add(ms, null, fn);
  }

  every(ms: number, fn: () => void): () => void {
    return this.#add(ms, ms, fn);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves time by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#now = due.at;
      if (due.every === null) this.#timers = this.#timers.filter((t) => t !== due);
      else due.at += due.every;
      due.fn();
    }
    this.#now = end;
  }

  #add(ms: number, every: number | null, fn: () => void): () => void {
    const timer: Timer = { at: this.#now + ms, every, fn, id: this.#next++ };
    this.#timers.push(timer);
    return () => {
      this.#timers = this.#timers.filter((t) => t !== timer);
    };
  }
}
