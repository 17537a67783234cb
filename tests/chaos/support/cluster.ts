import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../../apps/api/test/support/server-process.ts';

const run = promisify(execFile);

/**
 * The PostgreSQL server programs: PG_BIN, else where Debian and Ubuntu put version 15, else the
 * newest version installed there.
 */
export const PG_BIN = process.env.PG_BIN ?? debianPgBin();

function debianPgBin(): string {
  const root = '/usr/lib/postgresql';
  if (existsSync(join(root, '15/bin'))) return join(root, '15/bin');
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((x, y) => Number(y) - Number(x))
    : [];
  return join(root, versions[0] ?? '15', 'bin');
}

/** Why a private cluster cannot be started here, or null when it can. */
export function clusterProblem(): string | null {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl')))
    return `initdb and pg_ctl are missing in ${PG_BIN} (set PG_BIN)`;
  if (process.getuid?.() === 0 && osUser('postgres') === null)
    return 'running as root, and there is no postgres user to run the cluster as';
  return null;
}

function osUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL cluster in a temporary folder on a free port, which a test may restart,
 * kill and cut off at will — never the shared server other tests use. PostgreSQL refuses to run as
 * root, so under root every program runs as the `postgres` user (runuser) in a folder it owns.
 */
export class Cluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  /** A connection string to a database of this cluster. */
  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  static async start(): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'plenum-chaos-pg-'));
    const owner = process.getuid?.() === 0 ? osUser('postgres') : null;
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const cluster = new Cluster(dir, await freePort());
    await cluster.pg('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    await cluster.pgCtl('start');
    return cluster;
  }

  /** `pg_ctl restart -m fast`: every backend is told to exit (57P01), then the server comes back. */
  async restartFast(): Promise<void> {
    await this.pgCtl('restart', ['-m', 'fast']);
  }

  /** `pg_ctl stop -m fast`: the server is away until `startAgain()`. */
  async stopFast(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', 'stop']);
  }

  /** SIGKILL to the postmaster: its backends die with it; nothing answers until `start()`. */
  killPostmaster(): number {
    const pid = Number.parseInt(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8'), 10);
    process.kill(pid, 'SIGKILL');
    return pid;
  }

  /** Starts the server again after a stop or a kill (orphaned backends may hold it up a moment). */
  async startAgain(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.pgCtl('start');
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** pg_terminate_backend on every connection to `database` but our own; returns how many. */
  async terminateBackends(database: string): Promise<number> {
    return this.query(
      `SELECT count(*)::int AS n FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()) t`,
      [database],
    ).then((rows) => (rows[0] as { n: number }).n);
  }

  async query(text: string, values: unknown[] = []): Promise<unknown[]> {
    const client = new pg.Client({ connectionString: this.url() });
    client.on('error', () => {});
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end().catch(() => {});
    }
  }

  /** Stops the server at once and deletes the folder. */
  async destroy(): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => {});
    rmSync(this.dir, { recursive: true, force: true });
  }

  // -l on every start: without it the server would keep pg_ctl's output pipe (and us) waiting.
  private pgCtl(command: 'start' | 'restart', extra: string[] = []): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
    return this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '60',
      ...extra,
      command,
    ]);
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const path = join(PG_BIN, program);
    const [file, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
    try {
      await run(file, argv, { cwd: this.dir, timeout: 120_000 });
    } catch (error) {
      const log = join(this.dir, 'server.log');
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-20).join('\n') : '';
      const e = error as { stderr?: string; message: string };
      throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr ?? e.message}\n${tail}`);
    }
  }
}
