import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { newAssembly, openItemPoll, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

describe.each(['events', 'live'] as const)('GET /api/assemblies/:assemblyId/%s (access)', (path) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  let otherAssemblyId: string;
  const url = (id: string) => `/api/assemblies/${id}/${path}`;

  beforeAll(async () => {
    database = await createTestDatabase({ driver: testDbMode() });
    app = await buildTestApp(database);
    members = await seedMembers(database, 3);
    assemblyId = await newAssembly(app.services);
    otherAssemblyId = await newAssembly(app.services);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('rejects without token (401 auth.required)', async () => {
    const res = await app.inject({ method: 'GET', url: url(assemblyId) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
  });

  it('rejects a member logged in to another assembly (403 auth.forbidden)', async () => {
    const token = memberToken(app, members[0] as string, otherAssemblyId);
    const res = await app.inject({ method: 'GET', url: url(assemblyId), headers: bearer(token) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.forbidden');
  });

  it('rejects an assembly id that is not a uuid (400 request.invalid)', async () => {
    const res = await app.inject({
      method: 'GET',
      url: url('nope'),
      headers: bearer(staffToken(app, 'chair')),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('request.invalid');
  });

  it('answers 404 assembly.not_found for an unknown assembly', async () => {
    const res = await app.inject({
      method: 'GET',
      url: url('00000000-0000-4000-8000-000000000000'),
      headers: bearer(staffToken(app, 'auditor')),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('assembly.not_found');
  });
});

describe('GET /api/assemblies/:assemblyId/live', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  beforeAll(async () => {
    database = await createTestDatabase({ driver: testDbMode() });
    app = await buildTestApp(database);
    members = await seedMembers(database, 3);
    assemblyId = await newAssembly(app.services);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('answers the snapshot to a member of the assembly and to any staff role', async () => {
    const pollId = await openItemPoll(app.services, assemblyId);
    for (const token of [memberToken(app, members[0] as string, assemblyId), staffToken(app, 'desk')]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/assemblies/${assemblyId}/live`,
        headers: bearer(token),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        assemblyId,
        status: expect.any(String),
        poll: { id: pollId, status: 'open', threshold: { num: expect.any(Number), den: expect.any(Number) } },
        turnout: { voted: 0, eligible: 3, excluded: 0 },
        attendance: { present: 0, represented: 0 },
        result: null,
      });
      expect(Number.isSafeInteger(res.json().seq)).toBe(true);
    }
  });
});
