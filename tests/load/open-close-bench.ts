/**
 * Opening and closing a poll on a large register, through the real services (`openPoll`,
 * `closePoll`) on real PostgreSQL. N members (default 100,000) are seeded and checked in by
 * direct SQL; for each trial a poll is created and opened (timed), every member's cast is
 * written directly as the cast path stores it (participation row and sealed ballot, sealed with
 * the poll's key), and the poll is closed (timed). Prints each trial and the medians, with the
 * CPU time of this process (the API's share) during the timed call.
 *
 *   pnpm tsx tests/load/open-close-bench.ts [--members 100000] [--trials 3]
 *
 * Needs a PostgreSQL server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../apps/api/src/db/database.ts';
import { migrateToLatest } from '../../apps/api/src/db/migrate.ts';
import { systemClock, systemRandom } from '../../apps/api/src/deps.ts';
import { addAgendaItem } from '../../apps/api/src/modules/assemblies/assemblies.service.ts';
import { ballotKeys, sealContent } from '../../apps/api/src/modules/ballots/ballot-seal.ts';
import type { ServiceContext } from '../../apps/api/src/modules/context.ts';
import { closePoll, createPoll, openPoll } from '../../apps/api/src/modules/polls/polls.service.ts';
import { chair, checkInAll, newAssembly, seedMembers } from '../../apps/api/test/support/fixtures.ts';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    trials: { type: 'string', default: '3' },
  },
});
const N = Number(args.members);
const TRIALS = Number(args.trials);
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  await client.query(text);
  await client.end();
}

/** Wall and CPU milliseconds of one call. */
async function timed(run: () => Promise<unknown>): Promise<{ ms: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000 };
}

const name = `plenum_openclose_${process.pid}`;
await admin(`CREATE DATABASE ${name}`);
const url = new URL(ADMIN);
url.pathname = `/${name}`;
const database = await createDatabase({ databaseUrl: url.toString(), dataDir: '/nonexistent', poolSize: 4 });
try {
  await migrateToLatest(database.db);
  const ctx: ServiceContext = {
    db: database.db,
    clock: systemClock,
    random: systemRandom,
    ballotKeys: ballotKeys(randomBytes(32).toString('base64')),
  };
  const members = await seedMembers(database, N);
  const assemblyId = await newAssembly(ctx);
  await checkInAll(database, assemblyId, members);
  await sql`ANALYZE`.execute(database.db);
  console.log(`${N} members, all present; ${TRIALS} trials`);
  const opens: { ms: number; cpu: number }[] = [];
  const closes: { ms: number; cpu: number }[] = [];
  for (let t = 0; t < TRIALS; t++) {
    const item = await addAgendaItem(ctx, assemblyId, { kind: 'motion', title: `Motion ${t + 1}` }, chair);
    const poll = await createPoll(ctx, assemblyId, { agendaItemId: item.id }, chair);
    const open = await timed(() => openPoll(ctx, poll.id, chair));
    opens.push(open);
    // Every member votes: participation and a sealed ballot, as insertCast stores them.
    const sealable = { id: poll.id, options: ['yes', 'no', 'abstain'] };
    for (let i = 0; i < N; i += 10000) {
      const chunk = members.slice(i, i + 10000);
      const sealed = chunk.map((memberId, j) =>
        sealContent(ctx.ballotKeys, ctx.random, sealable, {
          choice: ['yes', 'no', 'abstain'][(i + j) % 3],
          weight: 1,
          receiptHash: randomBytes(32).toString('hex'),
          // An open poll (a motion's default) keeps the member with the ballot.
          memberId,
        }),
      );
      await sql`
        INSERT INTO participation (poll_id, member_id, channel)
        SELECT ${poll.id}::uuid, m, 'room' FROM unnest(${sql.val(chunk)}::uuid[]) AS m`.execute(database.db);
      await sql`
        INSERT INTO sealed_ballots (poll_id, sealed)
        SELECT ${poll.id}::uuid, decode(h, 'hex') FROM unnest(${sql.val(sealed)}::text[]) AS h`.execute(
        database.db,
      );
    }
    await sql`ANALYZE participation, sealed_ballots`.execute(database.db);
    const close = await timed(async () => {
      const closed = await closePoll(ctx, poll.id, chair);
      if (closed.ballotCount !== N) throw new Error(`closed with ${closed.ballotCount} ballots`);
    });
    closes.push(close);
    console.log(
      `trial ${t + 1}: open ${open.ms.toFixed(0)} ms (cpu ${open.cpu.toFixed(0)} ms), close ${close.ms.toFixed(0)} ms (cpu ${close.cpu.toFixed(0)} ms)`,
    );
  }
  console.log(
    `median: open ${median(opens.map((o) => o.ms)).toFixed(0)} ms (cpu ${median(opens.map((o) => o.cpu)).toFixed(0)} ms), close ${median(closes.map((c) => c.ms)).toFixed(0)} ms (cpu ${median(closes.map((c) => c.cpu)).toFixed(0)} ms)`,
  );
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
