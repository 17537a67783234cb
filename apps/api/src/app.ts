import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import type { Clock, Random } from './deps.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerWeb } from './http/web.ts';
import { BallotChainer } from './modules/ballots/chainer.ts';
import type { ServiceContext } from './modules/context.ts';
import { healthRoutes } from './modules/health/health.routes.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  random: Random;
  logger: FastifyBaseLogger;
}

/**
 * Builds the whole HTTP app from explicit dependencies (DESIGN §5.6). Nothing here listens on a
 * port or touches the environment: the server entry does that, tests use `app.inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1_048_576,
    // Unknown fields are refused, never silently dropped (DESIGN §4).
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The ballot chainer moves accepted ballots into the hash chain in batches (DESIGN §3).
  const chainer = new BallotChainer(deps.db.db, deps.clock, deps.logger);
  const services: ServiceContext = {
    db: deps.db.db,
    clock: deps.clock,
    random: deps.random,
    afterCommit: (event) => {
      if (event.type === 'ballot.cast') chainer.kick();
    },
  };
  app.decorate('services', services);
  app.addHook('onReady', async () => chainer.start());
  app.addHook('onClose', async () => chainer.stop());

  registerErrorHandling(app);
  await registerAuth(app, deps.config.jwtSecret);
  // Plugins in one readable list; no autoload.
  await app.register(healthRoutes(deps.db));
  await registerWeb(app, deps.config.webDir);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ServiceContext;
  }
}
