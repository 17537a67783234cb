import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeApi } from '../../../test/network';
import { StaffSession } from './staff-session.svelte';

const staff = (role: string) => ({ kind: 'staff', username: role, role, displayName: role });

describe('StaffSession', () => {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi().install();
  });
  afterEach(() => vi.unstubAllGlobals());

  it.each([
    ['chair', ['chair'], 'ok'],
    ['admin', ['desk'], 'ok'], // admin passes every check
    ['desk', ['chair', 'auditor'], 'forbidden'],
    ['auditor', [], 'forbidden'],
  ] as const)('lets %s see a screen for %j: %s', async (role, roles, kind) => {
    api.on('GET /api/auth/me', { body: { user: staff(role) } });
    const session = new StaffSession(roles);
    await session.check();
    expect(session.view.kind).toBe(kind);
    expect(session.user?.role ?? null).toBe(kind === 'ok' ? role : null);
  });

  it('refuses a member session on a staff screen', async () => {
    api.on('GET /api/auth/me', { body: { user: { kind: 'member', memberId: 'm1', assemblyId: 'a' } } });
    const session = new StaffSession(['chair']);
    await session.check();
    expect(session.view.kind).toBe('forbidden');
    expect(session.user).toBeNull();
  });

  it('is anonymous without a session (401) and shows other failures', async () => {
    api.on('GET /api/auth/me', FakeApi.error(401, 'auth.required'));
    const session = new StaffSession(['chair']);
    await session.check();
    expect(session.view).toEqual({ kind: 'anonymous' });
    api.on('GET /api/auth/me', FakeApi.error(500, 'server.error', 'kaputt'));
    await session.check();
    expect(session.view).toEqual({ kind: 'error', message: 'kaputt' });
  });

  it('is anonymous after logout even when the server did not answer', async () => {
    api.on('GET /api/auth/me', { body: { user: staff('chair') } });
    api.on('POST /api/auth/logout', { networkError: true });
    const session = new StaffSession(['chair']);
    await session.check();
    await expect(session.logout()).rejects.toMatchObject({ code: 'client.network' });
    expect(session.view).toEqual({ kind: 'anonymous' });
  });
});
