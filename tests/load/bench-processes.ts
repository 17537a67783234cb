/**
 * The processes the benchmark runs: a fresh PostgreSQL database, the real API server (main.ts, as
 * `pnpm start` runs it) and the trivial Fastify server, each started with `node --import tsx` so
 * that the child's pid is the server itself (its /proc/<pid>/status is what we read).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort } from '../../apps/api/test/support/server-process.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '../..');
export const API_ENTRY = join(ROOT, 'apps/api/src/main.ts');
const TRIVIAL_ENTRY = join(here, 'trivial-server.ts');

// One free-port helper for the tests and the benchmark.
export { freePort };

export async function adminQuery(adminUrl: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** A fresh database on the server of `adminUrl`; `drop()` removes it (also with clients left). */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `plenum_bench_${process.pid}_${Date.now().toString(36)}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  origin: string;
  output: () => string;
  stop: () => Promise<void>;
}

export function spawnServer(entry: string, env: Record<string, string>, port: number): ServerProcess {
  let out = '';
  // PLENUM_BENCH_PROF=<dir>: every server writes a V8 CPU profile there when it stops.
  const prof = process.env.PLENUM_BENCH_PROF;
  const child = spawn(
    process.execPath,
    [...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []), '--import', 'tsx', entry],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (d: unknown) => {
    out = (out + String(d)).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    pid: child.pid ?? 0,
    port,
    origin: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function waitHealthy(server: ServerProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.output()}`);
    try {
      const res = await fetch(`${server.origin}/api/health`);
      await res.text();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not become healthy:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The secrets every API process of one installation shares (passed in, never generated twice). */
export interface Secrets {
  jwtSecret: string;
  ballotKey: string;
  signingKey: string;
}

export function newSecrets(): Secrets {
  return {
    jwtSecret: randomBytes(48).toString('base64url'),
    ballotKey: randomBytes(32).toString('base64'),
    signingKey: randomBytes(32).toString('base64'),
  };
}

/**
 * `count` API processes on one database, started one after the other (the first migrates). The
 * login rate limit is per client address; PLENUM_TRUST_PROXY lets each simulated member come from
 * their own address (X-Forwarded-For), as members behind a load balancer do.
 */
export async function startApi(
  databaseUrl: string,
  secrets: Secrets,
  count: number,
): Promise<ServerProcess[]> {
  const servers: ServerProcess[] = [];
  for (let i = 0; i < count; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenum-bench-data-'));
    const server = spawnServer(
      API_ENTRY,
      {
        DATABASE_URL: databaseUrl,
        LOG_LEVEL: 'warn',
        PLENUM_DEMO: 'false',
        PLENUM_DATA_DIR: dataDir,
        PLENUM_JWT_SECRET: secrets.jwtSecret,
        PLENUM_BALLOT_KEY: secrets.ballotKey,
        PLENUM_SIGNING_KEY: secrets.signingKey,
        PLENUM_TRUST_PROXY: '1',
      },
      await freePort(),
    );
    const stop = server.stop;
    server.stop = async () => {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    servers.push(server);
    await waitHealthy(server);
  }
  return servers;
}

export async function startTrivial(count: number): Promise<ServerProcess[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, async () => spawnServer(TRIVIAL_ENTRY, {}, await freePort())),
  );
  for (const s of servers) await waitHealthy(s);
  return servers;
}

/** VmHWM / VmRSS of a process in MB; `resetPeak` makes VmHWM start again from the current RSS. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms (clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU ticks of the whole machine so far (/proc/stat): busy (everything but idle and iowait) and total. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const t = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = t.reduce((a, b) => a + b, 0);
  return { busy: total - (t[3] ?? 0) - (t[4] ?? 0), total };
}

/** The PostgreSQL backends serving one database, with the CPU each has used so far (ms). */
export async function backendCpu(url: string): Promise<Map<number, number>> {
  const db = new URL(url).pathname.slice(1);
  const { rows } = await adminQuery(url, `SELECT pid FROM pg_stat_activity WHERE datname = '${db}'`);
  const cpu = new Map<number, number>();
  for (const { pid } of rows as { pid: number }[]) {
    try {
      cpu.set(pid, cpuMsOf(pid));
    } catch {
      // gone meanwhile
    }
  }
  return cpu;
}

export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
