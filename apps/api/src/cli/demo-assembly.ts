import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createEmbedded } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { systemClock, systemRandom } from '../deps.ts';
import { runDemoAssembly } from '../modules/exports/demo-run.ts';

/**
 * pnpm demo:assembly --out DIR — runs the demo assembly on a fresh embedded database through the
 * HTTP API and writes the signed bundle, the CSV files and the minutes (PDF, HTML; de, en) to DIR.
 */
async function main(argv: readonly string[]): Promise<number> {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : undefined;
  if (out === undefined) {
    console.error('usage: pnpm demo:assembly --out DIR');
    return 2;
  }
  const dir = resolve(out);
  mkdirSync(dir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-demo-'));
  const config = {
    ...loadConfig({ ...process.env, PLENUM_DATA_DIR: dataDir, PLENUM_DEMO: 'false' }),
    dataDir,
    demo: false,
  };
  const database = await createEmbedded(join(dataDir, 'pglite'));
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({
      config,
      db: database,
      clock: systemClock,
      random: systemRandom,
      logger: pino({ level: 'warn' }),
    });
    await app.ready();
    const assemblyId = await runDemoAssembly(app, database);
    const token = app.jwt.sign({ kind: 'staff', sub: 'staff:auditor', username: 'auditor', role: 'auditor' });
    const files: [string, string][] = [
      ['bundle.json', 'bundle.json'],
      ['results.csv', 'results.csv?lang=de'],
      ['attendance.csv', 'attendance.csv?lang=de'],
      ['proxies.csv', 'proxies.csv?lang=de'],
      ['minutes.de.html', 'minutes.html?lang=de'],
      ['minutes.en.html', 'minutes.html?lang=en'],
      ['minutes.de.pdf', 'minutes.pdf?lang=de'],
      ['minutes.en.pdf', 'minutes.pdf?lang=en'],
    ];
    for (const [name, path] of files) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/assemblies/${assemblyId}/export/${path}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
      writeFileSync(join(dir, name), res.rawPayload);
      console.log(`wrote ${join(dir, name)}`);
    }
    await app.close();
    return 0;
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main(process.argv.slice(2));
