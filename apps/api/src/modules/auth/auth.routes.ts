import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginResponse, MemberLoginBody, MeResponse, StaffLoginBody } from '@plenum/contracts';
import { Type } from 'typebox';
import {
  type Config,
  DEFAULT_LOGIN_MAX_DELAY_SECONDS,
  DEFAULT_LOGIN_RATE_PER_ADDRESS,
} from '../../config.ts';
import { type Principal, staffSessionKey } from '../../http/auth.ts';
import { ApiError } from '../../http/errors.ts';
import { Refusal } from '../refusal.ts';
import { accessCodeRoutes } from './access-codes.routes.ts';
import { currentUser, logout, signIn } from './auth.session.ts';
import { type LoginSource, loginMember, loginStaff } from './login.service.ts';
import { DEFAULT_THROTTLE, type ThrottlePolicy } from './login-throttle.queries.ts';
import { loginThrottleRoutes } from './login-throttle.routes.ts';
import { staffUserRoutes } from './staff-users.routes.ts';

/**
 * Takes the app's Config; `publicUrl` (PLENUM_PUBLIC_URL) is read from it once config.ts has it,
 * the rate limit can be set for tests.
 */
export type AuthRoutesOptions = Partial<Config> & {
  /** Base of the login links in the access-code CSV; the request's origin when unset. */
  publicUrl?: string | undefined;
  /** Login requests per client address and window (default PLENUM_LOGIN_RATE_PER_ADDRESS a minute). */
  loginRateLimit?: { max: number; timeWindow: number } | undefined;
};

/** The throttle policy for this configuration (PLENUM_LOGIN_MAX_DELAY caps the wait). */
export function throttlePolicy(options: AuthRoutesOptions): ThrottlePolicy {
  return {
    ...DEFAULT_THROTTLE,
    maxDelayMs: (options.loginMaxDelaySeconds ?? DEFAULT_LOGIN_MAX_DELAY_SECONDS) * 1000,
  };
}

const STAFF_TOKEN_LIFETIME = '12h';
const MEMBER_TOKEN_LIFETIME = '24h';

const loginErrors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 429: ErrorBody };

/**
 * Logins, logout and the current user; staff users, access codes and login throttles.
 * Only the two login routes are rate-limited per client address (`global: false`), with a budget
 * sized for a hall where hundreds of members share one public address: casting ballots never is.
 * Wrong attempts are slowed down per login and address (login.service.ts).
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
    // A throttle says when it ends, like the rate limit does.
    app.addHook('onError', async (_request, reply, error) => {
      if (error instanceof Refusal && error.code === 'auth.throttled') {
        reply.header('retry-after', String(error.details.retryAfterSeconds));
      }
    });
    const rateLimited = {
      rateLimit: options.loginRateLimit ?? {
        max: options.loginRatePerAddress ?? DEFAULT_LOGIN_RATE_PER_ADDRESS,
        timeWindow: 60_000,
      },
    };
    const policy = throttlePolicy(options);
    const source = (request: { ip: string }): LoginSource => ({ address: request.ip, policy });

    app.post(
      '/api/auth/staff/login',
      {
        config: rateLimited,
        schema: { tags: ['auth'], body: StaffLoginBody, response: { 200: LoginResponse, ...loginErrors } },
      },
      async (request, reply) => {
        const user = await loginStaff(
          app.services,
          request.body.username,
          request.body.password,
          source(request),
        );
        const principal: Principal = {
          kind: 'staff',
          sub: `staff:${user.id}`,
          username: user.username,
          role: user.role,
          sv: user.sessionVersion,
        };
        const session = signIn(app, request, reply, principal, STAFF_TOKEN_LIFETIME);
        app.sessions.forget(staffSessionKey(user.username));
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
        const { sessionVersion, receiptKey, ...member } = await loginMember(
          app.services,
          request.body,
          source(request),
        );
        const principal: Principal = {
          kind: 'member',
          sub: `member:${member.memberId}`,
          memberId: member.memberId,
          memberNumber: member.memberNumber,
          assemblyId,
          sv: sessionVersion,
          rk: receiptKey,
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
    await app.register(loginThrottleRoutes(policy));
  };
