import { ApiError, backoffMs, isTransient, sleep } from '$lib/api';
import {
  type AgendaItemView,
  type AssemblyView,
  type MemberPrincipal,
  type MyVotesView,
  memberApi,
  type PollView,
} from '$lib/api/member';
import { describeError } from './member-errors';

export type SessionView =
  | { readonly kind: 'loading' }
  /** No connection yet: loading is tried again by itself (`attempt` failed tries so far). */
  | { readonly kind: 'retrying'; readonly attempt: number }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'other-assembly' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready' };

/**
 * The logged-in member's view of one assembly: who they are, the assembly, the agenda and the
 * polls (with declared results). Live changes come from LiveAssembly; `reload()` re-reads the rest.
 */
export class MemberSession {
  readonly assemblyId: string;
  view = $state<SessionView>({ kind: 'loading' });
  user = $state<MemberPrincipal | null>(null);
  assembly = $state<AssemblyView | null>(null);
  items = $state<AgendaItemView[]>([]);
  polls = $state<PollView[]>([]);
  /** Checked in (room or online)? `null` while unknown (no poll to ask yet). */
  present = $state<boolean | null>(null);
  /** The member's votes in the poll now on screen (own, represented, proxy) and which are cast. */
  currentVotes = $state<MyVotesView | null>(null);
  checkInBusy = $state(false);
  checkInError = $state<string | null>(null);

  readonly #wait: (ms: number) => Promise<void>;
  #disposed = false;
  /** The poll whose votes are wanted now (a late answer for another poll is dropped). */
  #votesFor: string | null = null;

  /** `wait` is a test seam: how a pause between attempts is waited out. */
  constructor(assemblyId: string, options: { readonly wait?: (ms: number) => Promise<void> } = {}) {
    this.assemblyId = assemblyId;
    this.#wait = options.wait ?? sleep;
  }

  /** Stops every retry (the layout is gone). */
  dispose(): void {
    this.#disposed = true;
  }

  get canCheckInOnline(): boolean {
    return this.assembly?.form === 'virtual' || this.assembly?.form === 'hybrid';
  }

  itemById(id: string | null | undefined): AgendaItemView | undefined {
    return this.items.find((i) => i.id === id);
  }

  get declaredPolls(): PollView[] {
    return this.polls.filter((p) => p.status === 'declared');
  }

  /** Who is logged in, and the assembly; without a connection it tries again by itself. */
  async load(): Promise<void> {
    for (let failures = 0; !this.#disposed; ) {
      try {
        await this.#loadOnce();
        return;
      } catch (error) {
        if (isTransient(error)) {
          failures += 1;
          this.view = { kind: 'retrying', attempt: failures };
          await this.#wait(backoffMs(failures));
          continue;
        }
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          this.view = { kind: 'anonymous' };
          return;
        }
        this.view = { kind: 'error', message: describeError(error) };
        return;
      }
    }
  }

  async #loadOnce(): Promise<void> {
    const user = await memberApi.me();
    if (user.kind !== 'member') {
      this.view = { kind: 'anonymous' };
      return;
    }
    if (user.assemblyId !== this.assemblyId) {
      this.view = { kind: 'other-assembly' };
      return;
    }
    this.user = user;
    await this.reload();
    this.view = { kind: 'ready' };
  }

  async reload(): Promise<void> {
    const [assembly, items, polls] = await Promise.all([
      memberApi.assembly(this.assemblyId),
      memberApi.items(this.assemblyId),
      memberApi.polls(this.assemblyId),
    ]);
    this.assembly = assembly;
    this.items = items;
    this.polls = polls;
    await this.refreshPresence();
  }

  /** Presence is known from any opened poll's my-votes (it says whether the member is present). */
  async refreshPresence(): Promise<void> {
    const poll = [...this.polls].reverse().find((p) => p.status !== 'draft');
    if (!poll) return;
    try {
      this.present = (await memberApi.myVotes(poll.id)).present;
    } catch {
      // Unknown presence leaves the check-in button visible; checking in twice is harmless.
    }
  }

  /**
   * The member's votes in the poll on screen. Without a connection it tries again by itself (the
   * "vote now" button depends on it) until it has an answer or another poll is on screen.
   */
  async loadCurrentVotes(pollId: string | null): Promise<void> {
    this.#votesFor = pollId;
    if (pollId === null) {
      this.currentVotes = null;
      return;
    }
    for (let failures = 0; !this.#disposed && this.#votesFor === pollId; ) {
      try {
        const mine = await memberApi.myVotes(pollId);
        if (this.#votesFor !== pollId) return;
        this.currentVotes = mine;
        if (mine.status !== 'draft') this.present = mine.present;
        return;
      } catch (error) {
        if (this.#votesFor !== pollId) return;
        if (this.currentVotes?.pollId !== pollId) this.currentVotes = null;
        if (!isTransient(error)) return;
        failures += 1;
        await this.#wait(backoffMs(failures));
      }
    }
  }

  async refreshPolls(): Promise<void> {
    try {
      this.polls = await memberApi.polls(this.assemblyId);
    } catch {
      // The live snapshot still shows the current state; the list catches up on the next change.
    }
  }

  async checkIn(): Promise<void> {
    this.checkInBusy = true;
    this.checkInError = null;
    try {
      await memberApi.selfCheckIn(this.assemblyId);
      this.present = true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'attendance.already_present') this.present = true;
      else this.checkInError = describeError(error);
    } finally {
      this.checkInBusy = false;
    }
  }

  async logout(): Promise<void> {
    try {
      await memberApi.logout();
    } finally {
      this.user = null;
      this.view = { kind: 'anonymous' };
    }
  }
}
