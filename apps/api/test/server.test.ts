import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbedded } from '../src/db/database.ts';
import { createTestDatabase, testDbMode } from './support/test-db.ts';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../src/main.ts');
const TSX = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/.bin/tsx');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>, port: number): Running {
  let out = '';
  const child = spawn(TSX, [ENTRY], {
    // PLENUM_DEMO=0: these cases are about the server itself (the demo seed has demo-start.test.ts).
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      PLENUM_DEMO: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, port, output: () => out, exited };
}

async function health(port: number, timeoutMs = 60_000): Promise<{ status: number; body: unknown }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      return { status: res.status, body: await res.json() };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  return running.exited;
}

describe('the server process', () => {
  it('starts on the embedded database, keeps its data across a restart and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenum-server-'));
    const first = start({ PLENUM_DATA_DIR: dataDir }, await freePort());
    expect(await health(first.port)).toEqual({
      status: 200,
      body: { status: 'ok', database: 'embedded', migrations: expect.any(Number) },
    });
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('shutting down');

    // Between runs, write a member straight into the embedded database folder.
    const offline = await createEmbedded(join(dataDir, 'pglite'));
    await offline.db
      .insertInto('members')
      .values({
        member_number: '4711',
        given_name: 'Änne',
        family_name: 'Weiß',
        admission_date: '2020-01-01',
      })
      .execute();
    await offline.close();

    const second = start({ PLENUM_DATA_DIR: dataDir }, await freePort());
    expect((await health(second.port)).status).toBe(200);
    expect(second.output()).toMatch(/"applied":\[\]/);
    expect(await stop(second)).toBe(0);

    const after = await createEmbedded(join(dataDir, 'pglite'));
    const member = await after.db.selectFrom('members').select(['family_name']).executeTakeFirst();
    await after.close();
    expect(member).toEqual({ family_name: 'Weiß' });
  });

  it.runIf(testDbMode() === 'postgres')('starts on PostgreSQL when DATABASE_URL is set', async () => {
    const database = await createTestDatabase();
    try {
      const running = start(
        { DATABASE_URL: database.url ?? '', PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-pg-')) },
        await freePort(),
      );
      const res = await health(running.port);
      expect(res).toMatchObject({ status: 200, body: { status: 'ok', database: 'postgres' } });
      expect(await stop(running)).toBe(0);
    } finally {
      await database.dispose();
    }
  });

  it('refuses a bad configuration with a clear message and exit code 2', async () => {
    const running = start(
      { LOG_LEVEL: 'loud', PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-bad-')) },
      1,
    );
    expect(await running.exited).toBe(2);
    expect(running.output()).toContain('LOG_LEVEL must be one of');
  });
});
