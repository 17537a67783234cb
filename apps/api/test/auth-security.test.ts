import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { SESSION_CACHE_MS } from '../src/http/auth.ts';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { issueAccessCodes } from '../src/modules/auth/access-codes.service.ts';
import { createStaffUser } from '../src/modules/auth/staff-users.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { createPoll } from '../src/modules/polls/polls.service.ts';
import { counterRandom, testBallotKeys, testConfig } from './support/app.ts';
import { bearer } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { chair, newAssembly, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const PASSWORD = 'correct horse battery';
const clock = testClock();
let database: TestDatabase;
let ctx: ServiceContext;
let app: FastifyInstance;
let assemblyId: string;
let otherAssemblyId: string;
let memberIds: string[];
let codes: Map<string, string>;
let staffIds: Map<string, string>;

function build(overrides: Record<string, unknown> = {}) {
  return buildApp({
    config: { ...testConfig(), ...overrides },
    db: database,
    clock,
    random: counterRandom(),
    logger: pino({ level: 'silent' }),
  });
}

async function staffLogin(username: string, ip = '127.0.0.1'): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/staff/login',
    payload: { username, password: PASSWORD },
    remoteAddress: ip,
  });
  expect(res.statusCode).toBe(200);
  return res.json().token;
}

const memberLogin = (memberNumber: string, code: string, ip = '127.0.0.1') =>
  app.inject({
    method: 'POST',
    url: '/api/auth/member/login',
    payload: { assemblyId, memberNumber, code },
    remoteAddress: ip,
  });

const me = (token: string) => app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = { db: database.db, clock, random: counterRandom(), ballotKeys: testBallotKeys() };
  staffIds = new Map();
  for (const [username, role] of [
    ['boss', 'admin'],
    ['desker', 'desk'],
    ['chairy', 'chair'],
    ['auditee', 'auditor'],
  ] as const) {
    const user = await createStaffUser(ctx, { username, password: PASSWORD, role });
    staffIds.set(username, user.id);
  }
  memberIds = await seedMembers(database, 4);
  assemblyId = await newAssembly(ctx);
  otherAssemblyId = await newAssembly(ctx);
  const issued = await issueAccessCodes(ctx, assemblyId);
  codes = new Map(issued.map((c) => [c.memberNumber, c.code]));
  app = await build();
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('login throttles: seen and lifted by the desk and the chair', () => {
  it('lists the throttled member logins of an assembly with their address, and lifting lets the member in at once', async () => {
    const desk = await staffLogin('desker');
    const chairToken = await staffLogin('chairy');
    // Three wrong codes are free, the fourth makes this address wait.
    for (let i = 0; i < 4; i++) {
      expect((await memberLogin('M000001', 'WRNG-WRNG-WRNG', '10.2.0.1')).statusCode).toBe(401);
    }
    const code = codes.get('M000001') ?? '';
    expect((await memberLogin('M000001', code, '10.2.0.1')).json().error.code).toBe('auth.throttled');

    const list = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/login-throttles`,
      headers: bearer(desk),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().throttles).toEqual([
      expect.objectContaining({ login: 'M000001', source: '10.2.0.1', failures: 4 }),
    ]);
    // Another assembly's list does not show them.
    const other = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${otherAssemblyId}/login-throttles`,
      headers: bearer(desk),
    });
    expect(other.json().throttles).toEqual([]);

    const lift = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/login-throttles/lift`,
      headers: bearer(chairToken),
      payload: { memberNumber: 'M000001' },
    });
    expect(lift.statusCode).toBe(200);
    expect(lift.json()).toEqual({ lifted: 1 });
    expect((await memberLogin('M000001', code, '10.2.0.1')).statusCode).toBe(200);
    const entry = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'login_throttle.lifted')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toEqual({ memberNumber: 'M000001', addresses: 1, by: 'staff:chairy' });
    // Lifting again finds nothing and records nothing.
    const again = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/login-throttles/lift`,
      headers: bearer(chairToken),
      payload: { memberNumber: 'M000001' },
    });
    expect(again.json()).toEqual({ lifted: 0 });
  });

  it('is refused to the auditor and to members, and to bad input', async () => {
    const auditor = await staffLogin('auditee');
    const memberToken = (await memberLogin('M000002', codes.get('M000002') ?? '')).json().token;
    for (const token of [auditor, memberToken]) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/assemblies/${assemblyId}/login-throttles`,
        headers: bearer(token),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    const desk = await staffLogin('desker');
    const bad = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/login-throttles/lift`,
      headers: bearer(desk),
      payload: { memberNumber: 'M000001', all: true },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.unknown_field');
  });

  it('admins see and lift staff throttles; the desk may not', async () => {
    for (let i = 0; i < 4; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/staff/login',
        payload: { username: 'chairy', password: 'not-the-password' },
        remoteAddress: '10.3.0.1',
      });
    }
    const admin = await staffLogin('boss');
    const desk = await staffLogin('desker');
    const list = await app.inject({ method: 'GET', url: '/api/login-throttles', headers: bearer(admin) });
    expect(list.json().throttles).toEqual([
      expect.objectContaining({ login: 'chairy', source: '10.3.0.1', failures: 4 }),
    ]);
    const denied = await app.inject({
      method: 'POST',
      url: '/api/login-throttles/lift',
      headers: bearer(desk),
      payload: { username: 'chairy' },
    });
    expect(denied.statusCode).toBe(403);
    const lift = await app.inject({
      method: 'POST',
      url: '/api/login-throttles/lift',
      headers: bearer(admin),
      payload: { username: 'Chairy' },
    });
    expect(lift.json()).toEqual({ lifted: 1 });
    expect(await staffLogin('chairy', '10.3.0.1')).toBeTypeOf('string');
  });
});

describe('sessions end at once', () => {
  it('disabling a staff account refuses its very next request with 401, in this process at once and in others within seconds', async () => {
    const admin = await staffLogin('boss');
    const desk = await staffLogin('desker');
    const second = await build();
    try {
      // The other process has seen (and cached) the session as open.
      expect(
        (await second.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(desk) })).statusCode,
      ).toBe(200);
      expect((await me(desk)).statusCode).toBe(200);
      const disabled = await app.inject({
        method: 'POST',
        url: `/api/staff-users/${staffIds.get('desker')}/disable`,
        headers: bearer(admin),
      });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json().disabledAt).not.toBeNull();
      const next = await app.inject({
        method: 'GET',
        url: `/api/assemblies/${assemblyId}/login-throttles`,
        headers: bearer(desk),
      });
      expect(next.statusCode).toBe(401);
      expect(next.json().error.code).toBe('auth.required');
      await new Promise((resolve) => setTimeout(resolve, SESSION_CACHE_MS + 200));
      expect(
        (await second.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(desk) })).statusCode,
      ).toBe(401);
    } finally {
      await second.close();
    }
    // Disabled accounts cannot log in; enabling does not bring the old token back.
    const refused = await app.inject({
      method: 'POST',
      url: '/api/auth/staff/login',
      payload: { username: 'desker', password: PASSWORD },
      remoteAddress: '10.4.0.1',
    });
    expect(refused.statusCode).toBe(401);
    const enabled = await app.inject({
      method: 'POST',
      url: `/api/staff-users/${staffIds.get('desker')}/enable`,
      headers: bearer(admin),
    });
    expect(enabled.json().disabledAt).toBeNull();
    expect((await me(desk)).statusCode).toBe(401);
    expect((await me(await staffLogin('desker', '10.4.0.2'))).statusCode).toBe(200);
    const kinds = await database.db
      .selectFrom('ledger')
      .select('type')
      .where('type', 'in', ['staff_user.disabled', 'staff_user.enabled'])
      .orderBy('seq')
      .execute();
    expect(kinds.map((k) => k.type)).toEqual(['staff_user.disabled', 'staff_user.enabled']);
  });

  it('only an admin disables accounts; an unknown id is a 404', async () => {
    const chairToken = await staffLogin('chairy');
    const res = await app.inject({
      method: 'POST',
      url: `/api/staff-users/${staffIds.get('desker')}/disable`,
      headers: bearer(chairToken),
    });
    expect(res.statusCode).toBe(403);
    const admin = await staffLogin('boss');
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/staff-users/00000000-0000-4000-8000-000000000099/disable',
      headers: bearer(admin),
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('auth.staff_user_not_found');
  });

  it("regenerating a member's access code refuses the old token with 401; other members stay logged in", async () => {
    const admin = await staffLogin('boss');
    const old = (await memberLogin('M000003', codes.get('M000003') ?? '')).json().token;
    const neighbour = (await memberLogin('M000004', codes.get('M000004') ?? '')).json().token;
    expect((await me(old)).statusCode).toBe(200);
    const regenerated = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/access-codes?lang=en`,
      headers: bearer(admin),
      payload: { regenerate: true, memberIds: [memberIds[2]] },
    });
    expect(regenerated.statusCode).toBe(200);
    const res = await me(old);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
    expect((await me(neighbour)).statusCode).toBe(200);
    // The new code logs in.
    const line = regenerated.body.split('\n').find((l) => l.startsWith('M000003;')) ?? '';
    const newCode = line.split(';')[4] ?? '';
    const fresh = await memberLogin('M000003', newCode);
    expect(fresh.statusCode).toBe(200);
    expect((await me(fresh.json().token)).statusCode).toBe(200);
  });
});

describe('cross-site requests', () => {
  let pollId: string;
  let cookie: string;
  beforeAll(async () => {
    const item = await addAgendaItem(ctx, assemblyId, { kind: 'motion', title: 'CSRF' }, chair);
    pollId = (await createPoll(ctx, assemblyId, { agendaItemId: item.id }, chair)).id;
    cookie = `plenum_token=${await staffLogin('chairy')}`;
  });

  const pollStatus = async () =>
    (
      await database.db
        .selectFrom('polls')
        .select('status')
        .where('id', '=', pollId)
        .executeTakeFirstOrThrow()
    ).status;

  it('refuses a body-less or text/plain request that has only the cookie, with 403 request.cross_site, and changes nothing', async () => {
    for (const headers of [{ cookie }, { cookie, 'content-type': 'text/plain' }]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/open`,
        headers,
        ...('content-type' in headers ? { payload: 'x' } : {}),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('request.cross_site');
    }
    const admin = `plenum_token=${await staffLogin('boss')}`;
    const before = await database.db.selectFrom('members').select('id').execute();
    const csv = await app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: { cookie: admin, 'content-type': 'text/plain' },
      payload: 'member_number;given_name;family_name;admission_date\nX1;A;B;2020-01-01\n',
    });
    expect(csv.statusCode).toBe(403);
    expect(csv.json().error.code).toBe('request.cross_site');
    expect(await database.db.selectFrom('members').select('id').execute()).toHaveLength(before.length);
    expect(await pollStatus()).toBe('draft');
  });

  it('refuses a cross-site Origin or Sec-Fetch-Site even with a JSON body', async () => {
    for (const headers of [
      { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      { cookie, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      { cookie, 'sec-fetch-site': 'same-site', 'content-type': 'application/json' },
    ]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/open`,
        headers,
        payload: '{}',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('request.cross_site');
    }
    expect(await pollStatus()).toBe('draft');
  });

  it('lets the web app (matching Origin or Sec-Fetch-Site same-origin) and Bearer clients through', async () => {
    const sameOrigin = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/open`,
      headers: { cookie, origin: 'http://localhost:80', host: 'localhost:80' },
    });
    expect(sameOrigin.statusCode).toBe(200);
    const close = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/close`,
      headers: { cookie, 'sec-fetch-site': 'same-origin' },
    });
    expect(close.statusCode).toBe(200);
    const logout = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: bearer(await staffLogin('chairy')),
    });
    expect(logout.statusCode).toBe(204);
  });
});

describe('security headers', () => {
  it('sends helmet headers and a content security policy that allows the built app by hash', async () => {
    const webDir = mkdtempSync(join(tmpdir(), 'plenum-web-'));
    const bootstrap = '\n  window.started = true;\n';
    writeFileSync(
      join(webDir, 'index.html'),
      `<!doctype html><html><body><script>${bootstrap}</script></body></html>`,
    );
    const web = await build({ webDir });
    try {
      for (const url of ['/', '/api/health', '/member/x']) {
        const res = await web.inject({ method: 'GET', url });
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['referrer-policy']).toBe('same-origin');
        expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
        const csp = String(res.headers['content-security-policy']);
        const hash = createHash('sha256').update(bootstrap).digest('base64');
        expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(csp).not.toContain('unsafe-eval');
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      }
    } finally {
      await web.close();
    }
  });
});

describe('client addresses behind a proxy', () => {
  it.each([
    ['a hop count', 1],
    ['the proxy address', ['127.0.0.1']],
    ['the proxy network', ['127.0.0.0/8']],
  ] as const)(
    'with %s, a client cannot escape the per-address limit by writing its own X-Forwarded-For',
    async (_name, trustProxy) => {
      const limited = await build({ trustProxy, loginRatePerAddress: 3 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) {
          const res = await limited.inject({
            method: 'POST',
            url: '/api/auth/staff/login',
            payload: {},
            remoteAddress: '127.0.0.1',
            // The client wrote a fresh address each time; the proxy appended the one it saw.
            headers: { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.20` },
          });
          statuses.push(res.statusCode);
        }
        expect(statuses).toEqual([400, 400, 400, 429, 429, 429]);
        // Another real client behind the same proxy has its own budget.
        const other = await limited.inject({
          method: 'POST',
          url: '/api/auth/staff/login',
          payload: {},
          remoteAddress: '127.0.0.1',
          headers: { 'x-forwarded-for': '198.51.100.21' },
        });
        expect(other.statusCode).toBe(400);
      } finally {
        await limited.close();
      }
    },
  );

  it('without a trusted proxy, X-Forwarded-For is ignored altogether', async () => {
    const limited = await build({ trustProxy: false, loginRatePerAddress: 2 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await limited.inject({
          method: 'POST',
          url: '/api/auth/staff/login',
          payload: {},
          remoteAddress: '10.9.9.9',
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
