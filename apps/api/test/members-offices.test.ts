import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { newAssembly, openItemPoll, pick, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('board offices: /api/offices', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  let members: string[];
  const add = (payload: Record<string, unknown>, token = admin) =>
    app.inject({ method: 'POST', url: '/api/offices', headers: bearer(token), payload });
  const officeCount = async () => (await database.db.selectFrom('offices').select('id').execute()).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    admin = staffToken(app, 'admin');
    members = await seedMembers(database, 10);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('adds a term (201) and records office.added in the ledger', async () => {
    const [m0] = pick(members, 0);
    const res = await add({ memberId: m0, body: 'supervisory_board', from: '2023-07-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      memberId: m0,
      memberNumber: 'M000001',
      body: 'supervisory_board',
      from: '2023-07-01',
      to: null,
    });
    const entry = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'office.added')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({
      memberId: m0,
      body: 'supervisory_board',
      from: '2023-07-01',
      to: null,
    });
  });

  it('refuses an overlapping term of the same person on the same body (409 offices.overlap), allows another body', async () => {
    const [m0] = pick(members, 0);
    const before = await officeCount();
    const clash = await add({
      memberId: m0,
      body: 'supervisory_board',
      from: '2020-01-01',
      to: '2023-07-01',
    });
    expect([clash.statusCode, clash.json().error.code]).toEqual([409, 'offices.overlap']);
    expect(await officeCount()).toBe(before);
    const earlier = await add({
      memberId: m0,
      body: 'supervisory_board',
      from: '2020-01-01',
      to: '2023-06-30',
    });
    expect(earlier.statusCode).toBe(201);
    const other = await add({ memberId: m0, body: 'prokura', from: '2020-01-01' });
    expect(other.statusCode).toBe(201);
  });

  it('refuses a term ending before it starts (422 offices.invalid_period), an unknown member (404), bad input (400)', async () => {
    const [m1] = pick(members, 1);
    const before = await officeCount();
    const period = await add({
      memberId: m1,
      body: 'management_board',
      from: '2024-01-02',
      to: '2024-01-01',
    });
    expect([period.statusCode, period.json().error.code]).toEqual([422, 'offices.invalid_period']);
    const unknown = await add({
      memberId: '00000000-0000-4000-8000-000000000000',
      body: 'management_board',
      from: '2024-01-01',
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'member.not_found']);
    for (const payload of [
      { memberId: m1, body: 'kitchen', from: '2024-01-01' },
      { memberId: m1, body: 'management_board', from: '01.01.2024' },
      { memberId: m1, body: 'management_board', from: '2024-02-30' },
      { memberId: m1, body: 'management_board' },
      { memberId: m1, body: 'management_board', from: '2024-01-01', role: 'chair' },
    ]) {
      const res = await add(payload);
      expect(res.statusCode).toBe(400);
    }
    expect(await officeCount()).toBe(before);
  });

  it('ends a term with PATCH (office.ended); not twice (409), not before it starts (422), unknown id (404)', async () => {
    const [m2] = pick(members, 2);
    const created = (await add({ memberId: m2, body: 'management_board', from: '2021-01-01' })).json();
    const patch = (id: string, to: string, token = admin) =>
      app.inject({ method: 'PATCH', url: `/api/offices/${id}`, headers: bearer(token), payload: { to } });
    const early = await patch(created.id, '2020-12-31');
    expect([early.statusCode, early.json().error.code]).toEqual([422, 'offices.invalid_period']);
    const ended = await patch(created.id, '2025-06-30');
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: created.id, to: '2025-06-30' });
    const twice = await patch(created.id, '2025-07-31');
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'offices.already_ended']);
    const unknown = await patch('00000000-0000-4000-8000-000000000000', '2025-07-31');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'offices.not_found']);
    expect((await patch(created.id, 'soon')).statusCode).toBe(400);
    const entries = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'office.ended')
      .execute();
    expect(entries.map((e) => e.payload)).toEqual([
      expect.objectContaining({ officeId: created.id, to: '2025-06-30' }),
    ]);
  });

  it('lists terms for admin, chair and auditor, filtered by member, body and day', async () => {
    const [m0] = pick(members, 0);
    for (const role of ['admin', 'chair', 'auditor'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/offices',
        headers: bearer(staffToken(app, role)),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(4);
    }
    const filtered = await app.inject({
      method: 'GET',
      url: `/api/offices?memberId=${m0}&body=supervisory_board&on=2024-01-01`,
      headers: bearer(admin),
    });
    expect(filtered.json().items.map((o: { from: string }) => o.from)).toEqual(['2023-07-01']);
    const bad = await app.inject({ method: 'GET', url: '/api/offices?body=x', headers: bearer(admin) });
    expect(bad.statusCode).toBe(400);
  });

  it('R10: a supervisory-board term added through the API excludes that member from a collective discharge of that body (§43(6))', async () => {
    const [boardMember, other] = pick(members, 5, 6);
    const res = await add({
      memberId: boardMember,
      body: 'supervisory_board',
      from: '2024-01-01',
      to: '2025-03-31',
    });
    expect(res.statusCode).toBe(201);
    const ctx = serviceContext(database);
    const assemblyId = await newAssembly(ctx);
    const pollId = await openItemPoll(ctx, assemblyId, 'discharge_supervisory_board', {
      discharge: { mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } },
    });
    const roll = await database.db
      .selectFrom('poll_roll')
      .select(['member_id', 'status'])
      .where('poll_id', '=', pollId)
      .where('member_id', 'in', [boardMember, other])
      .execute();
    const status = Object.fromEntries(roll.map((r) => [r.member_id, r.status]));
    expect(status[boardMember]).toBe('excluded');
    expect(status[other]).toBe('eligible');
  });

  it('every route rejects without token (401) and the wrong role (403)', async () => {
    const [m3] = pick(members, 3);
    const id = '00000000-0000-4000-8000-000000000000';
    const routes = [
      {
        method: 'POST' as const,
        url: '/api/offices',
        payload: { memberId: m3, body: 'management_board', from: '2024-01-01' },
        roles: ['chair', 'auditor', 'desk'] as const,
      },
      { method: 'GET' as const, url: '/api/offices', roles: ['desk'] as const },
      {
        method: 'PATCH' as const,
        url: `/api/offices/${id}`,
        payload: { to: '2024-01-01' },
        roles: ['chair', 'auditor', 'desk'] as const,
      },
    ];
    for (const { roles, ...route } of routes) {
      const anon = await app.inject(route);
      expect([route.method, anon.statusCode, anon.json().error.code]).toEqual([
        route.method,
        401,
        'auth.required',
      ]);
      for (const role of roles) {
        const res = await app.inject({ ...route, headers: bearer(staffToken(app, role)) });
        expect([route.method, role, res.statusCode, res.json().error.code]).toEqual([
          route.method,
          role,
          403,
          'auth.forbidden',
        ]);
      }
    }
  });
});
