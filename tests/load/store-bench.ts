/**
 * Ballot-store benchmark: ballots per second and latency for 64 concurrent casters through the
 * service layer on real PostgreSQL (each ballot sealed, participation and sealed ballot in one
 * transaction, opened and counted at close), next to pgbench in the same run writing three rows
 * per transaction (participation, a ballot, a receipt hash) — the machine's own ceiling, kept the
 * same across versions of the cast path so that ratios stay comparable.
 *
 *   pnpm bench:store [--casters 64] [--ballots 20000] [--trials 3]
 *
 * Needs a PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 * and pgbench on the PATH. Reports medians over the trials.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDatabase } from '../../apps/api/src/db/database.ts';
import { migrateToLatest } from '../../apps/api/src/db/migrate.ts';
import { systemClock, systemRandom } from '../../apps/api/src/deps.ts';
import { ballotKeys } from '../../apps/api/src/modules/ballots/ballot-seal.ts';
import { castBallots } from '../../apps/api/src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../../apps/api/src/modules/context.ts';
import { closePoll } from '../../apps/api/src/modules/polls/polls.service.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  seedMembers,
} from '../../apps/api/test/support/fixtures.ts';
import { backendCpu } from './bench-processes.ts';

const { values: args } = parseArgs({
  options: {
    casters: { type: 'string', default: '64' },
    ballots: { type: 'string', default: '20000' },
    trials: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
  },
});
const CASTERS = Number(args.casters);
const BALLOTS = Number(args.ballots);
const TRIALS = Number(args.trials);
const PGBENCH_SECONDS = Number(args.seconds);
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? 0;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  await client.query(text);
  await client.end();
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
  closeMs: number;
  /** CPU per ballot while casting: this process (service layer) and the database's backends, ms. */
  apiCpuMs: number;
  pgCpuMs: number;
}

/** 64 casters, each casting the next member's own vote until every member has voted. */
async function castAll(
  ctx: ServiceContext,
  url: string,
  pollId: string,
  members: readonly string[],
): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const pg0 = await backendCpu(url);
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CASTERS }, async () => {
      for (let i = next++; i < members.length; i = next++) {
        const m = members[i] as string;
        const t0 = performance.now();
        await castBallots(ctx, {
          pollId,
          voterId: m,
          votes: [{ memberId: m, choice: i % 3 ? 'yes' : 'no' }],
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = await backendCpu(url);
  let pgMs = 0;
  for (const [pid, ms] of pg1) pgMs += ms - (pg0.get(pid) ?? 0);
  const c0 = performance.now();
  const closed = await closePoll(ctx, pollId, chair);
  const closeMs = performance.now() - c0;
  if (closed.ballotCount !== members.length)
    throw new Error(`counted ${closed.ballotCount} of ${members.length}`);
  return {
    perSecond: (members.length / elapsed) * 1000,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    closeMs,
    apiCpuMs: (cpu.user + cpu.system) / 1000 / members.length,
    pgCpuMs: pgMs / members.length,
  };
}

/** The machine's ceiling: pgbench writing the same three rows per transaction into copies of the tables. */
async function pgbenchCeiling(url: string): Promise<{ tps: number; latencyMs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`
    DROP TABLE IF EXISTS bench_participation, bench_ballot_outbox, bench_receipts;
    CREATE TABLE bench_participation (poll_id uuid NOT NULL, member_id uuid NOT NULL,
      channel text NOT NULL, cast_by uuid, PRIMARY KEY (poll_id, member_id));
    CREATE TABLE bench_ballot_outbox (id uuid PRIMARY KEY, poll_id uuid NOT NULL,
      secret boolean NOT NULL, member_id uuid, weight integer NOT NULL, choice jsonb NOT NULL);
    CREATE INDEX ON bench_ballot_outbox (poll_id);
    CREATE TABLE bench_receipts (poll_id uuid NOT NULL, receipt_hash text NOT NULL,
      PRIMARY KEY (poll_id, receipt_hash));`);
  await client.end();
  const dir = mkdtempSync(join(tmpdir(), 'plenum-bench-'));
  const script = join(dir, 'cast.sql');
  writeFileSync(
    script,
    `BEGIN;
INSERT INTO bench_participation (poll_id, member_id, channel) VALUES ('00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'room');
INSERT INTO bench_ballot_outbox (id, poll_id, secret, member_id, weight, choice) VALUES (gen_random_uuid(), '00000000-0000-4000-8000-000000000001', true, NULL, 1, '"yes"');
INSERT INTO bench_receipts (poll_id, receipt_hash) VALUES ('00000000-0000-4000-8000-000000000001', md5(random()::text) || md5(random()::text));
END;
`,
  );
  const out = execFileSync(
    'pgbench',
    [
      '-n',
      '-c',
      String(CASTERS),
      '-j',
      '2',
      '-T',
      String(PGBENCH_SECONDS),
      '-M',
      'prepared',
      '-f',
      script,
      url,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? 0);
  return { tps, latencyMs };
}

async function main(): Promise<void> {
  const name = `plenum_bench_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name}`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN);
  url.pathname = `/${name}`;
  let database = await createDatabase({
    databaseUrl: url.toString(),
    dataDir: '/nonexistent',
    poolSize: CASTERS + 4,
  });
  try {
    await migrateToLatest(database.db);
    const keys = ballotKeys(randomBytes(32).toString('base64'));
    let ctx: ServiceContext = { db: database.db, clock: systemClock, random: systemRandom, ballotKeys: keys };
    const members = await seedMembers(database, BALLOTS);
    const assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
    const results = { cast: [] as Run[], pgbench: [] as { tps: number; latencyMs: number }[] };
    for (let trial = 1; trial <= TRIALS; trial++) {
      const pollId = await openItemPoll(ctx, assemblyId);
      const run = await castAll(ctx, url.toString(), pollId, members);
      results.cast.push(run);
      console.log(
        `trial ${trial} cast      : ${run.perSecond.toFixed(0)} ballots/s, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms, close ${run.closeMs.toFixed(0)} ms; CPU per ballot: service ${run.apiCpuMs.toFixed(2)} ms, PostgreSQL ${run.pgCpuMs.toFixed(2)} ms`,
      );
      // pgbench needs the connections our pool holds (max_connections is 100 here).
      await database.close();
      const ceiling = await pgbenchCeiling(url.toString());
      database = await createDatabase({
        databaseUrl: url.toString(),
        dataDir: '/nonexistent',
        poolSize: CASTERS + 4,
      });
      ctx = { db: database.db, clock: systemClock, random: systemRandom, ballotKeys: keys };
      results.pgbench.push(ceiling);
      console.log(
        `trial ${trial} pgbench   : ${ceiling.tps.toFixed(0)} tx/s (3 rows each), avg ${ceiling.latencyMs} ms`,
      );
    }
    const cast = median(results.cast.map((r) => r.perSecond));
    const ceiling = median(results.pgbench.map((r) => r.tps));
    const ratios = results.cast.map((r, i) => r.perSecond / (results.pgbench[i]?.tps ?? 1));
    console.log(`\nMedians over ${TRIALS} trials, ${CASTERS} casters, ${BALLOTS} ballots per poll:`);
    console.log(
      `  cast    : ${cast.toFixed(0)} ballots/s = ${(cast / ceiling).toFixed(2)} × pgbench (median of per-trial ratios ${median(ratios).toFixed(2)}); p99 ${median(results.cast.map((r) => r.p99)).toFixed(1)} ms; close ${median(results.cast.map((r) => r.closeMs)).toFixed(0)} ms`,
    );
    console.log(
      `  CPU per ballot: service ${median(results.cast.map((r) => r.apiCpuMs)).toFixed(2)} ms, PostgreSQL ${median(results.cast.map((r) => r.pgCpuMs)).toFixed(2)} ms`,
    );
    console.log(`  pgbench : ${ceiling.toFixed(0)} tx/s (three rows per transaction)`);
  } finally {
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

await main();
