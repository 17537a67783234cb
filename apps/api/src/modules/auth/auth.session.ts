import type { CurrentUser } from '@plenum/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Principal, TOKEN_COOKIE } from '../../http/auth.ts';
import type { ServiceContext } from '../context.ts';
import { Refusal } from '../refusal.ts';
import { findMemberName, findStaffUser } from './auth.queries.ts';

/** https directly, or behind a proxy that says so (the cookie then gets the Secure flag). */
export function isHttps(request: FastifyRequest): boolean {
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first?.toLowerCase() === 'https';
}

/** The origin the client used, for links handed out in letters when no public URL is set. */
export function requestOrigin(request: FastifyRequest): string {
  return `${isHttps(request) ? 'https' : 'http'}://${request.host}`;
}

function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  // httpOnly: scripts never see the token; SameSite=Strict: no cross-site request carries it (CSRF).
  return {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: isHttps(request),
    maxAge: maxAgeSeconds,
  } as const;
}

/**
 * Signs a token and sets it as the cookie. Expiry follows the system clock, because tokens are
 * verified against it (http/auth.ts); the lockout uses the injected clock.
 */
export function signIn(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  principal: Principal,
  lifetime: string,
): { token: string; expiresAt: string } {
  const token = app.jwt.sign(principal, { expiresIn: lifetime });
  const exp = app.jwt.decode<{ exp: number }>(token)?.exp ?? 0;
  reply.setCookie(
    TOKEN_COOKIE,
    token,
    cookieOptions(request, Math.max(0, exp - Math.floor(Date.now() / 1000))),
  );
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/**
 * Clears the cookie. Tokens are stateless: a copied Bearer token stays valid until it expires,
 * which is why lifetimes are short (12 h staff, 24 h members).
 */
export function logout(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(TOKEN_COOKIE, { ...cookieOptions(request, 0), maxAge: 0 });
  return reply.status(204).send();
}

/** The principal of a valid token, with its display name; a disabled staff account is logged out. */
export async function currentUser(ctx: ServiceContext, user: Principal): Promise<CurrentUser> {
  if (user.kind === 'member') {
    const name = (await findMemberName(ctx.db, user.memberId)) ?? user.memberNumber;
    const { memberId, memberNumber, assemblyId } = user;
    return { kind: 'member', memberId, memberNumber, assemblyId, name };
  }
  const row = await findStaffUser(ctx.db, user.username);
  if (row?.disabledAt) throw new Refusal('auth.required', 'This account is disabled.');
  return {
    kind: 'staff',
    username: user.username,
    role: user.role,
    displayName: row?.displayName ?? user.username,
  };
}
