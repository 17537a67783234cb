import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { checkInAll, newAssembly, openItemPoll, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** GET /api/polls/:pollId/missing: who on the roll has not voted yet (chair only). */
describe('poll missing voters', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  let pollId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    members = await seedMembers(database, 4);
    const ctx = serviceContext(database);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
    pollId = await openItemPoll(ctx, assemblyId, 'motion');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const url = () => `/api/polls/${pollId}/missing`;

  it('401 without a token', async () => {
    expect((await app.inject({ url: url() })).statusCode).toBe(401);
  });

  it('403 for a member and for the desk', async () => {
    const member = bearer(memberToken(app, members[0] as string, assemblyId));
    expect((await app.inject({ url: url(), headers: member })).statusCode).toBe(403);
    expect((await app.inject({ url: url(), headers: bearer(staffToken(app, 'desk')) })).statusCode).toBe(403);
  });

  it('400 for a malformed id, 404 for an unknown poll', async () => {
    const chair = bearer(staffToken(app, 'chair'));
    expect((await app.inject({ url: '/api/polls/not-a-uuid/missing', headers: chair })).statusCode).toBe(400);
    const unknown = await app.inject({
      url: '/api/polls/00000000-0000-4000-8000-000000000000/missing',
      headers: chair,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('R25: 200 lists everyone present who has not voted, and drops a member once they vote', async () => {
    const chair = bearer(staffToken(app, 'chair'));
    const before = await app.inject({ url: url(), headers: chair });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().total).toBe(4);
    const voter = members[0] as string;
    const cast = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/votes`,
      headers: bearer(memberToken(app, voter, assemblyId)),
      payload: { votes: [{ memberId: voter, choice: 'yes' }] },
    });
    expect(cast.statusCode, cast.body).toBe(201);
    const after = (await app.inject({ url: url(), headers: chair })).json();
    expect(after.total).toBe(3);
    expect(after.members.map((m: { memberId: string }) => m.memberId)).not.toContain(voter);
    expect(Object.keys(after.members[0]).sort()).toEqual([
      'by',
      'channel',
      'memberId',
      'memberNumber',
      'name',
      'votes',
    ]);
  });
});
