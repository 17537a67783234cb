import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../apps/api/src/db/database.ts';
import { migrateToLatest } from '../../apps/api/src/db/migrate.ts';
import { inParallel } from '../../apps/api/test/scenario-helpers.ts';
import { seedMembers } from '../../apps/api/test/support/fixtures.ts';
import { freePort } from '../../apps/api/test/support/server-process.ts';
import { Cluster } from './support/cluster.ts';
import {
  ApiProcess,
  CHOICES,
  call,
  closeAndAudit,
  openSecretPoll,
  type Reply,
  report,
  scale,
  tokens,
} from './support/plenum.ts';

const skip = inject('chaos').skip;

describe.skipIf(skip !== null)('chaos: several API processes', () => {
  let cluster: Cluster | undefined;
  let database: Database | undefined;
  const apis: ApiProcess[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await database?.close();
    await cluster?.destroy();
  });

  it('chaos: two API processes on one database, the same member casting through both at once, yield one ballot', async () => {
    const members = scale(1000, 200);
    // A private cluster: two pools of 20 connections need room a busy shared server may not have.
    cluster = await Cluster.start();
    await cluster.query('CREATE DATABASE plenum');
    const settings = ApiProcess.settings(cluster.url('plenum'));
    // Migrated first, so the two processes start side by side with nothing left to migrate.
    database = await createDatabase({
      databaseUrl: settings.DATABASE_URL,
      dataDir: '/nonexistent',
      poolSize: 2,
    });
    await migrateToLatest(database.db);
    const [a, b] = [new ApiProcess(settings, await freePort()), new ApiProcess(settings, await freePort())];
    apis.push(a, b);
    await Promise.all([a.healthy(), b.healthy()]);
    const memberIds = await seedMembers(database, members);
    let assemblyId = '';
    const t = tokens(settings.PLENUM_JWT_SECRET, () => assemblyId);
    const opened = await openSecretPoll(a.base, t, memberIds);
    assemblyId = opened.assemblyId;
    const { pollId } = opened;

    // Each member sends a vote through A and a different one through B at the same moment (two
    // devices, or a retry through another process behind the load balancer).
    let unavailable = 0;
    const started = Date.now();
    const pairs = await inParallel(memberIds, 32, async (memberId, i) => {
      const token = t.member(memberId);
      // A 503 (say, the server has no free connection) is tried again, as the web app does: what
      // counts is the answer each request ends with.
      const cast = async (api: ApiProcess, choice: string): Promise<Reply> => {
        for (;;) {
          const reply = await call(api.base, 'POST', `/api/polls/${pollId}/votes`, token, {
            votes: [{ memberId, choice }],
          });
          if (reply.status !== 503) return reply;
          unavailable += 1;
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      // Which request leaves first alternates, so neither process is favoured.
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const sent = [cast(first, CHOICES[i % 3] as string), cast(second, CHOICES[(i + 1) % 3] as string)];
      const [viaFirst, viaSecond] = await Promise.all(sent);
      return (first === a ? [viaFirst, viaSecond] : [viaSecond, viaFirst]) as [Reply, Reply];
    });
    const castMs = Date.now() - started;
    const statuses = pairs.map(([x, y]) => [x.status, y.status].sort().join('+'));
    const acceptedThrough = { a: pairs.filter(([x]) => x.status === 201).length, b: 0 };
    acceptedThrough.b = pairs.filter(([, y]) => y.status === 201).length;
    // Exactly one of the two is accepted; the other is refused as a duplicate, whichever came second.
    expect(statuses.filter((s) => s !== '201+409')).toEqual([]);
    for (const [x, y] of pairs) {
      const refused = x.status === 409 ? x : y;
      expect(refused.body.error.code).toBe('vote.duplicate');
    }
    const receipts = pairs.map(([x, y]) => (x.status === 201 ? x : y).body.receipts[0].receipt as string);

    // Closed through B, audited there: one ballot per member, each acknowledged receipt counted.
    const audit = await closeAndAudit(b.base, t, assemblyId, pollId, receipts);
    report('two API processes, each member casting through both at once', {
      members,
      'accepted through A': acceptedThrough.a,
      'accepted through B': acceptedThrough.b,
      'refused as duplicates (409)': pairs.length,
      '503 answers, tried again': unavailable,
      'acknowledged receipts counted': audit.receiptsCounted,
      'ballots counted': audit.ballots,
      participation: audit.participation,
      'all pairs answered, ms': castMs,
    });
    expect(audit.receiptsCounted).toBe(members);
    expect(audit.ballots).toBe(members);
    expect(audit.participation).toBe(members);
    expect(audit.verifierViolations).toEqual([]);
    expect(a.alive && b.alive).toBe(true);
  });
});
