import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { seedDemoOnFirstStart } from './demo/demo-start.ts';
import { systemClock, systemRandom } from './deps.ts';
import { createLogger } from './logger.ts';

/** The thin server entry: read config once, open the database, migrate, listen, shut down cleanly. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const db = await createDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) =>
      logger.warn({ err: error }, 'database connection lost; it is replaced on the next query'),
  });
  const applied = await migrateToLatest(db.db);
  logger.info({ database: db.kind, applied }, 'database ready');
  const app = await buildApp({ config, db, clock: systemClock, random: systemRandom, logger });
  // Closing the app stops accepting requests, lets those in flight finish, then closes the database.
  app.addHook('onClose', async () => db.close());
  await seedDemoOnFirstStart(app, config);
  if (!config.webDir) logger.warn('web app not built: run `pnpm build` (pnpm start does this for you)');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(`Plenum is running on http://${shown}:${config.port} (database: ${db.kind})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`Plenum failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
