import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AssemblyCodeParams, CurrentAssemblyView, PublicAssembly } from '@plenum/contracts';
import { DEFAULT_LOGIN_RATE_PER_ADDRESS } from '../../config.ts';
import { responses } from '../../http/access.ts';
import { ApiError } from '../../http/errors.ts';
import { assemblyByCode, currentAssembly } from './public.service.ts';

export interface PublicRoutesOptions {
  /** The cooperative's name for the start page (PLENUM_COOPERATIVE). */
  cooperativeName: string | null;
  /** Code look-ups a minute per client address: the login budget, as a look-up leads to a login. */
  lookupRateLimit?: { max: number; timeWindow: number } | undefined;
  loginRatePerAddress?: number | undefined;
}

/**
 * What anyone may read before logging in: the assembly the start page names, and the assembly
 * behind a short code (title, date, state and code: what the projector shows, nothing secret).
 * The code look-up is rate-limited per client address like the logins.
 */
export const publicAssemblyRoutes =
  (options: PublicRoutesOptions): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, 'auth.rate_limited', `Too many requests; try again in ${context.after}.`, {
          retryAfter: context.after,
        }),
    });
    const s = app.services;
    app.get(
      '/api/public/assembly',
      { schema: { tags: ['assemblies'], response: responses({ 200: CurrentAssemblyView }) } },
      async () => ({ cooperative: options.cooperativeName, assembly: (await currentAssembly(s.db)) ?? null }),
    );
    app.get(
      '/api/assembly-codes/:code',
      {
        config: {
          rateLimit: options.lookupRateLimit ?? {
            max: options.loginRatePerAddress ?? DEFAULT_LOGIN_RATE_PER_ADDRESS,
            timeWindow: 60_000,
          },
        },
        schema: {
          tags: ['assemblies'],
          params: AssemblyCodeParams,
          response: responses({ 200: PublicAssembly }, 400, 404, 429),
        },
      },
      async (request) => assemblyByCode(s.db, request.params.code),
    );
  };
