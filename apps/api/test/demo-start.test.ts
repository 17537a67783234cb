import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbedded } from '../src/db/database.ts';
import { freePort, startServer, stopServer, waitForOutput } from './support/server-process.ts';

const start = startServer;
const stop = stopServer;
const waitFor = waitForOutput;

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
      const link = /http:\/\/127\.0\.0\.1:\d+\/join\?code=([A-Z2-9]{6})&m=(\d+)&c=([0-9A-Z-]+)/.exec(out);
      expect(link).not.toBeNull();
      const [, assemblyCode, memberNumber, code] = link ?? [];
      expect(out).toContain(
        `Assembly code (members type it on http://127.0.0.1:${port}/join): ${assemblyCode}`,
      );
      // The link names the assembly by its short code; the join page looks it up.
      const found = await fetch(`http://127.0.0.1:${port}/api/assembly-codes/${assemblyCode}`);
      const { id: assemblyId } = (await found.json()) as { id: string };
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
