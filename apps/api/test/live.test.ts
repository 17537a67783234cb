import type { LiveSnapshot } from '@plenum/contracts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createDatabase, type Database } from '../src/db/database.ts';
import { systemRandom } from '../src/deps.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { eventId } from '../src/modules/live/live.stream.ts';
import { closePoll, declarePoll } from '../src/modules/polls/polls.service.ts';
import { buildTestApp, testConfig } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { chair, checkInAll, newAssembly, openItemPoll, seedMembers } from './support/fixtures.ts';
import { openSse, type SseClient } from './support/sse-client.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const seqOf = (id: string | undefined) => Number((id ?? '').split('.')[0]);

/** An API instance as a process would build it; each draws its own random ids. */
const buildInstance = (db: Database) =>
  buildApp({
    config: testConfig(),
    db,
    clock: testClock(),
    random: systemRandom,
    logger: pino({ level: 'silent' }),
  });

/** Two API processes on one PostgreSQL database: A serves the streams, B takes the casts. */
describe('live stream across two API instances on PostgreSQL', () => {
  let database: TestDatabase;
  let databaseB: Database;
  let appA: FastifyInstance;
  let appB: FastifyInstance;
  let baseA: string;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  const clients: SseClient[] = [];

  const cast = (pollId: string, memberId: string, choice = 'yes') =>
    castBallots(appB.services, { pollId, voterId: memberId, votes: [{ memberId, choice }] });
  const connect = async (headers: Record<string, string> = {}, memberId = members[0] as string) => {
    const token = memberToken(appA, memberId, assemblyId);
    const client = await openSse(`${baseA}/api/assemblies/${assemblyId}/events`, {
      ...bearer(token),
      ...headers,
    });
    clients.push(client);
    return client;
  };
  const voted = (n: number) => (e: { data: string }) =>
    (JSON.parse(e.data) as LiveSnapshot).turnout?.voted === n;

  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'postgres' });
    databaseB = await createDatabase({ databaseUrl: database.url, dataDir: '/nonexistent', poolSize: 20 });
    // Two processes draw different random ids (the test app's counter would repeat them).
    appA = await buildInstance(database);
    appB = await buildInstance(databaseB);
    baseA = await appA.listen({ port: 0, host: '127.0.0.1' });
    await appB.listen({ port: 0, host: '127.0.0.1' });
    // Every change goes through instance B's services, so it is published like in production.
    ctx = appB.services;
    members = await seedMembers(database, 260);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await appA?.close();
    await appB?.close();
    await databaseB?.close();
    await database?.dispose();
  });

  it('an SSE client of instance A sees a ballot cast through instance B', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const client = await connect();
    expect(client.status).toBe(200);
    expect(client.response.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(client.response.headers['cache-control']).toMatch(/no-cache/);
    expect(client.response.headers['x-accel-buffering']).toBe('no');
    const first = await client.waitFor(() => true);
    expect(first.event).toBe('snapshot');
    expect(client.retry).toBe(2000);
    const snapshot = JSON.parse(first.data) as LiveSnapshot;
    expect(first.id).toBe(eventId(snapshot));
    expect(snapshot).toMatchObject({
      assemblyId,
      poll: { id: pollId, status: 'open', secret: false },
      turnout: { voted: 0, eligible: 260, excluded: 0 },
      attendance: { present: 260, represented: 0 },
      result: null,
    });
    await cast(pollId, members[0] as string);
    const next = await client.waitFor(voted(1));
    // The cast may be read into a snapshot a moment before its number is drawn (the number comes
    // with the NOTIFY after the commit): the sequence never goes back, the content id moves.
    expect(seqOf(next.id)).toBeGreaterThanOrEqual(snapshot.seq);
    expect(next.id).not.toBe(first.id);
    await closePoll(appB.services, pollId, chair);
  });

  it('resumes with Last-Event-ID: an older id gets the current snapshot at once, a current one waits', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const first = await connect();
    const seen = await first.waitFor(voted(0));
    first.close();
    await cast(pollId, members[1] as string);
    const staff = bearer(staffToken(appA, 'chair'));
    const url = `/api/assemblies/${assemblyId}/live`;
    // Wait until instance A has taken the cast in (a NOTIFY away), without a fixed sleep.
    await vi.waitFor(async () => {
      const current: LiveSnapshot = (await appA.inject({ method: 'GET', url, headers: staff })).json();
      expect(current.seq).toBeGreaterThan(seqOf(seen.id));
      expect(current.turnout?.voted).toBe(1);
    });

    const resumed = await connect({ 'last-event-id': String(seen.id) });
    const event = await resumed.waitFor(() => true, 1_000);
    expect(seqOf(event.id)).toBeGreaterThan(seqOf(seen.id));
    expect(JSON.parse(event.data)).toMatchObject({ turnout: { voted: 1 } });

    // Up to date: nothing is resent, the next change arrives as usual. A resent snapshot would be
    // written at subscribe, before the cast below, so it would come first on the stream.
    const upToDate = await connect({ 'last-event-id': event.id ?? '' });
    await cast(pollId, members[2] as string);
    await upToDate.waitFor(voted(2));
    expect(upToDate.events.map((e) => (JSON.parse(e.data) as LiveSnapshot).turnout?.voted)).toEqual([2]);
    await closePoll(appB.services, pollId, chair);
  });

  it('resumes by content: the same sequence number with other content gets the current snapshot', async () => {
    const staff = bearer(staffToken(appA, 'chair'));
    const url = `/api/assemblies/${assemblyId}/live`;
    const current: LiveSnapshot = (await appA.inject({ method: 'GET', url, headers: staff })).json();
    // A client that read a state a moment before its change was numbered holds this id.
    const stale = await connect({ 'last-event-id': `${current.seq}.000000000000` });
    const event = await stale.waitFor(() => true, 1_000);
    expect(event.id).toBe(eventId(current));
    // Malformed ids count as none: the snapshot is sent.
    for (const id of ['x', '1.2', `${current.seq}.ABCDEF123456`, '-1']) {
      const client = await connect({ 'last-event-id': id });
      expect((await client.waitFor(() => true, 1_000)).event).toBe('snapshot');
    }
  });

  it('R23, R29: no interim counts while a poll is open; the declared result once declared', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const client = await connect();
    await client.waitFor(voted(0));
    await cast(pollId, members[3] as string, 'yes');
    await cast(pollId, members[4] as string, 'no');
    await cast(pollId, members[5] as string, 'yes');
    await client.waitFor(voted(3));
    for (const e of client.events) {
      expect(e.data).not.toMatch(/"(yes|no|abstain|counts)"/);
      expect(JSON.parse(e.data)).toMatchObject({ result: null });
    }
    await closePoll(appB.services, pollId, chair);
    await declarePoll(appB.services, pollId, { text: 'Der Antrag ist angenommen.' }, chair);
    const declared = await client.waitFor(
      (e) => (JSON.parse(e.data) as LiveSnapshot).poll?.status === 'declared',
    );
    expect(JSON.parse(declared.data)).toMatchObject({
      poll: { id: pollId, status: 'declared' },
      turnout: { voted: 3 },
      result: {
        outcome: 'passed',
        counts: { yes: 2, no: 1, abstain: 0, invalid: 0 },
        excluded: 0,
        text: 'Der Antrag ist angenommen.',
      },
    });
    // Closed but not yet declared: still no counts (R29: decided only once declared).
    for (const e of client.events.filter((e) => !e.data.includes('"declared"'))) {
      expect(JSON.parse(e.data)).toMatchObject({ result: null });
    }
  });

  it('reconnects LISTEN after its connection is killed and refreshes the streams', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const client = await connect();
    await client.waitFor(voted(0));
    const { rows } = await sql<{ n: number }>`
      SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND query ILIKE 'LISTEN%'`.execute(database.db);
    expect(rows[0]?.n).toBeGreaterThanOrEqual(1);
    await cast(pollId, members[6] as string);
    await client.waitFor(voted(1), 10_000);
    await closePoll(appB.services, pollId, chair);
  });

  it('app.close() ends the open streams (graceful shutdown)', async () => {
    const app = await buildTestApp(database);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const token = memberToken(app, members[0] as string, assemblyId);
    const client = await openSse(`${base}/api/assemblies/${assemblyId}/events`, bearer(token));
    await client.waitFor(() => true);
    await app.close();
    await client.waitForEnd(2_000);
  });
});
