import { ConfigError, loadConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** `pnpm migrate`: applies pending migrations to DATABASE_URL or the embedded database. */
try {
  const config = loadConfig();
  const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(db.db);
    process.stdout.write(
      applied.length > 0
        ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}\n`
        : 'Nothing to migrate.\n',
    );
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
