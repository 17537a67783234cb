import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthOk, HealthUnavailable } from '@plenum/contracts';
import type { Database } from '../../db/database.ts';
import { countAppliedMigrations } from '../../db/migrate.ts';

/** GET /api/health: 200 with the database kind and applied migrations, 503 with a reason otherwise. */
export const healthRoutes =
  (database: Database): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['system'], response: { 200: HealthOk, 503: HealthUnavailable } } },
      async (request, reply) => {
        try {
          const migrations = await countAppliedMigrations(database.db);
          return reply.send({ status: 'ok' as const, database: database.kind, migrations });
        } catch (error) {
          request.log.warn({ err: error }, 'health: database unreachable');
          const reason = error instanceof Error && error.message ? error.message : 'database unreachable';
          return reply.status(503).send({ status: 'unavailable' as const, database: database.kind, reason });
        }
      },
    );
  };
