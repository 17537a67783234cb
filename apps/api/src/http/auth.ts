import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Actor } from '../modules/context.ts';
import { ApiError } from './errors.ts';

export const TOKEN_COOKIE = 'plenum_token';

export type StaffRole = 'admin' | 'chair' | 'desk' | 'auditor';

/** Who a token speaks for. Members are logged in to one assembly with its access code. */
export type Principal =
  | { kind: 'staff'; sub: string; username: string; role: StaffRole }
  | { kind: 'member'; sub: string; memberId: string; assemblyId: string; memberNumber: string };

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: Principal;
    user: Principal;
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: a staff token with one of these roles (admin may do everything staff may). */
    requireStaff(...roles: StaffRole[]): onRequestAsyncHookHandler;
    /** onRequest hook: a member token, or a staff token with one of these roles. */
    requireMemberOrStaff(...roles: StaffRole[]): onRequestAsyncHookHandler;
    /** onRequest hook: any valid token. */
    requireLogin(): onRequestAsyncHookHandler;
    /** onRequest hook: a member token (voting, self check-in). */
    requireMember(): onRequestAsyncHookHandler;
  }
}

/** The actor recorded in the ledger and audit fields for this request. */
export function actorOf(request: FastifyRequest): Actor {
  const user = request.user;
  return user.kind === 'staff'
    ? { kind: 'staff', username: user.username }
    : { kind: 'member', memberId: user.memberId };
}

/** A member token's member id, or a 403 for staff. */
export function memberOf(request: FastifyRequest): Extract<Principal, { kind: 'member' }> {
  if (request.user.kind !== 'member') throw new ApiError(403, 'auth.forbidden', 'Only a member can do this.');
  return request.user;
}

async function authenticate(request: FastifyRequest): Promise<Principal> {
  try {
    // Bearer header for API clients, else the httpOnly cookie set at login (DESIGN §4).
    await request.jwtVerify();
  } catch {
    throw new ApiError(401, 'auth.required', 'Log in first (missing, invalid or expired token).');
  }
  return request.user;
}

/** JWT in an httpOnly SameSite=Strict cookie or a Bearer header; role checks as onRequest hooks, so they run before body validation (401/403 before 400). */
export async function registerAuth(app: FastifyInstance, secret: string): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyJwt, {
    secret,
    cookie: { cookieName: TOKEN_COOKIE, signed: false },
    sign: { expiresIn: '12h' },
  });
  const staffCheck = (roles: StaffRole[]) => async (request: FastifyRequest, _reply: FastifyReply) => {
    const user = await authenticate(request);
    if (user.kind !== 'staff' || (user.role !== 'admin' && !roles.includes(user.role))) {
      throw new ApiError(403, 'auth.forbidden', `This needs the role ${roles.join(' or ')}.`, { roles });
    }
  };
  app.decorate('requireStaff', (...roles: StaffRole[]) => staffCheck(roles));
  app.decorate(
    'requireMemberOrStaff',
    (...roles: StaffRole[]) =>
      async (request: FastifyRequest, reply: FastifyReply) => {
        const user = await authenticate(request);
        if (user.kind !== 'member') await staffCheck(roles)(request, reply);
      },
  );
  app.decorate('requireLogin', () => async (request: FastifyRequest) => {
    await authenticate(request);
  });
  app.decorate('requireMember', () => async (request: FastifyRequest) => {
    const user = await authenticate(request);
    if (user.kind !== 'member') throw new ApiError(403, 'auth.forbidden', 'Only a member can do this.');
  });
}
