/**
 * The live turnout at high attendance: `turnoutOf` and `unvotedStandings` on a register of N
 * members with P present and V voted (defaults 100,000 / 90,000 / 80,000), timed through the driver
 * (median of 5 runs each). If `apps/api/src/modules/polls/turnout-before.queries.ts` exists (an
 * earlier version of turnout.queries.ts, copied there by hand), it is timed in the same run.
 *
 *   pnpm tsx tests/load/turnout-bench.ts [--members 100000] [--present 90000] [--voted 80000]
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../../apps/api/src/db/database.ts';
import { migrateToLatest } from '../../apps/api/src/db/migrate.ts';
import { systemClock, systemRandom } from '../../apps/api/src/deps.ts';
import { ballotKeys } from '../../apps/api/src/modules/ballots/ballot-seal.ts';
import type { ServiceContext } from '../../apps/api/src/modules/context.ts';
import { turnoutOf, unvotedStandings } from '../../apps/api/src/modules/polls/turnout.queries.ts';
import { checkInAll, newAssembly, openItemPoll, seedMembers } from '../../apps/api/test/support/fixtures.ts';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    present: { type: 'string', default: '90000' },
    voted: { type: 'string', default: '80000' },
  },
});
const N = Number(args.members);
const P = Number(args.present);
const V = Number(args.voted);
const ADMIN = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;

async function admin(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN });
  await client.connect();
  await client.query(text);
  await client.end();
}

async function timed(what: string, run: () => Promise<unknown>): Promise<void> {
  const ms: number[] = [];
  let out: unknown;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    out = await run();
    ms.push(performance.now() - t0);
  }
  const shown = JSON.stringify(out, (_k, v) => (Array.isArray(v) ? `${v.length} rows` : v));
  console.log(
    `${what.padEnd(34)} median ${median(ms).toFixed(0)} ms (min ${Math.min(...ms).toFixed(0)}, max ${Math.max(...ms).toFixed(0)}) → ${shown}`,
  );
}

const name = `plenum_turnout_${process.pid}`;
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
  await checkInAll(database, assemblyId, members.slice(0, P));
  const pollId = await openItemPoll(ctx, assemblyId);
  await sql`
    INSERT INTO participation (poll_id, member_id, channel)
    SELECT ${pollId}::uuid, m, 'room' FROM unnest(${sql.val(members.slice(0, V))}::uuid[]) AS m`.execute(
    database.db,
  );
  await sql`ANALYZE`.execute(database.db);
  console.log(`${N} members, ${P} present, ${V} voted, one open poll`);
  const before = new URL('../../apps/api/src/modules/polls/turnout-before.queries.ts', import.meta.url);
  const old = existsSync(before)
    ? ((await import(before.href)) as typeof import('../../apps/api/src/modules/polls/turnout.queries.ts'))
    : undefined;
  // Alternated, twice, so that a change in the machine's load does not favour either side.
  for (let round = 1; round <= 2; round++) {
    await timed('turnoutOf (presence rows)', () => turnoutOf(database.db, pollId));
    if (old) await timed('turnoutOf (before)', () => old.turnoutOf(database.db, pollId));
    await timed('unvotedStandings (presence rows)', () =>
      unvotedStandings(database.db, pollId).then((r) => r.members),
    );
    if (old)
      await timed('unvotedStandings (before)', () =>
        old.unvotedStandings(database.db, pollId).then((r) => r.members),
      );
  }
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
