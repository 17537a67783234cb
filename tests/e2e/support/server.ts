import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withAdmin as admin, withDatabase } from '../../../apps/api/test/support/postgres.ts';
import { freePort } from '../../../apps/api/test/support/server-process.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface RunningServer {
  readonly baseUrl: string;
  readonly admin: { readonly username: string; readonly password: string };
  stop(): Promise<void>;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`[e2e] the server exited early:\n${log()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`[e2e] the server did not become healthy in 90 s:\n${log()}`);
}

/**
 * Starts the real server (tsx apps/api/src/main.ts, which also serves apps/web/build) on a free port
 * against a fresh PostgreSQL database, with one admin user made by the `plenum user add` CLI.
 */
export async function startServer(adminUrl: string): Promise<RunningServer> {
  const database = `plenum_e2e_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${database}`));
  const databaseUrl = withDatabase(adminUrl, database);
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PLENUM_DEMO: '0',
    LOG_LEVEL: 'warn',
    PLENUM_JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const credentials = { username: 'admin', password: `e2e-${randomBytes(12).toString('hex')}` };
  // The CLI migrates the fresh database and adds the staff user, before the server holds it.
  const add = spawnSync(
    TSX,
    [
      'apps/api/src/cli/plenum.ts',
      'user',
      'add',
      '--username',
      credentials.username,
      '--role',
      'admin',
      '--password-stdin',
    ],
    { cwd: ROOT, env, input: `${credentials.password}\n`, encoding: 'utf8' },
  );
  if (add.status !== 0) throw new Error(`[e2e] plenum user add failed: ${add.stderr}${add.stdout}`);

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(TSX, ['apps/api/src/main.ts'], {
    cwd: ROOT,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await waitForHealth(baseUrl, child, () => output);

  return {
    baseUrl,
    admin: credentials,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(
        () => {},
      );
    },
  };
}
