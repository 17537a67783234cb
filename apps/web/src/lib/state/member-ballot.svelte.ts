import { ApiError, backoffMs, isTransient, newRequestId, sleep } from '$lib/api';
import {
  type AgendaItemView,
  type CastableVote,
  type CastReceipt,
  type Choice,
  type MotionChoice,
  type MyVotesView,
  memberApi,
  type PollView,
} from '$lib/api/member';
import { describeError, describeReason } from './member-errors';
import { saveReceipts } from './member-receipts';

export type BallotStep = 'loading' | 'choose' | 'review' | 'casting' | 'done' | 'unavailable';

/** One vote's choice on the form: a motion answer, or the ticked candidates (none = abstain). */
export type DraftChoice =
  | { readonly kind: 'motion'; readonly value: MotionChoice | null }
  | { readonly kind: 'election'; readonly candidates: readonly string[] };

export interface MemberBallotOptions {
  /** Test seam: how a pause between attempts is waited out. */
  readonly wait?: (ms: number) => Promise<void>;
  /** How many times a cast is sent by itself before the member is asked to send it again. */
  readonly castAttempts?: number;
}

/**
 * One ballot screen for every vote the member may cast — their own, as representative and as proxy
 * holder: choose, review all together, cast in one request, show the receipts.
 */
/** A candidate as the ballot shows them: name, and the statement and photo they gave. */
export interface BallotCandidate {
  memberId: string;
  name: string;
  memberNumber: string;
  statement: string;
  photoUrl: string | null;
}

export class MemberBallot {
  readonly pollId: string;
  step = $state<BallotStep>('loading');
  poll = $state<PollView | null>(null);
  item = $state<AgendaItemView | null>(null);
  mine = $state<MyVotesView | null>(null);
  drafts = $state<Record<string, DraftChoice>>({});
  receipts = $state<CastReceipt[]>([]);
  error = $state<string | null>(null);
  /** Shown when the ballot cannot be used (not present, excluded, poll not open, nothing left). */
  unavailable = $state<string | null>(null);
  missing = $state<string[]>([]);
  /**
   * No connection: loading or casting is being tried again by itself (`attempt` counts the
   * failed tries). Cleared by the next answer.
   */
  retrying = $state<{ readonly what: 'load' | 'cast'; readonly attempt: number } | null>(null);

  /** A submission whose outcome is unknown (no answer after every try); sending again is safe. */
  pending = $state(false);

  readonly #wait: (ms: number) => Promise<void>;
  readonly #castAttempts: number;
  /** The id of the submission in flight; kept across its retries until the API answers it. */
  #requestId: string | null = null;
  #disposed = false;

  constructor(pollId: string, options: MemberBallotOptions = {}) {
    this.pollId = pollId;
    this.#wait = options.wait ?? sleep;
    this.#castAttempts = options.castAttempts ?? 8;
  }

  /** Stops retrying (the screen is gone). */
  dispose(): void {
    this.#disposed = true;
  }

  get isElection(): boolean {
    return this.poll?.kind === 'election';
  }

  /** R: poll.config.votesPerBallot — the most candidates one ballot may name. */
  get votesPerBallot(): number {
    const n = Number(this.poll?.config.votesPerBallot ?? 1);
    return Number.isInteger(n) && n > 0 ? n : 1;
  }

  get candidates(): BallotCandidate[] {
    const ids = (this.poll?.options ?? []).filter((o): o is string => typeof o === 'string');
    return ids.map((id) => {
      const c = this.item?.candidates.find((x) => x.memberId === id);
      return {
        memberId: id,
        name: c?.name ?? id,
        memberNumber: c?.memberNumber ?? '',
        statement: c?.statement ?? '',
        photoUrl: c?.photoUrl ?? null,
      };
    });
  }

  /** The votes still to cast on this screen. */
  get open(): CastableVote[] {
    return (this.mine?.votes ?? []).filter((v) => !v.cast);
  }

  /** Reads the poll and the member's votes; without a connection it tries again by itself. */
  async load(items: readonly AgendaItemView[]): Promise<void> {
    this.step = 'loading';
    for (let failures = 0; !this.#disposed; ) {
      try {
        const [poll, mine] = await Promise.all([memberApi.poll(this.pollId), memberApi.myVotes(this.pollId)]);
        this.retrying = null;
        this.poll = poll;
        this.mine = mine;
        // The item as it reads now: its text and documents may have changed since the session
        // loaded the agenda (they are fixed once the poll opens). The session's copy if that fails.
        const fresh = await memberApi.items(poll.assemblyId).catch(() => items);
        this.item =
          fresh.find((i) => i.id === poll.agendaItemId) ??
          items.find((i) => i.id === poll.agendaItemId) ??
          null;
        this.#decideAvailability();
        return;
      } catch (error) {
        if (isTransient(error)) {
          failures += 1;
          this.retrying = { what: 'load', attempt: failures };
          await this.#wait(backoffMs(failures));
          continue;
        }
        this.retrying = null;
        this.unavailable = describeError(error);
        this.step = 'unavailable';
        return;
      }
    }
  }

  #decideAvailability(): void {
    const mine = this.mine;
    if (!mine) return;
    this.unavailable = null;
    if (mine.status !== 'open') this.unavailable = describeError(new ApiError(409, 'poll.not_open', ''));
    else if (mine.votes.length === 0)
      this.unavailable = describeReason(mine.reason ?? 'roll.not_on_register');
    else if (!mine.present) this.unavailable = describeError(new ApiError(403, 'vote.not_present', ''));
    else if (this.open.length === 0)
      this.unavailable = describeError(new ApiError(409, 'vote.duplicate', ''));
    if (this.unavailable) {
      this.step = 'unavailable';
      return;
    }
    const drafts: Record<string, DraftChoice> = {};
    for (const v of this.open) {
      drafts[v.memberId] =
        this.drafts[v.memberId] ??
        (this.isElection ? { kind: 'election', candidates: [] } : { kind: 'motion', value: null });
    }
    this.drafts = drafts;
    this.step = 'choose';
  }

  setMotion(memberId: string, value: MotionChoice): void {
    this.drafts[memberId] = { kind: 'motion', value };
    this.missing = this.missing.filter((id) => id !== memberId);
  }

  /** Ticks or unticks a candidate; never more than votesPerBallot (R: §43 statute, C6). */
  toggleCandidate(memberId: string, candidateId: string, on: boolean): void {
    const draft = this.drafts[memberId];
    const current = draft?.kind === 'election' ? draft.candidates : [];
    const next = on
      ? current.includes(candidateId) || current.length >= this.votesPerBallot
        ? current
        : [...current, candidateId]
      : current.filter((c) => c !== candidateId);
    this.drafts[memberId] = { kind: 'election', candidates: next };
  }

  /** Goes to the review step, or names the votes still without an answer. */
  review(): boolean {
    this.error = null;
    this.missing = this.open
      .filter((v) => {
        const d = this.drafts[v.memberId];
        return d?.kind === 'motion' && d.value === null;
      })
      .map((v) => v.memberId);
    if (this.missing.length > 0) return false;
    this.step = 'review';
    return true;
  }

  back(): void {
    // A changed choice is a new submission: an earlier one that may have been stored must not
    // answer for it (the API then says the vote is already cast).
    this.#requestId = null;
    this.pending = false;
    this.step = 'choose';
  }

  choiceOf(memberId: string): Choice | null {
    const d = this.drafts[memberId];
    if (!d) return null;
    if (d.kind === 'motion') return d.value;
    return { kind: 'candidates', choices: [...d.candidates] };
  }

  /**
   * Sends every open vote in one request. Without an answer (no network, timeout, server briefly
   * away) it sends the same request again by itself, with the same request id, so a cast that was
   * stored but whose answer was lost comes back with its receipts instead of a refusal. After
   * `castAttempts` tries it stops and asks the member to send again (still the same id).
   */
  async cast(): Promise<void> {
    if (this.step !== 'review') return;
    this.step = 'casting';
    this.error = null;
    this.#requestId ??= newRequestId();
    const requestId = this.#requestId;
    const votes = this.open.map((v) => ({
      memberId: v.memberId,
      choice: this.choiceOf(v.memberId) ?? 'abstain',
    }));
    for (let failures = 0; ; ) {
      try {
        const receipts = await memberApi.castVotes(this.pollId, votes, requestId);
        this.#requestId = null;
        this.pending = false;
        this.retrying = null;
        this.receipts = receipts;
        saveReceipts(
          this.pollId,
          receipts.map((r) => ({ ...r, name: this.nameOf(r.memberId) })),
        );
        this.step = 'done';
        return;
      } catch (error) {
        if (isTransient(error)) {
          failures += 1;
          if (failures < this.#castAttempts && !this.#disposed) {
            this.retrying = { what: 'cast', attempt: failures };
            await this.#wait(backoffMs(failures));
            continue;
          }
          // Still unknown whether it was stored: the next try keeps the request id.
          this.retrying = null;
          this.pending = true;
          this.error = describeError(error);
          this.step = 'review';
          return;
        }
        this.#requestId = null;
        this.pending = false;
        this.retrying = null;
        this.error = describeError(error);
        // Duplicate or closed: the ballot as shown is out of date, so read it again.
        if (error instanceof ApiError && ['vote.duplicate', 'poll.not_open'].includes(error.code)) {
          try {
            this.mine = await memberApi.myVotes(this.pollId);
          } catch {
            // Keep the error on screen; the reload is only a courtesy.
          }
        }
        this.step = 'review';
        return;
      }
    }
  }

  nameOf(memberId: string): string {
    return this.mine?.votes.find((v) => v.memberId === memberId)?.name ?? '';
  }
}
