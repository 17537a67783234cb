import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '$lib/i18n';
import { FakeApi } from '../../../test/network';
import { MemberSession } from './member-session.svelte';

const A = 'asm-1';
const member = { kind: 'member', memberId: 'm1', memberNumber: '1001', assemblyId: A, name: 'Anna Abel' };
const polls = [
  { id: 'p1', status: 'declared' },
  { id: 'p2', status: 'open' },
  { id: 'p3', status: 'draft' },
];

describe('MemberSession', () => {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi()
      .on(`GET /api/assemblies/${A}`, { body: { id: A, form: 'hybrid', title: 'GV' } })
      .on(`GET /api/assemblies/${A}/items`, { body: [{ id: 'item-1' }] })
      .on(`GET /api/assemblies/${A}/polls`, { body: polls })
      .install();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads the assembly, agenda and polls; presence comes from the latest opened poll', async () => {
    api.on('GET /api/auth/me', { body: { user: member } });
    api.on('GET /api/polls/p2/my-votes', {
      body: { pollId: 'p2', status: 'open', present: true, votes: [], reason: null },
    });
    const session = new MemberSession(A);
    expect(session.view).toEqual({ kind: 'loading' });
    await session.load();
    expect(session.view).toEqual({ kind: 'ready' });
    expect(session.user?.memberId).toBe('m1');
    expect(session.canCheckInOnline).toBe(true);
    expect(session.itemById('item-1')).toEqual({ id: 'item-1' });
    expect(session.declaredPolls.map((p) => p.id)).toEqual(['p1']);
    expect(session.present).toBe(true);
    expect(api.callsTo('GET /api/polls/p3/my-votes')).toHaveLength(0);
  });

  it.each([
    ['a staff user', { body: { user: { kind: 'staff', username: 'chair' } } }, { kind: 'anonymous' }],
    [
      'a member of another assembly',
      { body: { user: { ...member, assemblyId: 'other' } } },
      { kind: 'other-assembly' },
    ],
    ['no session (401)', FakeApi.error(401, 'auth.required'), { kind: 'anonymous' }],
    [
      'a server failure',
      FakeApi.error(500, 'server.error', 'boom'),
      { kind: 'error', message: t('error.unknown', { message: 'boom' }) },
    ],
  ] as const)('shows %s as such and loads nothing else', async (_, answer, view) => {
    api.on('GET /api/auth/me', answer);
    const session = new MemberSession(A);
    await session.load();
    expect(session.view).toEqual(view);
    expect(session.user).toBeNull();
    expect(api.callsTo(`GET /api/assemblies/${A}`)).toHaveLength(0);
  });

  it('checks in online; "already present" counts as present, other refusals are shown', async () => {
    const session = new MemberSession(A);
    const route = `POST /api/assemblies/${A}/attendance/self`;
    api.on(route, { status: 204 });
    await session.checkIn();
    expect(session.present).toBe(true);
    expect(session.checkInBusy).toBe(false);

    session.present = false;
    api.on(route, FakeApi.error(409, 'attendance.already_present'));
    await session.checkIn();
    expect(session.present).toBe(true);
    expect(session.checkInError).toBeNull();

    session.present = false;
    api.on(route, FakeApi.error(409, 'attendance.channel_not_offered'));
    await session.checkIn();
    expect(session.present).toBe(false);
    expect(session.checkInError).toBe(t('error.attendance.channel_not_offered'));
  });

  it('reads the current votes; a draft poll says nothing about presence', async () => {
    const session = new MemberSession(A);
    api.on('GET /api/polls/p3/my-votes', {
      body: { pollId: 'p3', status: 'draft', present: false, votes: [], reason: null },
    });
    await session.loadCurrentVotes('p3');
    expect(session.currentVotes?.pollId).toBe('p3');
    expect(session.present).toBeNull();
    api.on('GET /api/polls/p2/my-votes', FakeApi.error(500, 'server.error'));
    await session.loadCurrentVotes('p2');
    expect(session.currentVotes).toBeNull();
    await session.loadCurrentVotes(null);
    expect(session.currentVotes).toBeNull();
  });

  it('without a connection it loads again by itself, saying so, and the vote link comes back', async () => {
    let down = 2;
    api.on('GET /api/auth/me', () => (down-- > 0 ? { networkError: true } : { body: { user: member } }));
    api.on(`GET /api/assemblies/${A}`, { body: { id: A, form: 'hybrid' } });
    api.on(`GET /api/assemblies/${A}/items`, { body: [] });
    api.on(`GET /api/assemblies/${A}/polls`, { body: [] });
    const views: string[] = [];
    const session: MemberSession = new MemberSession(A, {
      wait: async (ms: number): Promise<void> => {
        views.push(`${JSON.stringify(session.view)} ${ms}`);
      },
    });
    await session.load();
    expect(views).toEqual(['{"kind":"retrying","attempt":1} 1000', '{"kind":"retrying","attempt":2} 2000']);
    expect(session.view).toEqual({ kind: 'ready' });

    let votesDown = 3;
    api.on('GET /api/polls/p9/my-votes', () =>
      votesDown-- > 0
        ? { networkError: true }
        : { body: { pollId: 'p9', status: 'open', present: true, votes: [], reason: null } },
    );
    await session.loadCurrentVotes('p9');
    expect(api.callsTo('GET /api/polls/p9/my-votes')).toHaveLength(4);
    expect(session.currentVotes?.pollId).toBe('p9');
  });

  it('stops asking for a poll that is no longer on screen', async () => {
    api.on('GET /api/polls/p8/my-votes', { networkError: true });
    let session: MemberSession | undefined;
    session = new MemberSession(A, {
      wait: async (): Promise<void> => {
        if (api.callsTo('GET /api/polls/p8/my-votes').length === 2) await session?.loadCurrentVotes(null);
      },
    });
    await session.loadCurrentVotes('p8');
    expect(api.callsTo('GET /api/polls/p8/my-votes')).toHaveLength(2);
    expect(session.currentVotes).toBeNull();
  });

  it('logs out to the anonymous view', async () => {
    api.on('GET /api/auth/me', { body: { user: member } });
    api.on('GET /api/polls/p2/my-votes', {
      body: { pollId: 'p2', status: 'open', present: false, votes: [], reason: null },
    });
    api.on('POST /api/auth/logout', { status: 204 });
    const session = new MemberSession(A);
    await session.load();
    await session.logout();
    expect(api.callsTo('POST /api/auth/logout')).toHaveLength(1);
    expect(session.user).toBeNull();
    expect(session.view).toEqual({ kind: 'anonymous' });
  });
});
