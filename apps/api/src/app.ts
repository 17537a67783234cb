import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { DEMO_COOPERATIVE } from './demo/demo-agenda.ts';
import type { Clock, Random } from './deps.ts';
import { registerAuth } from './http/auth.ts';
import { registerCsrfGuard } from './http/csrf.ts';
import { frameworkErrors, registerErrorHandling } from './http/errors.ts';
import { registerInputRules } from './http/input-rules.ts';
import { registerOpenApi } from './http/openapi.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWeb } from './http/web.ts';
import { assembliesRoutes } from './modules/assemblies/assemblies.routes.ts';
import { documentsRoutes } from './modules/assemblies/documents.routes.ts';
import { publicAssemblyRoutes } from './modules/assemblies/public.routes.ts';
import { attendanceRoutes } from './modules/attendance/attendance.routes.ts';
import { AttendanceChainer } from './modules/attendance/attendance-chainer.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { RefusalSummariser } from './modules/auth/refusals-summary.ts';
import { ballotKeys } from './modules/ballots/ballot-seal.ts';
import type { ServiceContext } from './modules/context.ts';
import { exportsRoutes } from './modules/exports/exports.routes.ts';
import { floorMotionsRoutes } from './modules/floor-motions/floor-motions.routes.ts';
import { hallRoutes } from './modules/hall/hall.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { invitationRoutes } from './modules/invitations/invitations.routes.ts';
import { LiveHub } from './modules/live/live.hub.ts';
import { liveRoutes } from './modules/live/live.routes.ts';
import { membersRoutes } from './modules/members/members.routes.ts';
import { pollMissingRoutes } from './modules/polls/poll-missing.routes.ts';
import { pollsRoutes } from './modules/polls/polls.routes.ts';
import { speakersRoutes } from './modules/speakers/speakers.routes.ts';

export interface AppDeps {
  config: Config;
  db: Database;
  clock: Clock;
  random: Random;
  logger: FastifyBaseLogger;
}

/**
 * Builds the whole HTTP app from explicit dependencies (docs/ARCHITECTURE.md). Nothing here listens on a
 * port or touches the environment: the server entry does that, tests use `app.inject`.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: 1_048_576,
    // Unknown fields are refused, never silently dropped.
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false },
    },
    return503OnClosing: true,
    frameworkErrors,
    trustProxy: trustProxyOption(deps.config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Live updates go out through NOTIFY after commit, to every API process.
  const live = new LiveHub(deps.db, deps.logger);
  // Check-ins reach the ledger in batches, shortly after their commit (attendance-chainer.ts).
  const chainer = new AttendanceChainer(deps.db.db, 20, 1000, (err) =>
    deps.logger.error({ err }, 'chaining attendance failed'),
  );
  const services: ServiceContext = {
    db: deps.db.db,
    clock: deps.clock,
    random: deps.random,
    // Secret choices are sealed until the close under per-poll keys derived from this secret.
    ballotKeys: ballotKeys(deps.config.ballotSecret),
    afterCommit: (event) => {
      if (event.type === 'attendance.changed') chainer.nudge();
      live.publish(event);
    },
    site: {
      cooperativeName: deps.config.cooperativeName ?? (deps.config.demo ? DEMO_COOPERATIVE : null),
      publicUrl: deps.config.publicUrl,
    },
  };
  app.decorate('services', services);
  // Refused logins reach the ledger as one summary with counts a minute, not one entry each.
  const refusals = new RefusalSummariser(deps.db.db, deps.clock, 60_000, (err) =>
    deps.logger.error({ err }, 'summarising refused logins failed'),
  );
  app.decorate('refusalSummariser', refusals);
  app.addHook('onReady', async () => refusals.start());
  app.addHook('preClose', async () => refusals.stop());
  app.decorate('attendanceChainer', chainer);
  app.addHook('onReady', async () => void chainer.start());
  app.addHook('preClose', async () => chainer.stop());

  registerErrorHandling(app);
  // Every request schema is checked when its route is registered; see input-rules.ts.
  registerInputRules(app);
  await registerSecurityHeaders(app, deps.config.webDir);
  registerCsrfGuard(app, deps.config.publicUrl);
  await registerAuth(app, deps.config.jwtSecret);
  await registerOpenApi(app);
  // Plugins in one readable list; no autoload.
  await app.register(healthRoutes(deps.db));
  await app.register(authRoutes(deps.config));
  await app.register(liveRoutes(live));
  await app.register(membersRoutes);
  await app.register(assembliesRoutes);
  await app.register(documentsRoutes);
  await app.register(
    publicAssemblyRoutes({
      cooperativeName: deps.config.cooperativeName ?? (deps.config.demo ? DEMO_COOPERATIVE : null),
      loginRatePerAddress: deps.config.loginRatePerAddress,
    }),
  );
  await app.register(attendanceRoutes);
  await app.register(pollsRoutes);
  await app.register(pollMissingRoutes);
  await app.register(speakersRoutes);
  await app.register(hallRoutes);
  await app.register(floorMotionsRoutes);
  await app.register(exportsRoutes(deps.config));
  await app.register(invitationRoutes);
  await registerWeb(app, deps.config.webDir);
  return app;
}

/** A hop count trusts that many proxies nearest to us, and never more (see PLENUM_TRUST_PROXY). */
function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: ServiceContext;
    refusalSummariser: RefusalSummariser;
    attendanceChainer: AttendanceChainer;
  }
}
