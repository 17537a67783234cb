import { sql } from 'kysely';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../apps/api/src/db/database.ts';
import { inParallel } from '../../apps/api/test/scenario-helpers.ts';
import { seedMembers } from '../../apps/api/test/support/fixtures.ts';
import { freePort } from '../../apps/api/test/support/server-process.ts';
import { openSse, type SseClient } from '../../apps/api/test/support/sse-client.ts';
import { Cluster } from './support/cluster.ts';
import {
  ApiProcess,
  CHOICES,
  call,
  castUntilAnswered,
  closeAndAudit,
  openSecretPoll,
  report,
  scale,
  tokens,
} from './support/plenum.ts';

const skip = inject('chaos').skip;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface HealthSample {
  at: number;
  status: number;
  reason?: string;
}

describe.skipIf(skip !== null)('chaos: PostgreSQL faults under an API in use', () => {
  let cluster: Cluster | undefined;
  let api: ApiProcess | undefined;
  let database: Database | undefined;
  let sse: SseClient | undefined;
  afterAll(async () => {
    sse?.close();
    await api?.stop();
    await database?.close();
    await cluster?.destroy();
  });

  it('chaos: PostgreSQL restarted and backends terminated mid-cast: the API stays up, answers 503 meanwhile, and every acknowledged ballot is counted once', async () => {
    const members = scale(2000, 400);
    const castsPerSecond = scale(100, 50);
    cluster = await Cluster.start();
    await cluster.query('CREATE DATABASE plenum');
    const settings = ApiProcess.settings(cluster.url('plenum'));
    api = new ApiProcess(settings, await freePort());
    const server = api;
    const pg = cluster;
    await server.healthy();
    database = await createDatabase({
      databaseUrl: settings.DATABASE_URL,
      dataDir: '/nonexistent',
      poolSize: 4,
    });
    const db = database.db;
    const memberIds = await seedMembers(database, members);
    let assemblyId = '';
    const t = tokens(settings.PLENUM_JWT_SECRET, () => assemblyId);
    const opened = await openSecretPoll(server.base, t, memberIds);
    assemblyId = opened.assemblyId;
    const { pollId } = opened;
    // A projector watching the live stream throughout.
    sse = await openSse(`${server.base}/api/assemblies/${assemblyId}/events`, {
      authorization: `Bearer ${t.chair}`,
    });
    expect(sse.status).toBe(200);
    const stream = sse;

    // /api/health sampled every 100 ms for the whole run.
    const health: HealthSample[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const sample = await call(server.base, 'GET', '/api/health').then(
          (r) => ({ at: Date.now(), status: r.status, reason: r.body?.reason as string | undefined }),
          () => ({ at: Date.now(), status: 0 }),
        );
        health.push(sample);
        await sleep(100);
      }
    })();

    // Members cast at a steady rate, each until the API answers (after a 503 they try again).
    let acknowledged = 0;
    const started = Date.now();
    const casting = inParallel(memberIds, 64, async (memberId, i) => {
      await sleep(started + (i * 1000) / castsPerSecond - Date.now());
      const outcome = await castUntilAnswered(
        () => server.base,
        pollId,
        t.member(memberId),
        memberId,
        CHOICES[i % 3] as string,
      );
      if (outcome.receipt) acknowledged += 1;
      return outcome;
    });

    // The faults, one after the other while the casts go on.
    const acks = async (share: number) => {
      while (acknowledged < members * share) await sleep(10);
    };
    const figures: Record<string, number | string> = {};
    const fault = async (name: string, cause: () => Promise<void>) => {
      const begin = Date.now();
      await cause();
      const databaseBack = Date.now();
      await server.healthy();
      const healthy = Date.now();
      figures[`${name}: database down, ms`] = databaseBack - begin;
      figures[`${name}: API healthy after, ms`] = healthy - databaseBack;
      expect(server.alive).toBe(true);
    };
    await acks(0.2);
    await fault('pg_ctl restart -m fast', () => pg.restartFast());
    await acks(0.4);
    let terminated = 0;
    await fault('pg_terminate_backend', async () => {
      terminated = await pg.terminateBackends('plenum');
    });
    await acks(0.6);
    await fault('kill -9 of the postmaster', async () => {
      pg.killPostmaster();
      await sleep(1000); // an outage long enough for casts and health checks to meet it
      await pg.startAgain();
    });
    const lastFaultOver = Date.now();
    const outcomes = await casting;
    const castMs = Date.now() - started;

    // Still the same process, never a 500, and 503 with Retry-After while the database was away.
    expect(server.alive).toBe(true);
    expect(server.running.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(outcomes.flatMap((o) => o.unexpected)).toEqual([]);
    const unavailable = outcomes.reduce((n, o) => n + o.unavailable, 0);
    expect(unavailable).toBeGreaterThan(0);
    expect(outcomes.reduce((n, o) => n + o.networkErrors, 0)).toBe(0);
    expect(terminated).toBeGreaterThan(0);
    // /api/health reported the outage with a reason, and the recovery.
    const down = health.filter((h) => h.status === 503);
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((h) => typeof h.reason === 'string' && h.reason.length > 0)).toBe(true);
    expect(health.every((h) => h.status === 200 || h.status === 503)).toBe(true);
    expect(health.at(-1)?.status).toBe(200);

    // Every participation row written through the faults has its sealed ballot: nothing half
    // written survived a broken connection (the cast is one transaction).
    const stored = async (table: 'participation' | 'sealed_ballots') =>
      (
        await db
          .selectFrom(table)
          .select(sql<number>`count(*)::int`.as('n'))
          .where('poll_id', '=', pollId)
          .executeTakeFirstOrThrow()
      ).n;
    expect(await stored('sealed_ballots')).toBe(await stored('participation'));

    // The live stream's LISTEN came back: the projector sees every vote counted in its turnout.
    const receipts = outcomes.flatMap((o) => (o.receipt ? [o.receipt] : []));
    const duplicates = outcomes.filter((o) => o.duplicateAfterRetry).length;
    const final = await stream.waitFor(
      (e) => e.event === 'snapshot' && JSON.parse(e.data).turnout?.voted === members,
      30_000,
    );
    const framesAfterLastFault = stream.events.filter(
      (e) => e.event === 'snapshot' && e.at >= performance.now() - (Date.now() - lastFaultOver),
    ).length;
    expect(final).toBeDefined();
    watching = false;
    await watcher;

    // The chair closes the poll while the database is stopped: 503, and nothing changed; once it
    // is back, the same close goes through.
    await pg.stopFast();
    const refusedClose = await call(server.base, 'POST', `/api/polls/${pollId}/close`, t.chair);
    expect(refusedClose).toMatchObject({
      status: 503,
      retryAfter: '2',
      body: { error: { code: 'server.unavailable' } },
    });
    const downHealth = await call(server.base, 'GET', '/api/health');
    expect(downHealth).toMatchObject({
      status: 503,
      body: { status: 'unavailable', reason: expect.any(String) },
    });
    await pg.startAgain();
    await server.healthy();
    expect((await call(server.base, 'GET', `/api/polls/${pollId}`, t.chair)).body.status).toBe('open');
    const audit = await closeAndAudit(server.base, t, assemblyId, pollId, receipts);
    report('PostgreSQL restarted, backends terminated, postmaster killed, mid-cast', {
      'casts (members)': members,
      'acknowledged (201)': receipts.length,
      'committed, answer lost (409 on retry)': duplicates,
      '503 answers to casts': unavailable,
      '500 answers': 0,
      'health checks answered 503': down.length,
      'close while stopped': `${refusedClose.status} ${refusedClose.body.error.code}, then 200`,
      'backends terminated': terminated,
      ...figures,
      'live snapshots after the last fault': framesAfterLastFault,
      'acknowledged receipts counted': audit.receiptsCounted,
      'ballots counted': audit.ballots,
      participation: audit.participation,
      'all casts answered, ms': castMs,
    });
    expect(audit.receiptsCounted).toBe(receipts.length);
    expect(receipts.length + duplicates).toBe(members);
    expect(audit.ballots).toBe(audit.participation);
    expect(audit.participation).toBe(members);
    expect(audit.verifierViolations).toEqual([]);
    expect(server.alive).toBe(true);
  });
});
