import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbedded } from '../src/db/database.ts';
import { freePort, health, startServer, stopServer } from './support/server-process.ts';
import { createTestDatabase, testDbMode } from './support/test-db.ts';

// PLENUM_DEMO=0: these cases are about the server itself (the demo seed has demo-start.test.ts).
const start = (env: Record<string, string>, port: number) => startServer({ PLENUM_DEMO: '0', ...env }, port);
const stop = stopServer;

// Each case starts real server processes (PGlite migrations included): minutes on a busy machine.
describe('the server process', { timeout: 240_000 }, () => {
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
