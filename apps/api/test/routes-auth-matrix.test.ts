import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../src/http/auth.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const P = '00000000-0000-4000-8000-00000000000b';
const I = '00000000-0000-4000-8000-00000000000c';

/** Each route of the lead's areas: who may call it, and a role that may not. */
const ROUTES: { method: 'GET' | 'POST' | 'PATCH' | 'PUT'; url: string; wrong: StaffRole | 'member' }[] = [
  { method: 'POST', url: '/api/assemblies', wrong: 'chair' },
  { method: 'GET', url: '/api/assemblies', wrong: 'member' },
  { method: 'PATCH', url: `/api/assemblies/${A}`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/items`, wrong: 'chair' },
  { method: 'POST', url: `/api/assemblies/${A}/items/${I}/candidates`, wrong: 'auditor' },
  { method: 'PUT', url: `/api/assemblies/${A}/current-item`, wrong: 'desk' },
  { method: 'PATCH', url: `/api/assemblies/${A}/items/${I}`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/items/${I}/documents?filename=a.pdf`, wrong: 'member' },
  { method: 'PUT', url: `/api/assemblies/${A}/items/${I}/candidates/${P}/statement`, wrong: 'auditor' },
  { method: 'PUT', url: `/api/assemblies/${A}/items/${I}/candidates/${P}/photo`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/convene`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/open`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/close`, wrong: 'auditor' },
  { method: 'POST', url: `/api/assemblies/${A}/polls`, wrong: 'desk' },
  { method: 'POST', url: `/api/polls/${P}/open`, wrong: 'auditor' },
  { method: 'POST', url: `/api/polls/${P}/declaration-corrections`, wrong: 'desk' },
  { method: 'POST', url: `/api/polls/${P}/close`, wrong: 'member' },
  { method: 'POST', url: `/api/polls/${P}/declare`, wrong: 'desk' },
  { method: 'POST', url: `/api/polls/${P}/acceptances`, wrong: 'auditor' },
  { method: 'POST', url: `/api/polls/${P}/votes`, wrong: 'chair' },
  { method: 'GET', url: `/api/polls/${P}/my-votes`, wrong: 'chair' },
  { method: 'GET', url: `/api/assemblies/${A}/my-receipts`, wrong: 'chair' },
  { method: 'POST', url: `/api/polls/${P}/advance-votes`, wrong: 'chair' },
  { method: 'POST', url: `/api/assemblies/${A}/attendance/check-in`, wrong: 'auditor' },
  { method: 'POST', url: `/api/assemblies/${A}/attendance/check-out`, wrong: 'member' },
  { method: 'POST', url: `/api/assemblies/${A}/attendance/self`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/proxies`, wrong: 'auditor' },
  { method: 'GET', url: `/api/assemblies/${A}/proxies`, wrong: 'member' },
  { method: 'POST', url: `/api/assemblies/${A}/proxies/${P}/revoke`, wrong: 'auditor' },
  { method: 'POST', url: `/api/assemblies/${A}/objections`, wrong: 'auditor' },
  { method: 'GET', url: `/api/assemblies/${A}/objections`, wrong: 'desk' },
  { method: 'GET', url: `/api/assemblies/${A}/tellers`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/tellers`, wrong: 'teller' },
  { method: 'GET', url: `/api/assemblies/${A}/hall-counts`, wrong: 'member' },
  { method: 'POST', url: `/api/polls/${P}/hall-count`, wrong: 'chair' },
  { method: 'POST', url: `/api/assemblies/${A}/floor-motions`, wrong: 'chair' },
  { method: 'GET', url: `/api/assemblies/${A}/floor-motions/mine`, wrong: 'chair' },
  { method: 'GET', url: `/api/assemblies/${A}/floor-motions`, wrong: 'member' },
  { method: 'POST', url: `/api/assemblies/${A}/floor-motions/${P}/admit`, wrong: 'desk' },
  { method: 'POST', url: `/api/assemblies/${A}/floor-motions/${P}/reject`, wrong: 'member' },
  { method: 'POST', url: `/api/assemblies/${A}/floor-motions/vote`, wrong: 'auditor' },
  { method: 'POST', url: `/api/assemblies/${A}/floor-motions/${P}/result`, wrong: 'desk' },
];

describe('routes: authentication and roles', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let memberId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    [memberId] = (await seedMembers(database, 1)) as [string];
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it.each(ROUTES)('$method $url rejects without token', async ({ method, url }) => {
    const res = await app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
  });

  it.each(ROUTES)('$method $url rejects the wrong role ($wrong)', async ({ method, url, wrong }) => {
    const token = wrong === 'member' ? memberToken(app, memberId, A) : staffToken(app, wrong);
    const res = await app.inject({
      method,
      url,
      headers: bearer(token),
      payload: method === 'GET' ? undefined : {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('a member token opens only its own assembly', async () => {
    const ctx = serviceContext(database);
    const own = await newAssembly(ctx);
    const other = await newAssembly(ctx);
    const token = memberToken(app, memberId, own);
    expect((await app.inject({ url: `/api/assemblies/${own}`, headers: bearer(token) })).statusCode).toBe(
      200,
    );
    const res = await app.inject({ url: `/api/assemblies/${other}`, headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('assembly.access_denied');
  });
});
