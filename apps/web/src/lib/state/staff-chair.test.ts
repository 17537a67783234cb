import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgendaItemView as AgendaItem, PollView as Poll } from '$lib/api/staff';
import { t } from '$lib/i18n';
import { FakeApi, FakeEventSource } from '../../../test/network';
import { ChairConsole } from './staff-chair.svelte';

const A = 'asm-1';
const item = (id: string, position: number) => ({ id, position, title: id }) as unknown as AgendaItem;
const poll = (id: string, agendaItemId: string, round: number, status = 'draft') =>
  ({ id, agendaItemId, round, status }) as unknown as Poll;

describe('ChairConsole', () => {
  let api: FakeApi;
  let chair: ChairConsole | undefined;
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    api = new FakeApi()
      .on(`GET /api/assemblies/${A}/live`, FakeApi.error(503, 'server.unavailable'))
      .on(`GET /api/assemblies/${A}`, { body: { id: A, currentItemId: 'i1' } })
      .on(`GET /api/assemblies/${A}/items`, { body: [item('i2', 2), item('i1', 1)] })
      .on(`GET /api/assemblies/${A}/polls`, {
        body: [poll('p1', 'i1', 1, 'declared'), poll('p2', 'i1', 2, 'open'), poll('p3', 'i2', 1)],
      })
      .install();
  });
  afterEach(() => {
    chair?.stop();
    chair = undefined;
    vi.unstubAllGlobals();
  });

  it('loads the agenda in order; the current poll is the latest round of the current item', async () => {
    api.on(`GET /api/assemblies/${A}/objections`, FakeApi.error(404, 'route.not_found'));
    chair = new ChairConsole(A);
    await chair.load();
    expect(chair.loadError).toBe('');
    expect(chair.items.map((i) => i.id)).toEqual(['i1', 'i2']);
    expect(chair.objections).toEqual([]); // optional: a failure there does not fail the load
    expect(chair.currentItem?.id).toBe('i1');
    expect(chair.currentPoll?.id).toBe('p2');
  });

  it('follows the live current item over the one it loaded', async () => {
    api.on(`GET /api/assemblies/${A}/objections`, { body: [] });
    chair = new ChairConsole(A);
    await chair.load();
    const stream = FakeEventSource.latest();
    stream.open();
    stream.snapshot({
      seq: 1,
      assemblyId: A,
      status: 'open',
      currentItem: { id: 'i2', position: 2, title: 'i2', kind: 'motion' },
      poll: null,
      turnout: null,
      attendance: { present: 0, represented: 0 },
      result: null,
    });
    expect(chair.currentItemId).toBe('i2');
    expect(chair.currentPoll?.id).toBe('p3');
  });

  it('runs one action at a time and announces its outcome', async () => {
    api.on(`GET /api/assemblies/${A}/objections`, { body: [] });
    chair = new ChairConsole(A);
    await chair.load();
    let release: () => void = () => {};
    api.on('POST /api/polls/p3/open', async () => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { body: poll('p3', 'i2', 1, 'open') };
    });
    const opening = chair.openPoll(poll('p3', 'i2', 1), 'Abstimmung eröffnet');
    expect(chair.busy).toBe(true);
    // A second press while the first is under way does nothing.
    expect(await chair.closePoll(poll('p2', 'i1', 2), 'geschlossen')).toBe(false);
    expect(api.callsTo('POST /api/polls/p2/close')).toHaveLength(0);
    await vi.waitFor(() => expect(api.callsTo('POST /api/polls/p3/open')).toHaveLength(1));
    release();
    expect(await opening).toBe(true);
    expect(chair.busy).toBe(false);
    expect(chair.announcement).toBe('Abstimmung eröffnet');
    expect(chair.polls.find((p) => p.id === 'p3')?.status).toBe('open');
    expect(chair.polls).toHaveLength(3);
  });

  it('shows a refused action in words and keeps the polls as they were', async () => {
    api.on(`GET /api/assemblies/${A}/objections`, { body: [] });
    chair = new ChairConsole(A);
    await chair.load();
    api.on('POST /api/polls/p2/close', FakeApi.error(409, 'auth.throttled', 'server words'));
    expect(await chair.closePoll(poll('p2', 'i1', 2, 'open'), 'geschlossen')).toBe(false);
    expect(chair.actionError).toBe(t('reason.auth.throttled'));
    expect(chair.announcement).toBe(chair.actionError);
    expect(chair.polls.find((p) => p.id === 'p2')?.status).toBe('open');
    expect(chair.busy).toBe(false);
  });

  it('sets the current item on the assembly it shows, and forgets the old missing list', async () => {
    api.on(`GET /api/assemblies/${A}/objections`, { body: [] });
    api.on('GET /api/polls/p2/missing', {
      body: { pollId: 'p2', total: 1, members: [{ memberId: 'm1', memberNumber: '1001', name: 'Anna' }] },
    });
    api.on(`PUT /api/assemblies/${A}/current-item`, { body: { itemId: 'i2' } });
    chair = new ChairConsole(A);
    await chair.load();
    await chair.loadMissing(poll('p2', 'i1', 2, 'open'));
    expect(chair.missing?.members.map((m) => m.memberNumber)).toEqual(['1001']);
    expect(await chair.setCurrent(item('i2', 2), 'TOP 2')).toBe(true);
    expect(api.callsTo(`PUT /api/assemblies/${A}/current-item`).map((c) => c.body)).toEqual([
      { itemId: 'i2' },
    ]);
    expect(chair.assembly?.currentItemId).toBe('i2');
    expect(chair.missing).toBeNull();
  });

  it('falls back to the count when the missing-voters list is not offered (404)', async () => {
    chair = new ChairConsole(A);
    api.on('GET /api/polls/p2/missing', FakeApi.error(404, 'route.not_found'));
    await chair.loadMissing(poll('p2', 'i1', 2, 'open'));
    expect(chair.missingUnavailable).toBe(true);
    expect(chair.actionError).toBe('');
  });

  it('a shown missing list follows live changes: one request at a time, the last change always read', async () => {
    let answer = 0;
    let release: () => void = () => {};
    const row = (n: string) => ({
      memberId: n,
      memberNumber: n,
      name: n,
      votes: 1,
      channel: 'room',
      by: null,
    });
    api.on('GET /api/polls/p2/missing', async () => {
      answer += 1;
      if (answer === 2) await new Promise<void>((resolve) => (release = resolve));
      const members = [row('1002'), row('1003'), row('1004')].slice(answer - 1);
      return { body: { pollId: 'p2', total: members.length, votes: members.length, members } };
    });
    const open = poll('p2', 'i1', 2, 'open');
    chair = new ChairConsole(A);
    // Not shown yet: a live change loads nothing.
    await chair.followMissing(open);
    expect(api.callsTo('GET /api/polls/p2/missing')).toHaveLength(0);
    await chair.loadMissing(open);
    expect(chair.missing?.members.map((m) => m.memberNumber)).toEqual(['1002', '1003', '1004']);
    // Two changes while a request runs: one more request afterwards, not two.
    const first = chair.followMissing(open);
    await vi.waitFor(() => expect(answer).toBe(2));
    void chair.followMissing(open);
    void chair.followMissing(open);
    release();
    await first;
    expect(api.callsTo('GET /api/polls/p2/missing')).toHaveLength(3);
    expect(chair.missing?.members.map((m) => m.memberNumber)).toEqual(['1004']);
  });

  it('reports a failed load without throwing', async () => {
    api.on(`GET /api/assemblies/${A}/items`, FakeApi.error(403, 'auth.forbidden', 'Forbidden'));
    api.on(`GET /api/assemblies/${A}/objections`, { body: [] });
    chair = new ChairConsole(A);
    await chair.load();
    expect(chair.loadError).not.toBe('');
    expect(chair.items).toEqual([]);
  });
});
