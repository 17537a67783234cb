import fastifyCookie from '@fastify/cookie';
import fastifyJwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { memberSessionVersion, staffSessionState } from '../modules/auth/auth.queries.ts';
import type { Actor } from '../modules/context.ts';
import { ApiError } from './errors.ts';

export const TOKEN_COOKIE = 'plenum_token';

export type StaffRole = 'admin' | 'chair' | 'desk' | 'auditor' | 'teller';

/** Who a token speaks for. Members are logged in to one assembly with its access code. */
export type Principal =
  | { kind: 'staff'; sub: string; username: string; role: StaffRole; sv?: number }
  | {
      kind: 'member';
      sub: string;
      memberId: string;
      assemblyId: string;
      memberNumber: string;
      sv?: number;
      /** The member's receipt key, derived from their access code at login (member-receipts.ts). */
      rk?: string;
    };

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
    /** The session versions seen recently; forget entries when an account or code changes. */
    sessions: SessionCache;
  }
}

/**
 * Who may call a route, as the OpenAPI document states it (`x-roles`): `member`, `staff:<role>`,
 * `login` (any valid token) or nothing for a public route. Kept on the guard function itself, so
 * the document is derived from the guard that really runs.
 */
const GUARD_ROLES = new WeakMap<object, readonly string[]>();

function guarded<T extends object>(hook: T, roles: readonly string[]): T {
  GUARD_ROLES.set(hook, roles);
  return hook;
}

/** The roles of the guards among a route's onRequest hooks (null: no guard, a public route). */
export function rolesOfHooks(hooks: unknown): readonly string[] | null {
  const list = Array.isArray(hooks) ? hooks : hooks ? [hooks] : [];
  for (const hook of list) {
    const roles = typeof hook === 'function' ? GUARD_ROLES.get(hook) : undefined;
    if (roles) return roles;
  }
  return null;
}

const staffRoles = (roles: readonly StaffRole[]) =>
  ['staff:admin', ...roles.filter((r) => r !== 'admin').map((r) => `staff:${r}`)] as const;

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

/** How long a session version read from the database is trusted before it is read again. */
export const SESSION_CACHE_MS = 2_000;

interface SessionState {
  version: number;
  disabled: boolean;
}

/**
 * Session versions per account or access code, read from the database and kept for at most
 * SESSION_CACHE_MS, so that a disabled account or a regenerated code ends its sessions in every
 * process within seconds (and in this process at once: the change forgets the entry).
 */
export class SessionCache {
  private readonly entries = new Map<string, { state: SessionState; until: number }>();

  constructor(private readonly ttlMs: number = SESSION_CACHE_MS) {}

  async get(key: string, load: () => Promise<SessionState>): Promise<SessionState> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now) return hit.state;
    const state = await load();
    if (this.entries.size > 100_000) this.entries.clear();
    this.entries.set(key, { state, until: now + this.ttlMs });
    return state;
  }

  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}

export const staffSessionKey = (username: string) => `staff:${username.toLowerCase()}`;
export const memberSessionKey = (assemblyId: string, memberId: string) => `member:${assemblyId}:${memberId}`;

/**
 * Whether a verified token's session is still open: its version must be the current one of its
 * staff account (which must not be disabled) or of the member's access code. Tokens without a
 * version are version 1, the version every account and code starts with.
 */
async function sessionOpen(app: FastifyInstance, user: Principal): Promise<boolean> {
  const db = app.services.db;
  const version = user.sv ?? 1;
  if (user.kind === 'staff') {
    const state = await app.sessions.get(staffSessionKey(user.username), async () => {
      const row = await staffSessionState(db, user.username);
      return row ?? { version: 1, disabled: false };
    });
    return !state.disabled && state.version === version;
  }
  const state = await app.sessions.get(memberSessionKey(user.assemblyId, user.memberId), async () => ({
    version: (await memberSessionVersion(db, user.assemblyId, user.memberId)) ?? 1,
    disabled: false,
  }));
  return state.version === version;
}

async function authenticate(request: FastifyRequest): Promise<Principal> {
  try {
    // Bearer header for API clients, else the httpOnly cookie set at login.
    await request.jwtVerify();
  } catch {
    throw new ApiError(401, 'auth.required', 'Log in first (missing, invalid or expired token).');
  }
  if (!(await sessionOpen(request.server, request.user))) {
    throw new ApiError(401, 'auth.required', 'This session has ended (account disabled or new access code).');
  }
  return request.user;
}

/** JWT in an httpOnly SameSite=Strict cookie or a Bearer header; role checks as onRequest hooks, so they run before body validation (401/403 before 400). */
export async function registerAuth(app: FastifyInstance, secret: string): Promise<void> {
  app.decorate('sessions', new SessionCache());
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
  app.decorate('requireStaff', (...roles: StaffRole[]) => guarded(staffCheck(roles), staffRoles(roles)));
  app.decorate('requireMemberOrStaff', (...roles: StaffRole[]) =>
    guarded(
      async (request: FastifyRequest, reply: FastifyReply) => {
        const user = await authenticate(request);
        if (user.kind !== 'member') await staffCheck(roles)(request, reply);
      },
      ['member', ...staffRoles(roles)],
    ),
  );
  app.decorate('requireLogin', () =>
    guarded(
      async (request: FastifyRequest) => {
        await authenticate(request);
      },
      ['login'],
    ),
  );
  app.decorate('requireMember', () =>
    guarded(
      async (request: FastifyRequest) => {
        const user = await authenticate(request);
        if (user.kind !== 'member') throw new ApiError(403, 'auth.forbidden', 'Only a member can do this.');
      },
      ['member'],
    ),
  );
}
