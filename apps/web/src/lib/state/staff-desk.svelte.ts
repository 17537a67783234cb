import {
  type AssemblyView,
  type AttendanceSummary,
  type MemberSummary,
  type ProxyView,
  sha256Hex,
  staffApi,
} from '$lib/api/staff';
import { errorText } from '$lib/components/staff/staff-format';
import type { DeskPresence, DeskStatus } from './desk-actions';

/** The check-in desk: member search, check-in/out, proxies and the attendance counts. */
export class DeskState {
  readonly assemblyId: string;
  assembly = $state<AssemblyView | null>(null);
  query = $state('');
  results = $state<MemberSummary[]>([]);
  /** Where each member of the search results stands (checked in, online, gone). */
  standing = $state<Record<string, DeskPresence>>({});
  total = $state(0);
  searching = $state(false);
  summary = $state<AttendanceSummary | null>(null);
  proxies = $state<ProxyView[]>([]);
  principal = $state<MemberSummary | null>(null);
  holder = $state<MemberSummary | null>(null);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  busy = $state(false);
  #search: AbortController | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(assemblyId: string) {
    this.assemblyId = assemblyId;
  }

  async load(): Promise<void> {
    try {
      this.assembly = await staffApi.assembly(this.assemblyId);
    } catch (error) {
      this.message = { kind: 'error', text: errorText(error) };
    }
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const [summary, proxies] = await Promise.allSettled([
      staffApi.attendance(this.assemblyId),
      staffApi.proxies(this.assemblyId),
    ]);
    if (summary.status === 'fulfilled') this.summary = summary.value;
    if (proxies.status === 'fulfilled') this.proxies = proxies.value;
    await this.#loadStanding();
  }

  async #loadStanding(): Promise<void> {
    const ids = this.results.map((m) => m.id);
    if (ids.length === 0) return;
    try {
      const rows = await staffApi.standing(this.assemblyId, ids);
      this.standing = Object.fromEntries(rows.map((r) => [r.memberId, r.presence]));
    } catch {
      // The next refresh tries again; the buttons wait for a known status.
    }
  }

  /** A member's status at the desk: presence, and the active proxies on either side. */
  status(member: MemberSummary): DeskStatus | null {
    const presence = this.standing[member.id];
    if (presence === undefined) return null;
    const active = this.proxies.filter((g) => g.status === 'active');
    const by = active.find((g) => g.principalId === member.id);
    return {
      presence,
      representedBy: by ? by.holderName : null,
      holdsFor: active.filter((g) => g.holderMemberId === member.id).map((g) => g.principalName),
    };
  }

  revokeProxy(grant: ProxyView, by: 'principal' | 'holder', ok: string): Promise<boolean> {
    return this.#act(() => staffApi.revokeProxy(this.assemblyId, grant.id, by), ok);
  }

  /** Debounced search; an older answer never overwrites a newer one. */
  search(q: string): void {
    this.query = q;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runSearch(), 200);
  }

  async #runSearch(): Promise<void> {
    this.#search?.abort();
    const q = this.query.trim();
    if (!q) {
      this.results = [];
      this.total = 0;
      return;
    }
    const controller = new AbortController();
    this.#search = controller;
    this.searching = true;
    try {
      const page = await staffApi.members(q, 20, controller.signal);
      this.results = page.items;
      this.total = page.total;
      await this.#loadStanding();
    } catch (error) {
      if (!controller.signal.aborted) this.message = { kind: 'error', text: errorText(error) };
    } finally {
      if (this.#search === controller) this.searching = false;
    }
  }

  async #act(action: () => Promise<unknown>, ok: string, fail?: (text: string) => string): Promise<boolean> {
    this.busy = true;
    try {
      await action();
      this.message = { kind: 'ok', text: ok };
      return true;
    } catch (error) {
      const text = errorText(error);
      this.message = { kind: 'error', text: fail ? fail(text) : text };
      return false;
    } finally {
      this.busy = false;
      await this.refresh();
    }
  }

  checkIn(member: MemberSummary, channel: 'room' | 'online', ok: string): Promise<boolean> {
    return this.#act(() => staffApi.checkIn(this.assemblyId, member.id, channel), ok);
  }

  checkOut(member: MemberSummary, ok: string): Promise<boolean> {
    return this.#act(() => staffApi.checkOut(this.assemblyId, member.id), ok);
  }

  async grantProxy(
    input: { form: 'text' | 'written'; documentRef: string; file: File | null },
    ok: string,
    fail: (reason: string) => string,
  ): Promise<boolean> {
    const { principal, holder } = this;
    if (!principal || !holder) return false;
    const documentHash = input.file
      ? await sha256Hex(await input.file.arrayBuffer())
      : await sha256Hex(input.documentRef);
    return this.#act(
      () =>
        staffApi.grantProxy(this.assemblyId, {
          principalId: principal.id,
          holderMemberId: holder.id,
          form: input.form,
          documentRef: input.documentRef || input.file?.name || null,
          documentHash,
        }),
      ok,
      fail,
    );
  }
}

export function memberName(m: { givenName: string; familyName: string }): string {
  return `${m.givenName} ${m.familyName}`.trim();
}
