import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginResponse, MemberLoginBody, MeResponse, StaffLoginBody } from '@plenum/contracts';
import { Type } from 'typebox';
import type { Config } from '../../config.ts';
import type { Principal } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { accessCodeRoutes } from './access-codes.routes.ts';
import { currentUser, logout, signIn } from './auth.session.ts';
import { loginMember, loginStaff } from './login.service.ts';
import { staffUserRoutes } from './staff-users.routes.ts';

/**
 * Takes the app's Config; `publicUrl` (PLENUM_PUBLIC_URL) is read from it once config.ts has it,
 * the rate limit can be set for tests.
 */
export type AuthRoutesOptions = Partial<Config> & {
  /** Base of the login links in the access-code CSV; the request's origin when unset. */
  publicUrl?: string | undefined;
  /** Login attempts per IP and window (default 20 a minute). */
  loginRateLimit?: { max: number; timeWindow: number } | undefined;
};

const STAFF_TOKEN_LIFETIME = '12h';
const MEMBER_TOKEN_LIFETIME = '24h';

const loginErrors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 423: ErrorBody, 429: ErrorBody };

/**
 * Logins, logout and the current user; staff users and access codes (DESIGN §4). Only the two
 * login routes are rate-limited (`global: false`): casting ballots never is.
 */
export const authRoutes =
  (options: AuthRoutesOptions = {}): FastifyPluginAsyncTypebox =>
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        new ApiError(429, 'auth.rate_limited', `Too many login attempts; try again in ${context.after}.`, {
          retryAfter: context.after,
        }),
    });
    // A lock says when it ends, like the rate limit does.
    app.addHook('onError', async (_request, reply, error) => {
      if (error instanceof ApiError && error.code === 'auth.locked') {
        reply.header('retry-after', String(error.details.retryAfterSeconds));
      }
    });
    const rateLimited = { rateLimit: options.loginRateLimit ?? { max: 20, timeWindow: 60_000 } };

    app.post(
      '/api/auth/staff/login',
      {
        config: rateLimited,
        schema: { tags: ['auth'], body: StaffLoginBody, response: { 200: LoginResponse, ...loginErrors } },
      },
      async (request, reply) => {
        const user = await loginStaff(app.services, request.body.username, request.body.password);
        const principal: Principal = {
          kind: 'staff',
          sub: `staff:${user.id}`,
          username: user.username,
          role: user.role,
        };
        const session = signIn(app, request, reply, principal, STAFF_TOKEN_LIFETIME);
        return {
          user: { kind: 'staff', username: user.username, role: user.role, displayName: user.displayName },
          ...session,
        } as const;
      },
    );

    app.post(
      '/api/auth/member/login',
      {
        config: rateLimited,
        schema: { tags: ['auth'], body: MemberLoginBody, response: { 200: LoginResponse, ...loginErrors } },
      },
      async (request, reply) => {
        const { assemblyId } = request.body;
        const member = await loginMember(app.services, request.body);
        const principal: Principal = {
          kind: 'member',
          sub: `member:${member.memberId}`,
          memberId: member.memberId,
          memberNumber: member.memberNumber,
          assemblyId,
        };
        const session = signIn(app, request, reply, principal, MEMBER_TOKEN_LIFETIME);
        return { user: { kind: 'member', assemblyId, ...member }, ...session } as const;
      },
    );

    app.post(
      '/api/auth/logout',
      { schema: { tags: ['auth'], response: { 204: Type.Null({ description: 'The cookie is cleared.' }) } } },
      async (request, reply) => logout(request, reply),
    );

    app.get(
      '/api/auth/me',
      {
        onRequest: app.requireLogin(),
        schema: { tags: ['auth'], response: { 200: MeResponse, 401: ErrorBody } },
      },
      async (request) => ({ user: await currentUser(app.services, request.user) }),
    );

    await app.register(staffUserRoutes);
    await app.register(accessCodeRoutes(options.publicUrl));
  };
