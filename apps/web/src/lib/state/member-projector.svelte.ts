import QRCode from 'qrcode';
import { ApiError } from '$lib/api';
import { type AgendaItemView, memberApi, type PollView } from '$lib/api/member';
import { LiveAssembly } from '$lib/live';
import { describeError } from './member-errors';

export type ProjectorView =
  | { readonly kind: 'loading' }
  | { readonly kind: 'login'; readonly error: string | null; readonly busy: boolean }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The projector: the staff cookie (the chair's own login) reads the live state; the join QR code
 * points members at /join?code=<short code>, and the code itself is shown large for typing.
 */
export class ProjectorState {
  readonly assemblyId: string;
  view = $state<ProjectorView>({ kind: 'loading' });
  live = $state<LiveAssembly | null>(null);
  title = $state('');
  items = $state<AgendaItemView[]>([]);
  /** The current poll's full view once declared (for elections: votes per candidate). */
  declaredPoll = $state<PollView | null>(null);
  /** R22: a counted election round's full view before its declaration (a tie, the chair's lot). */
  countedPoll = $state<PollView | null>(null);
  qrDataUrl = $state('');
  /** The assembly's short code, once the assembly is read. */
  code = $state('');
  /** Where members type the code (shown under the QR code). */
  readonly joinAddress: string;
  readonly #origin: string;

  constructor(assemblyId: string, origin: string) {
    this.assemblyId = assemblyId;
    this.#origin = origin;
    this.joinAddress = `${origin}/join`;
  }

  /** What the QR code carries: the join page with the code filled in. */
  get joinUrl(): string {
    return this.code ? `${this.#origin}/join?code=${encodeURIComponent(this.code)}` : this.joinAddress;
  }

  async start(): Promise<void> {
    try {
      const user = await memberApi.me();
      if (user.kind !== 'staff') {
        this.view = { kind: 'login', error: null, busy: false };
        return;
      }
      await this.#begin();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401)
        this.view = { kind: 'login', error: null, busy: false };
      else this.view = { kind: 'error', message: describeError(error) };
    }
  }

  async login(username: string, password: string): Promise<void> {
    this.view = { kind: 'login', error: null, busy: true };
    try {
      await memberApi.staffLogin(username, password);
      await this.#begin();
    } catch (error) {
      const message =
        error instanceof ApiError && error.code === 'auth.invalid_credentials'
          ? describeError(error, { 'auth.invalid_credentials': 'error.auth.invalid_staff' })
          : describeError(error);
      this.view = { kind: 'login', error: message, busy: false };
    }
  }

  async #begin(): Promise<void> {
    const [assembly, items] = await Promise.all([
      memberApi.assembly(this.assemblyId),
      memberApi.items(this.assemblyId),
    ]);
    this.title = assembly.title;
    this.code = assembly.code;
    this.items = items;
    this.qrDataUrl = await QRCode.toDataURL(this.joinUrl, {
      margin: 1,
      width: 480,
      errorCorrectionLevel: 'M',
      color: { dark: '#000000', light: '#ffffff' },
    });
    this.live = new LiveAssembly(this.assemblyId);
    this.view = { kind: 'ready' };
  }

  /** Called when the live poll is declared: fetches the tally (names, elected) once. */
  async loadDeclared(pollId: string): Promise<void> {
    if (this.declaredPoll?.id === pollId && this.declaredPoll.status === 'declared') return;
    try {
      const poll = await memberApi.poll(pollId);
      if (!this.items.some((i) => i.id === poll.agendaItemId))
        this.items = await memberApi.items(this.assemblyId);
      this.declaredPoll = poll;
    } catch {
      // The live result (counts) is still shown.
    }
  }

  /** Reads a counted election round again (after each live change: the chair may have drawn the lot). */
  async loadCounted(pollId: string): Promise<void> {
    try {
      const poll = await memberApi.poll(pollId);
      if (!this.items.some((i) => i.id === poll.agendaItemId))
        this.items = await memberApi.items(this.assemblyId);
      this.countedPoll = poll;
    } catch {
      // The state line still says the poll is closed.
    }
  }

  stop(): void {
    this.live?.stop();
  }
}
