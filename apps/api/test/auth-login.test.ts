import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import { issueAccessCodes } from '../src/modules/auth/access-codes.service.ts';
import { createStaffUser } from '../src/modules/auth/staff-users.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { counterRandom, testBallotKeys, testConfig } from './support/app.ts';
import { bearer } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { newAssembly, seedMembers } from './support/fixtures.ts';
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

  it('slows down wrong passwords from one address with a growing wait of at most a few seconds, never the right one from elsewhere', async () => {
    const a = await app({ loginMaxDelaySeconds: 5 });
    const from = (ip: string) => ({ remoteAddress: ip });
    const login = (password: string, ip: string) =>
      a.inject({
        method: 'POST',
        url: '/api/auth/staff/login',
        payload: { username: 'locky', password },
        ...from(ip),
      });
    // Three wrong attempts cost nothing, the fourth makes this address wait a second.
    for (let i = 1; i <= 4; i++)
      expect((await login(`wrong-${i}-password`, '10.0.0.1')).statusCode).toBe(401);
    const throttled = await login(PASSWORD, '10.0.0.1');
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('auth.throttled');
    expect(throttled.headers['retry-after']).toBe('1');
    // Another address is not affected: the right password gets in at once.
    expect((await login(PASSWORD, '10.0.0.2')).statusCode).toBe(200);
    // Hammering while throttled does not lengthen the wait.
    for (let i = 0; i < 10; i++) expect((await login('hammer-hammer', '10.0.0.1')).statusCode).toBe(429);
    expect((await login(PASSWORD, '10.0.0.1')).headers['retry-after']).toBe('1');
    // The wait doubles with every wrong attempt, up to the cap.
    const waits: string[] = [];
    for (let i = 0; i < 6; i++) {
      clock.advance(5_000);
      expect((await login(`again-${i}-wrong`, '10.0.0.1')).statusCode).toBe(401);
      waits.push(String((await login(PASSWORD, '10.0.0.1')).headers['retry-after']));
    }
    expect(waits).toEqual(['2', '4', '5', '5', '5', '5']);
    // Once the wait is over, the right password gets in and clears the count for this address.
    clock.advance(5_000);
    expect((await login(PASSWORD, '10.0.0.1')).statusCode).toBe(200);
    expect((await login('wrong-after-success', '10.0.0.1')).statusCode).toBe(401);
    expect((await login(PASSWORD, '10.0.0.1')).statusCode).toBe(200);
    await a.close();
  });

  it('a burst of parallel wrong attempts from one address gets no more checks than a slow run would', async () => {
    const a = await app();
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        a.inject({
          method: 'POST',
          url: '/api/auth/staff/login',
          payload: { username: 'Chair.One', password: `parallel-guess-${i}` },
          remoteAddress: '10.7.0.1',
        }),
      ),
    );
    const codes = burst.map((r) => r.json().error.code);
    // Three free checks and the one that starts the wait; every other attempt waits unchecked.
    expect(codes.filter((c) => c === 'auth.invalid_credentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'auth.throttled')).toHaveLength(36);
    clock.advance(60_000);
    await a.close();
  });

  it('throttles unknown usernames too, so a throttle tells nothing', async () => {
    const a = await app();
    for (let i = 1; i <= 4; i++) await staffLogin(a, 'ghost', 'whatever-password');
    expect((await staffLogin(a, 'ghost', 'whatever-password')).json().error.code).toBe('auth.throttled');
    clock.advance(60_000);
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

  it("R30: refuses a wrong code, another member's code, an unknown number and a member without code, keeps each refusal without the code, and puts counts in the ledger", async () => {
    const a = await app();
    const ledgerBefore = await database.db.selectFrom('ledger').select('seq').execute();
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
      .selectFrom('login_refusals')
      .selectAll()
      .where('kind', '=', 'member')
      .where('summarised_at', 'is', null)
      .orderBy('id')
      .execute();
    expect(refused.map((r) => [r.login, r.reason])).toEqual(attempts.map(([n, , reason]) => [n, reason]));
    expect(refused.every((r) => r.assembly_id === assemblyId && r.source === '127.0.0.1')).toBe(true);
    expect(JSON.stringify(refused)).not.toContain('AAAA');
    // No ledger entry per attempt: nobody can grow the ledger or queue on its lock by failing logins.
    expect(await database.db.selectFrom('ledger').select('seq').execute()).toHaveLength(ledgerBefore.length);
    await a.refusalSummariser.runOnce();
    const summary = await database.db
      .selectFrom('ledger')
      .select(['payload', 'assembly_id'])
      .where('type', '=', 'logins.refused')
      .where('assembly_id', '=', assemblyId)
      .execute();
    expect(summary).toHaveLength(1);
    expect(summary[0]?.payload).toMatchObject({
      kind: 'member',
      total: 4,
      logins: 3,
      sources: 1,
      reasons: { wrong_code: 2, unknown_member: 1, no_code: 1 },
    });
    // Summarised once: a second run adds nothing.
    await a.refusalSummariser.runOnce();
    expect(
      await database.db
        .selectFrom('ledger')
        .select('seq')
        .where('type', '=', 'logins.refused')
        .where('assembly_id', '=', assemblyId)
        .execute(),
    ).toHaveLength(1);
    await a.close();
  });

  it('wrong codes for a member number from other addresses never keep the member out', async () => {
    const a = await app();
    const code = codes.get('M000003') ?? '';
    const login = (c: string, ip: string) =>
      a.inject({
        method: 'POST',
        url: '/api/auth/member/login',
        payload: { assemblyId, memberNumber: 'M000003', code: c },
        remoteAddress: ip,
      });
    for (let i = 0; i < 8; i++) await login('ZZZZ-ZZZZ-ZZZZ', `10.9.0.${i % 2}`);
    expect((await login(code, '10.9.0.1')).json().error.code).toBe('auth.throttled');
    expect((await login(code, '10.1.1.1')).statusCode).toBe(200);
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
  it('answers 429 auth.rate_limited in the error shape after the configured requests a minute per address', async () => {
    const a = await app({ loginRatePerAddress: 20 });
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
