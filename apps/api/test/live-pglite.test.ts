import type { LiveSnapshot } from '@plenum/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import { closePoll, declarePoll } from '../src/modules/polls/polls.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken } from './support/auth.ts';
import { chair, checkInAll, newAssembly, openItemPoll, seedMembers } from './support/fixtures.ts';
import { openSse, type SseClient } from './support/sse-client.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** One process on the embedded database: PGlite's own LISTEN/NOTIFY carries the changes. */
describe('live stream on the embedded PGlite database', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let client: SseClient | undefined;
  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'pglite' });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    client?.close();
    await app?.close();
    await database?.dispose();
  });

  it('streams the turnout of casts and then the declared result', async () => {
    const members = await seedMembers(database, 5);
    const assemblyId = await newAssembly(app.services);
    await checkInAll(database, assemblyId, members);
    const pollId = await openItemPoll(app.services, assemblyId);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = memberToken(app, members[0] as string, assemblyId);
    client = await openSse(`${base}/api/assemblies/${assemblyId}/events`, bearer(token));
    const snap = (e: { data: string }) => JSON.parse(e.data) as LiveSnapshot;
    await client.waitFor((e) => snap(e).turnout?.voted === 0);
    for (const memberId of members.slice(0, 3)) {
      await castBallots(app.services, { pollId, voterId: memberId, votes: [{ memberId, choice: 'yes' }] });
    }
    await client.waitFor((e) => snap(e).turnout?.voted === 3);
    await closePoll(app.services, pollId, chair);
    await declarePoll(app.services, pollId, { text: 'Angenommen.' }, chair);
    const declared = await client.waitFor((e) => snap(e).result !== null);
    expect(snap(declared)).toMatchObject({
      poll: { status: 'declared' },
      attendance: { present: 5 },
      result: { outcome: 'passed', counts: { yes: 3, no: 0 }, text: 'Angenommen.' },
    });
  });
});
