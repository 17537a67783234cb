import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MemberSummary as Member } from '$lib/api/staff';
import { t } from '$lib/i18n';
import { FakeApi } from '../../../test/network';
import { DeskState, memberName } from './staff-desk.svelte';

const A = 'asm-1';
const member = (id: string, familyName: string) =>
  ({ id, memberNumber: id, givenName: 'Erika', familyName }) as unknown as Member;
const search = (q: string) => `GET /api/members?q=${encodeURIComponent(q)}&limit=20`;
const standing = (ids: string) => `/api/assemblies/${A}/attendance/standing?memberIds=${ids}`;
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('DeskState', () => {
  let api: FakeApi;
  let summaryReads = 0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    summaryReads = 0;
    api = new FakeApi()
      .on(`GET /api/assemblies/${A}`, { body: { id: A } })
      .on(`GET /api/assemblies/${A}/attendance`, () => ({ body: { present: ++summaryReads } }))
      .on(`GET /api/assemblies/${A}/proxies`, { body: [] })
      .on(`GET ${standing('1')}`, { body: [{ memberId: '1', presence: 'room' }] })
      .on(`GET ${standing('2')}`, { body: [{ memberId: '2', presence: 'absent' }] })
      .install();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('searches once typing pauses, for the last query only', async () => {
    api.on(search('Mus'), { body: { items: [member('1', 'Muster')], total: 1 } });
    const desk = new DeskState(A);
    desk.search('M');
    await vi.advanceTimersByTimeAsync(100);
    desk.search('Mu');
    await vi.advanceTimersByTimeAsync(100);
    desk.search('Mus');
    await vi.advanceTimersByTimeAsync(199);
    expect(api.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(api.calls.map((c) => c.path)).toEqual(['/api/members?q=Mus&limit=20', standing('1')]);
    expect(desk.results.map(memberName)).toEqual(['Erika Muster']);
    // The status the desk's buttons follow: in the room, nobody's proxy.
    expect(desk.status(member('1', 'Muster'))).toEqual({
      presence: 'room',
      representedBy: null,
      holdsFor: [],
    });
    expect(desk.total).toBe(1);
    expect(desk.searching).toBe(false);
  });

  it('never lets an older answer overwrite a newer one', async () => {
    let answerOld: () => void = () => {};
    api.on(search('Ab'), async () => {
      await new Promise<void>((resolve) => {
        answerOld = resolve;
      });
      return { body: { items: [member('1', 'Abel')], total: 1 } };
    });
    api.on(search('Br'), { body: { items: [member('2', 'Brandt')], total: 1 } });
    const desk = new DeskState(A);
    desk.search('Ab');
    await vi.advanceTimersByTimeAsync(200);
    expect(desk.searching).toBe(true);
    desk.search('Br');
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    answerOld();
    await settle();
    expect(desk.results.map(memberName)).toEqual(['Erika Brandt']);
    expect(desk.message).toBeNull(); // the superseded search is not an error
    expect(desk.searching).toBe(false);
  });

  it('clears the results for an empty query without asking the server', async () => {
    api.on(search('Ab'), { body: { items: [member('1', 'Abel')], total: 1 } });
    const desk = new DeskState(A);
    desk.search('Ab');
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(desk.total).toBe(1);
    desk.search('   ');
    await vi.advanceTimersByTimeAsync(200);
    await settle();
    expect(desk.results).toEqual([]);
    expect(desk.total).toBe(0);
    expect(api.calls.map((c) => c.path)).toEqual(['/api/members?q=Ab&limit=20', standing('1')]);
  });

  it('checks a member in and refreshes the counts; a refusal is shown in words and still refreshes', async () => {
    const desk = new DeskState(A);
    await desk.load();
    expect(desk.summary).toEqual({ present: 1 });
    const route = `POST /api/assemblies/${A}/attendance/check-in`;
    api.on(route, { status: 204 });
    expect(await desk.checkIn(member('7', 'Graf'), 'room', 'eingecheckt')).toBe(true);
    expect(api.callsTo(route).map((c) => c.body)).toEqual([{ memberId: '7', channel: 'room' }]);
    expect(desk.message).toEqual({ kind: 'ok', text: 'eingecheckt' });
    expect(desk.summary).toEqual({ present: 2 });

    api.on(route, FakeApi.error(409, 'attendance.already_present'));
    expect(await desk.checkIn(member('7', 'Graf'), 'room', 'eingecheckt')).toBe(false);
    expect(desk.message).toEqual({ kind: 'error', text: t('reason.attendance.already_present') });
    expect(desk.summary).toEqual({ present: 3 });
    expect(desk.busy).toBe(false);
  });

  it('grants a proxy with the document hash computed here; without both members it sends nothing', async () => {
    const desk = new DeskState(A);
    const route = `POST /api/assemblies/${A}/proxies`;
    api.on(route, { body: {} });
    const input = { form: 'text' as const, documentRef: 'Vollmacht 1003', file: null };
    expect(await desk.grantProxy(input, 'ok', (r) => r)).toBe(false);
    desk.principal = member('p', 'Claußen');
    desk.holder = member('h', 'Brandt');
    expect(await desk.grantProxy(input, 'erteilt', (r) => `nein: ${r}`)).toBe(true);
    const expectedHash = Buffer.from(
      await crypto.subtle.digest('SHA-256', new TextEncoder().encode('Vollmacht 1003')),
    ).toString('hex');
    expect(api.callsTo(route).map((c) => c.body)).toEqual([
      {
        principalId: 'p',
        holderMemberId: 'h',
        form: 'text',
        documentRef: 'Vollmacht 1003',
        documentHash: expectedHash,
      },
    ]);
    api.on(route, FakeApi.error(409, 'proxy.holder_cap_reached'));
    expect(await desk.grantProxy(input, 'erteilt', (r) => `nein: ${r}`)).toBe(false);
    expect(desk.message).toEqual({ kind: 'error', text: `nein: ${t('reason.proxy.holder_cap_reached')}` });
  });
});
