/**
 * This machine's own limits, measured in the same run as the casts: pgbench writing what a cast
 * writes (a participation row and a ~300-byte sealed ballot in one transaction), and a trivial
 * Fastify route hammered by the same load generator.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LoadGenerator, type LoadRun } from './bench-load.ts';
import { adminQuery, startTrivial } from './bench-processes.ts';

const run = promisify(execFile);

export interface PgbenchRun {
  /** pgbench's clients: `--clients`, or fewer when the server had fewer connections left. */
  clients: number;
  tps: number;
  latencyMs: number;
}

/** Copies of participation and sealed_ballots (without the foreign keys), emptied before each run. */
export async function pgbenchCeiling(url: string, clients: number, seconds: number): Promise<PgbenchRun> {
  await adminQuery(
    url,
    `DROP TABLE IF EXISTS bench_participation, bench_sealed;
     CREATE TABLE bench_participation (poll_id uuid NOT NULL, member_id uuid NOT NULL,
       channel text NOT NULL, cast_by uuid, PRIMARY KEY (poll_id, member_id));
     CREATE TABLE bench_sealed (poll_id uuid NOT NULL, sealed bytea NOT NULL);
     CREATE INDEX ON bench_sealed (poll_id);`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'plenum-pgbench-'));
  const script = join(dir, 'cast.sql');
  // 19 × 16 bytes = 304 bytes, the size of a sealed yes/no ballot.
  writeFileSync(
    script,
    `BEGIN;
INSERT INTO bench_participation (poll_id, member_id, channel) VALUES ('00000000-0000-4000-8000-000000000001', gen_random_uuid(), 'online');
INSERT INTO bench_sealed (poll_id, sealed) VALUES ('00000000-0000-4000-8000-000000000001', decode(repeat(md5(random()::text), 19), 'hex'));
END;
`,
  );
  // The API processes keep their pools' connections open for a while; pgbench gets what the
  // server has left (at most `clients`), and says so when that is fewer.
  const free = await adminQuery(
    url,
    `SELECT current_setting('max_connections')::int - (SELECT count(*) FROM pg_stat_activity)::int - 5 AS free`,
  );
  const allowed = Math.max(1, Math.min(clients, Number(free.rows[0]?.free ?? clients)));
  try {
    const { stdout } = await run(
      'pgbench',
      ['-n', '-c', String(allowed), '-j', '2', '-T', String(seconds), '-M', 'prepared', '-f', script, url],
      { encoding: 'utf8' },
    );
    return {
      clients: allowed,
      tps: Number(/tps = ([\d.]+)/.exec(stdout)?.[1] ?? 0),
      latencyMs: Number(/latency average = ([\d.]+) ms/.exec(stdout)?.[1] ?? 0),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await adminQuery(url, 'DROP TABLE IF EXISTS bench_participation, bench_sealed');
  }
}

/**
 * POST /api/ok on `processes` trivial servers with the same body size and headers as a cast, the
 * same clients and the same round-robin, for `seconds` (or `count` requests, whichever ends first).
 */
export async function trivialCeiling(
  processes: number,
  clients: number,
  count: number,
  seconds: number,
): Promise<LoadRun> {
  const servers = await startTrivial(processes);
  const load = new LoadGenerator(
    servers.map((s) => s.origin),
    clients,
  );
  const body = JSON.stringify({
    votes: [{ memberId: '00000000-0000-4000-8000-000000000001', choice: 'yes' }],
  });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${'x'.repeat(260)}` };
  try {
    // A short warm-up so that the JIT and the connections are there, as they are for the casts.
    await load.run(Math.min(2000, count), () => ({ method: 'POST', path: '/api/ok', headers, body }), 200);
    return await load.run(
      count,
      () => ({ method: 'POST', path: '/api/ok', headers, body }),
      200,
      seconds * 1000,
    );
  } finally {
    await load.close();
    await Promise.all(servers.map((s) => s.stop()));
  }
}
