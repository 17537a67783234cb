import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { issueAccessCodes } from '../src/modules/auth/access-codes.service.ts';
import { createStaffUser } from '../src/modules/auth/staff-users.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { counterRandom, testBallotKeys, testConfig } from './support/app.ts';
import { bearer } from './support/auth.ts';
import { newAssembly, seedMembers, testClock } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const PASSWORD = 'correct horse battery';
const clock = testClock();
let database: TestDatabase;
let ctx: ServiceContext;
let assemblyId: string;
let memberIds: string[];
let codes: Map<string, string>;

function app(extra: Record<string, unknown> = {}) {
  return buildApp({
    config: { ...testConfig(), ...extra } as Config,
    db: database,
    clock,
    random: counterRandom(),
    logger: pino({ level: 'silent' }),
  });
}

const staffLogin = (a: Awaited<ReturnType<typeof app>>, username: string, password: string, headers = {}) =>
  a.inject({ method: 'POST', url: '/api/auth/staff/login', payload: { username, password }, headers });
const memberLogin = (a: Awaited<ReturnType<typeof app>>, memberNumber: string, code: string) =>
  a.inject({ method: 'POST', url: '/api/auth/member/login', payload: { assemblyId, memberNumber, code } });

function cookieOf(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  return String(Array.isArray(raw) ? raw[0] : raw);
}

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = { db: database.db, clock, random: counterRandom(), ballotKeys: testBallotKeys() };
  await createStaffUser(ctx, {
    username: 'Chair.One',
    password: PASSWORD,
    role: 'chair',
    displayName: 'Dr. Vorsitz',
  });
  await createStaffUser(ctx, { username: 'locky', password: PASSWORD, role: 'desk' });
  memberIds = await seedMembers(database, 4);
  assemblyId = await newAssembly(ctx);
  const issued = await issueAccessCodes(ctx, assemblyId, { memberIds: memberIds.slice(0, 3) });
  codes = new Map(issued.map((c) => [c.memberNumber, c.code]));
});
afterAll(async () => database?.dispose());

describe('POST /api/auth/staff/login', () => {
  it('logs in (username ignoring case) and sets an httpOnly SameSite=Strict cookie', async () => {
    const a = await app();
    const res = await staffLogin(a, 'chair.one', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({
      kind: 'staff',
      username: 'Chair.One',
      role: 'chair',
      displayName: 'Dr. Vorsitz',
    });
    const lifetime = new Date(body.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(12 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3600_000);
    const cookie = cookieOf(res);
    expect(cookie).toMatch(new RegExp(`^plenum_token=${body.token};`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).toMatch(/Max-Age=43(19\d|200);/);
    expect(cookie).not.toMatch(/Secure/);
    const me = await a.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `plenum_token=${body.token}` },
    });
    expect(me.json()).toEqual({ user: body.user });
    await a.close();
  });

  it('marks the cookie Secure behind a proxy that forwards https', async () => {
    const a = await app();
    const res = await staffLogin(a, 'Chair.One', PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(res)).toMatch(/Secure/);
    await a.close();
  });

  it('refuses a wrong password and an unknown user with the same answer (no user enumeration)', async () => {
    const a = await app();
    const wrong = await staffLogin(a, 'Chair.One', 'wrong password!');
    const unknown = await staffLogin(a, 'nobody', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('auth.invalid_credentials');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    await a.close();
  });

  it('locks a username after 5 failures in a row for 15 minutes, then lets it in again', async () => {
    const a = await app();
    for (let i = 1; i <= 4; i++)
      expect((await staffLogin(a, 'locky', `wrong-${i}-password`)).statusCode).toBe(401);
    const fifth = await staffLogin(a, 'locky', 'wrong-5-password');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('auth.locked');
    expect(fifth.headers['retry-after']).toBe('900');
    // Locked even with the right password.
    const right = await staffLogin(a, 'LOCKY', PASSWORD);
    expect(right.statusCode).toBe(423);
    clock.advance(14 * 60_000);
    expect((await staffLogin(a, 'locky', PASSWORD)).statusCode).toBe(423);
    clock.advance(60_000 + 1);
    expect((await staffLogin(a, 'locky', PASSWORD)).statusCode).toBe(200);
    // A success resets the counter: four more failures do not lock.
    for (let i = 1; i <= 4; i++)
      expect((await staffLogin(a, 'locky', `again-${i}-wrong`)).statusCode).toBe(401);
    expect((await staffLogin(a, 'locky', PASSWORD)).statusCode).toBe(200);
    await a.close();
  });

  it('locks unknown usernames too, so a lock tells nothing', async () => {
    const a = await app();
    for (let i = 1; i <= 4; i++) await staffLogin(a, 'ghost', 'whatever-password');
    expect((await staffLogin(a, 'ghost', 'whatever-password')).json().error.code).toBe('auth.locked');
    await a.close();
  });

  it('rejects bad input with request.invalid / request.unknown_field', async () => {
    const a = await app();
    const missing = await a.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'x' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('request.invalid');
    const extra = await a.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'x', password: 'y', admin: true },
    });
    expect(extra.json().error.code).toBe('request.unknown_field');
    await a.close();
  });
});

describe('tokens, /api/auth/me and logout', () => {
  it('accepts the token as a Bearer header', async () => {
    const a = await app();
    const { token } = (await staffLogin(a, 'Chair.One', PASSWORD)).json();
    const me = await a.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.role).toBe('chair');
    await a.close();
  });

  it('answers 401 auth.required without a token, with a forged one and with an expired one', async () => {
    const a = await app();
    const none = await a.inject({ method: 'GET', url: '/api/auth/me' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('auth.required');
    const forged = await a.inject({ method: 'GET', url: '/api/auth/me', headers: bearer('a.b.c') });
    expect(forged.statusCode).toBe(401);
    const payload = { kind: 'staff', sub: 'staff:x', username: 'Chair.One', role: 'chair' } as const;
    const expired = a.jwt.sign(payload, { expiresIn: '12h', clockTimestamp: Date.now() - 13 * 3600_000 });
    const res = await a.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(expired) });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
    await a.close();
  });

  it('logout clears the cookie with the same attributes', async () => {
    const a = await app();
    const res = await a.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(res.statusCode).toBe(204);
    const cookie = cookieOf(res);
    expect(cookie).toMatch(/^plenum_token=;/);
    expect(cookie).toMatch(/Max-Age=0/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    await a.close();
  });
});

describe('POST /api/auth/member/login', () => {
  it('logs a member in with the code in any case, with or without dashes, I/L for 1 and O for 0', async () => {
    const a = await app();
    const code = codes.get('M000001') ?? '';
    const sloppy = code.toLowerCase().replaceAll('-', ' ').replaceAll('1', 'l').replaceAll('0', 'o');
    for (const typed of [code, code.replaceAll('-', ''), sloppy]) {
      const res = await memberLogin(a, 'M000001', typed);
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toEqual({
        kind: 'member',
        memberId: memberIds[0],
        memberNumber: 'M000001',
        assemblyId,
        name: 'Erika Muster1',
      });
      const lifetime = new Date(res.json().expiresAt).getTime() - Date.now();
      expect(lifetime).toBeGreaterThan(24 * 3600_000 - 60_000);
      expect(cookieOf(res)).toMatch(
        /HttpOnly; SameSite=Strict|SameSite=Strict.*HttpOnly|HttpOnly.*SameSite=Strict/,
      );
    }
    const { token } = (await memberLogin(a, 'M000001', code)).json();
    const me = await a.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    expect(me.json().user).toMatchObject({ kind: 'member', memberNumber: 'M000001', name: 'Erika Muster1' });
    await a.close();
  });

  it("R30: refuses a wrong code, another member's code, an unknown number and a member without code, and records each refusal without the code", async () => {
    const a = await app();
    const wrongCode = 'AAAA-BBBB-CCCC';
    const attempts = [
      ['M000002', wrongCode, 'wrong_code'],
      ['M000002', codes.get('M000001') ?? '', 'wrong_code'],
      ['X999', wrongCode, 'unknown_member'],
      ['M000004', wrongCode, 'no_code'],
    ] as const;
    for (const [number, code] of attempts) {
      const res = await memberLogin(a, number, code);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('auth.invalid_credentials');
    }
    const refused = await database.db
      .selectFrom('ledger')
      .select(['payload', 'assembly_id'])
      .where('type', '=', 'auth.login_refused')
      .orderBy('seq')
      .execute();
    expect(refused.map((r) => [r.payload.memberNumber, r.payload.reason])).toEqual(
      attempts.map(([n, , reason]) => [n, reason]),
    );
    expect(refused.every((r) => r.assembly_id === assemblyId)).toBe(true);
    expect(JSON.stringify(refused)).not.toContain('AAAA');
    await a.close();
  });

  it('R30: locks a member number after 5 failures for 15 minutes and records the lock in the ledger', async () => {
    const a = await app();
    const code = codes.get('M000003') ?? '';
    for (let i = 0; i < 4; i++)
      expect((await memberLogin(a, 'M000003', 'ZZZZ-ZZZZ-ZZZZ')).statusCode).toBe(401);
    const fifth = await memberLogin(a, 'M000003', 'ZZZZ-ZZZZ-ZZZZ');
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe('auth.locked');
    expect((await memberLogin(a, 'M000003', code)).statusCode).toBe(423);
    const entries = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'auth.login_refused')
      .where(({ eb, ref }) => eb(ref('payload', '->>').key('memberNumber' as never), '=', 'M000003'))
      .orderBy('seq')
      .execute();
    expect(entries.map((e) => e.payload.reason)).toEqual([...Array(5).fill('wrong_code'), 'locked']);
    expect(entries[4]?.payload.lockedUntil).toBe(new Date(clock.now().getTime() + 15 * 60_000).toISOString());
    clock.advance(15 * 60_000 + 1);
    expect((await memberLogin(a, 'M000003', code)).statusCode).toBe(200);
    await a.close();
  });

  it('answers 404 assembly.not_found for an unknown assembly and 400 for a malformed id', async () => {
    const a = await app();
    const unknown = await a.inject({
      method: 'POST',
      url: '/api/auth/member/login',
      payload: { assemblyId: '00000000-0000-4000-8000-000000000000', memberNumber: 'M000001', code: 'x' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('assembly.not_found');
    const bad = await a.inject({
      method: 'POST',
      url: '/api/auth/member/login',
      payload: { assemblyId: 'nope', memberNumber: 'M000001', code: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
    await a.close();
  });
});

describe('rate limit on the login routes', () => {
  it('answers 429 auth.rate_limited in the error shape after 20 attempts a minute per IP', async () => {
    const a = await app();
    for (let i = 0; i < 20; i++) {
      const res = await a.inject({ method: 'POST', url: '/api/auth/staff/login', payload: {} });
      expect(res.statusCode).toBe(400);
    }
    const limited = await a.inject({ method: 'POST', url: '/api/auth/staff/login', payload: {} });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: 'auth.rate_limited', details: {} } });
    expect(limited.headers['retry-after']).toBeDefined();
    // Other routes are not limited by it.
    for (let i = 0; i < 25; i++) {
      expect((await a.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    }
    await a.close();
  });

  it('limits the member login too (configurable)', async () => {
    const a = await app({ loginRateLimit: { max: 2, timeWindow: 60_000 } });
    await memberLogin(a, 'M000001', 'x');
    await memberLogin(a, 'M000001', 'x');
    const limited = await memberLogin(a, 'M000001', 'x');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('auth.rate_limited');
    await a.close();
  });
});
