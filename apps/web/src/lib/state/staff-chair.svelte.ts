import { ApiError } from '$lib/api';
import type { MissingVoters, PollSetup } from '$lib/api/staff';
import {
  type AgendaItemView,
  type AssemblyView,
  type ConveneBody,
  type DeclareBody,
  type LifecycleResult,
  type ObjectionView,
  type PollView,
  staffApi,
} from '$lib/api/staff';
import { errorText, latestPoll } from '$lib/components/staff/staff-format';
import { LiveAssembly } from '$lib/live';

export type MissingVoter = MissingVoters['members'][number];

/** Who can vote now and has not voted yet, each with how (room, online, by proxy), by member number. */
export interface MissingList {
  readonly pollId: string;
  readonly members: readonly MissingVoter[];
}

/** The chair console: agenda, polls of the assembly, live turnout and the chair's actions. */
export class ChairConsole {
  readonly assemblyId: string;
  assembly = $state<AssemblyView | null>(null);
  items = $state<AgendaItemView[]>([]);
  polls = $state<PollView[]>([]);
  objections = $state<ObjectionView[]>([]);
  loadError = $state('');
  actionError = $state('');
  /** Polite announcement for screen readers (results of actions, shortcut feedback). */
  announcement = $state('');
  busy = $state(false);
  missing = $state<MissingList | null>(null);
  missingUnavailable = $state(false);
  /** Findings of the last lifecycle step that did not stop it (e.g. R20: annual assembly late). */
  lifecycleWarnings = $state<LifecycleResult['warnings']>([]);
  readonly live: LiveAssembly;

  constructor(assemblyId: string) {
    this.assemblyId = assemblyId;
    this.live = new LiveAssembly(assemblyId);
  }

  get currentItemId(): string | null {
    return this.live.currentItem?.id ?? this.assembly?.currentItemId ?? null;
  }

  get currentItem(): AgendaItemView | undefined {
    return this.items.find((i) => i.id === this.currentItemId);
  }

  get currentPoll(): PollView | undefined {
    const item = this.currentItem;
    return item ? latestPoll(this.polls, item.id) : undefined;
  }

  async load(): Promise<void> {
    try {
      const [assembly, items, polls, objections] = await Promise.all([
        staffApi.assembly(this.assemblyId),
        staffApi.items(this.assemblyId),
        staffApi.polls(this.assemblyId),
        staffApi.objections(this.assemblyId).catch(() => [] as ObjectionView[]),
      ]);
      this.assembly = assembly;
      this.items = [...items].sort((a, b) => a.position - b.position);
      this.polls = polls;
      this.objections = objections;
      this.loadError = '';
    } catch (error) {
      this.loadError = errorText(error);
    }
  }

  async refreshPolls(): Promise<void> {
    try {
      this.polls = await staffApi.polls(this.assemblyId);
    } catch {
      // The next live event triggers another refresh.
    }
  }

  #replacePoll(poll: PollView): void {
    const others = this.polls.filter((p) => p.id !== poll.id);
    this.polls = [...others, poll];
  }

  async #run(action: () => Promise<void>, success: string): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    this.actionError = '';
    try {
      await action();
      this.announcement = success;
      return true;
    } catch (error) {
      this.actionError = errorText(error);
      this.announcement = this.actionError;
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The assembly's state: the live one when the stream has it (another device may have moved it). */
  get status(): AssemblyView['status'] | null {
    return this.live.status ?? this.assembly?.status ?? null;
  }

  /** The one next lifecycle step: convene, open or close (none once closed). */
  get nextAction(): AssemblyView['nextAction'] {
    const status = this.status;
    if (status === null) return null;
    return ({ preparation: 'convene', convened: 'open', open: 'close', closed: null } as const)[status];
  }

  #lifecycle(step: () => Promise<LifecycleResult>, message: string): Promise<boolean> {
    return this.#run(async () => {
      const result = await step();
      this.assembly = result.assembly;
      this.lifecycleWarnings = result.warnings;
    }, message);
  }

  convene(body: ConveneBody, message: string): Promise<boolean> {
    return this.#lifecycle(() => staffApi.conveneAssembly(this.assemblyId, body), message);
  }

  openAssembly(message: string): Promise<boolean> {
    return this.#lifecycle(() => staffApi.openAssembly(this.assemblyId), message);
  }

  closeAssembly(message: string): Promise<boolean> {
    return this.#lifecycle(() => staffApi.closeAssembly(this.assemblyId), message);
  }

  setCurrent(item: AgendaItemView, message: string): Promise<boolean> {
    return this.#run(async () => {
      await staffApi.setCurrentItem(this.assemblyId, item.id);
      if (this.assembly) this.assembly = { ...this.assembly, currentItemId: item.id };
      this.missing = null;
    }, message);
  }

  /** C5, R24: the method and secret-ballot request for the next poll (ChairPollSetup edits it). */
  setup = $state<PollSetup>({});

  createPoll(item: AgendaItemView, message: string): Promise<boolean> {
    return this.#run(
      async () => this.#replacePoll(await staffApi.createPoll(this.assemblyId, item.id, false, this.setup)),
      message,
    );
  }

  /** The latest rehearsal (Probeabstimmung), if any: it counts nowhere and may be repeated. */
  get rehearsal(): PollView | undefined {
    // The list comes in creation order, and a new or changed poll goes to its end.
    return this.polls.findLast((p) => p.rehearsal);
  }

  /** Creates and opens a rehearsal on the current item (else the first), for members to try their phones. */
  startRehearsal(message: string): Promise<boolean> {
    const item = this.currentItem ?? this.items[0];
    if (!item) return Promise.resolve(false);
    return this.#run(async () => {
      const draft = await staffApi.createPoll(this.assemblyId, item.id, true);
      this.#replacePoll(await staffApi.openPoll(draft.id));
    }, message);
  }

  openPoll(poll: PollView, message: string): Promise<boolean> {
    return this.#run(async () => this.#replacePoll(await staffApi.openPoll(poll.id)), message);
  }

  closePoll(poll: PollView, message: string): Promise<boolean> {
    return this.#run(async () => this.#replacePoll(await staffApi.closePoll(poll.id)), message);
  }

  declare(poll: PollView, body: DeclareBody, message: string): Promise<boolean> {
    return this.#run(async () => {
      const declared = await staffApi.declarePoll(poll.id, body);
      this.#replacePoll(declared);
      // R22: declaring a tied round may have prepared its run-off as the item's next poll.
      if (declared.runOffPollId) this.#replacePoll(await staffApi.poll(declared.runOffPollId));
    }, message);
  }

  /** R22: draws the lot for the poll's tie; `value` is what someone in the room called out, if anything. */
  drawLot(poll: PollView, value: string, message: string): Promise<boolean> {
    return this.#run(
      async () => this.#replacePoll(await staffApi.drawLot(poll.id, value.trim() || undefined)),
      message,
    );
  }

  recordObjection(
    body: {
      pollId?: string | null;
      memberNumber: string;
      text: string;
      status: 'recorded' | 'refused';
      reason?: string;
    },
    message: string,
  ): Promise<boolean> {
    return this.#run(async () => {
      const saved = await staffApi.recordObjection(this.assemblyId, body);
      this.objections = [...this.objections, saved];
    }, message);
  }

  /** Who has not voted yet (GET /api/polls/:id/missing); falls back to the count if absent. */
  async loadMissing(poll: PollView): Promise<void> {
    try {
      const list = await staffApi.missingVoters(poll.id);
      this.missing = { pollId: poll.id, members: list.members };
      this.missingUnavailable = false;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 405)) {
        this.missingUnavailable = true;
      } else {
        this.actionError = errorText(error);
      }
    }
  }

  #missingRunning = false;
  #missingAgain = false;

  /**
   * Reloads a shown list after a live change (a vote, a check-in, a proxy): one request at a time,
   * and a change during a request is followed by one more, so the list ends up current.
   */
  async followMissing(poll: PollView): Promise<void> {
    if (this.missing?.pollId !== poll.id) return;
    if (this.#missingRunning) {
      this.#missingAgain = true;
      return;
    }
    this.#missingRunning = true;
    try {
      do {
        this.#missingAgain = false;
        await this.loadMissing(poll);
      } while (this.#missingAgain && this.missing?.pollId === poll.id);
    } finally {
      this.#missingRunning = false;
    }
  }

  stop(): void {
    this.live.stop();
  }
}
