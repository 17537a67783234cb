import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { t } from '$lib/i18n';
import { FakeApi, FakeEventSource } from '../../../test/network';
import { ProjectorState } from './member-projector.svelte';

const A = 'asm 1';
const enc = encodeURIComponent(A);

describe('ProjectorState', () => {
  let api: FakeApi;
  let projector: ProjectorState | undefined;
  beforeEach(() => {
    FakeEventSource.instances = [];
    vi.stubGlobal('EventSource', FakeEventSource);
    api = new FakeApi()
      .on(`GET /api/assemblies/${enc}`, { body: { id: A, title: 'GV 2026', code: 'K7M3QX' } })
      .on(`GET /api/assemblies/${enc}/items`, { body: [{ id: 'item-1' }] })
      .on(`GET /api/assemblies/${enc}/live`, FakeApi.error(503, 'server.unavailable'))
      .install();
  });
  afterEach(() => {
    projector?.stop();
    projector = undefined;
    vi.unstubAllGlobals();
  });

  it('asks for the staff login without a session, then shows the assembly live', async () => {
    api.on('GET /api/auth/me', FakeApi.error(401, 'auth.required'));
    projector = new ProjectorState(A, 'https://gv.example');
    expect(projector.joinAddress).toBe('https://gv.example/join');
    await projector.start();
    expect(projector.view).toEqual({ kind: 'login', error: null, busy: false });
    expect(FakeEventSource.instances).toHaveLength(0);

    api.on('POST /api/auth/staff/login', FakeApi.error(401, 'auth.invalid_credentials'));
    await projector.login('chair', 'falsch');
    expect(projector.view).toEqual({ kind: 'login', error: t('error.auth.invalid_staff'), busy: false });

    api.on('POST /api/auth/staff/login', { body: { user: { kind: 'staff', username: 'chair' } } });
    await projector.login('chair', 'richtig');
    expect(projector.view).toEqual({ kind: 'ready' });
    expect(projector.title).toBe('GV 2026');
    // The QR code leads to the join page with the assembly's short code filled in.
    expect(projector.code).toBe('K7M3QX');
    expect(projector.joinUrl).toBe('https://gv.example/join?code=K7M3QX');
    expect(projector.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(FakeEventSource.latest().url).toBe(`/api/assemblies/${enc}/events`);
  });

  it('shows a member session the login too, and reads a declared poll once', async () => {
    api.on('GET /api/auth/me', { body: { user: { kind: 'member', memberId: 'm1' } } });
    projector = new ProjectorState(A, 'https://gv.example');
    await projector.start();
    expect(projector.view.kind).toBe('login');

    api.on('GET /api/polls/p1', { body: { id: 'p1', agendaItemId: 'item-2', status: 'declared' } });
    await projector.loadDeclared('p1');
    // The poll's item was not known yet: the agenda is read again.
    expect(api.callsTo(`GET /api/assemblies/${enc}/items`)).toHaveLength(1);
    expect(projector.declaredPoll?.id).toBe('p1');
    await projector.loadDeclared('p1');
    expect(api.callsTo('GET /api/polls/p1')).toHaveLength(1);
  });
});
