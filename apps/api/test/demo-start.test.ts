import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createEmbedded } from '../src/db/database.ts';

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
  output: () => string;
  exited: Promise<number | null>;
}

/** The real server, as `pnpm start` runs it (scripts/start.mjs runs this same entry). */
function start(env: Record<string, string>, port: number): Running {
  let out = '';
  const child = spawn(TSX, [ENTRY], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitFor(running: Running, pattern: RegExp, timeoutMs = 110_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(running.output())) {
    if (Date.now() > deadline || running.child.exitCode !== null) {
      throw new Error(`server did not print ${pattern}:\n${running.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  return running.exited;
}

describe('the demo on first start', () => {
  it('seeds a fresh data folder, prints the logins, and a printed member login works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenum-demo-'));
    const port = await freePort();
    const running = start({ PLENUM_DATA_DIR: dataDir }, port);
    try {
      await waitFor(running, /PLENUM_DEMO=0 pnpm start\n─+/);
      const out = running.output();
      expect(out).toContain(`Plenum is running on http://127.0.0.1:${port}`);
      expect(out).toContain('Kreativgenossenschaft Beispiel eG');
      for (const user of ['admin', 'chair', 'desk', 'auditor'])
        expect(out).toMatch(new RegExp(`  ${user} +\\S{20}`));
      const link = /http:\/\/127\.0\.0\.1:\d+\/join\?a=([0-9a-f-]{36})&m=(\d+)&c=([0-9A-Z-]+)/.exec(out);
      expect(link).not.toBeNull();
      const [, assemblyId, memberNumber, code] = link ?? [];
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/member/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ assemblyId, memberNumber, code }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { memberNumber: string } }).user.memberNumber).toBe(memberNumber);
      const file = join(dataDir, 'demo-logins.txt');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).toContain(code);
      expect(out).toContain(`These logins are also in ${file}`);
    } finally {
      expect(await stop(running)).toBe(0);
    }
  }, 120_000);

  it('seeds nothing with PLENUM_DEMO=0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plenum-nodemo-'));
    const port = await freePort();
    const running = start({ PLENUM_DATA_DIR: dataDir, PLENUM_DEMO: '0' }, port);
    await waitFor(running, /Plenum is running on/);
    expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    expect(await stop(running), running.output()).toBe(0);
    expect(running.output()).not.toContain('Staff logins');
    const offline = await createEmbedded(join(dataDir, 'pglite'));
    try {
      const members = await offline.db.selectFrom('members').select('id').execute();
      const assemblies = await offline.db.selectFrom('assemblies').select('id').execute();
      expect([members.length, assemblies.length]).toEqual([0, 0]);
    } finally {
      await offline.close();
    }
  }, 120_000);
});
