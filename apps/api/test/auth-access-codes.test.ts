import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { Config } from '../src/config.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { counterRandom, testBallotKeys, testConfig } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { newAssembly, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const clock = testClock();
let database: TestDatabase;
let ctx: ServiceContext;
let assemblyId: string;
let memberIds: string[];
let app: Awaited<ReturnType<typeof buildApp>>;
let admin: Record<string, string>;

function build(extra: Record<string, unknown> = {}) {
  return buildApp({
    config: { ...testConfig(), ...extra } as Config,
    db: database,
    clock,
    random: counterRandom(),
    logger: pino({ level: 'silent' }),
  });
}

const issue = (query = '', payload: unknown = {}, headers = admin) =>
  app.inject({
    method: 'POST',
    url: `/api/assemblies/${assemblyId}/access-codes${query}`,
    payload: payload as object,
    headers,
  });

/** Parses our CSV (cells may be quoted; none of the test data has line breaks). */
function parseCsv(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\r\n')
    .map((line) => (line.match(/("([^"]|"")*"|[^;]*)(;|$)/g) ?? []).slice(0, 7))
    .map((cells) =>
      cells.map((c) =>
        c
          .replace(/;$/, '')
          .replace(/^"(.*)"$/, '$1')
          .replaceAll('""', '"'),
      ),
    );
}

async function ledgerCount(type: string): Promise<number> {
  const row = await database.db
    .selectFrom('ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', type)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every row of every table as text, to prove a plain code is stored nowhere. */
async function dumpDatabase(): Promise<string> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(
    database.db,
  );
  let text = '';
  for (const { table_name } of rows) {
    const dump = await sql<{ t: string }>`SELECT t::text AS t FROM ${sql.table(table_name)} AS t`.execute(
      database.db,
    );
    text += dump.rows.map((r) => r.t).join('\n');
  }
  return text;
}

beforeAll(async () => {
  database = await createTestDatabase();
  ctx = { db: database.db, clock, random: counterRandom(), ballotKeys: testBallotKeys() };
  memberIds = await seedMembers(database, 3);
  // Register data comes from outside: names that a spreadsheet would run as formulas.
  await database.db
    .insertInto('members')
    .values([
      {
        member_number: 'M900001',
        given_name: '=HYPERLINK("http://evil","x")',
        family_name: '+SUM(A1)',
        email: '@evil.example',
        admission_date: '2020-01-01',
      },
      {
        member_number: 'M900002',
        given_name: '\tTab',
        family_name: 'Müller; Söhne',
        email: '-1+2',
        admission_date: '2020-01-01',
      },
    ])
    .execute();
  assemblyId = await newAssembly(ctx);
  app = await build();
  admin = bearer(staffToken(app, 'admin'));
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

describe('POST /api/assemblies/:assemblyId/access-codes', () => {
  it('rejects without token (401) and for a chair (403), changing nothing', async () => {
    const none = await issue('', {}, {});
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('auth.required');
    const chair = await issue('', {}, bearer(staffToken(app, 'chair')));
    expect(chair.statusCode).toBe(403);
    expect(chair.json().error.code).toBe('auth.forbidden');
    const member = await issue(
      '',
      {},
      bearer(
        app.jwt.sign({
          kind: 'member',
          sub: 'm',
          memberId: memberIds[0] ?? '',
          assemblyId,
          memberNumber: 'M000001',
        }),
      ),
    );
    expect(member.statusCode).toBe(403);
    expect(await database.db.selectFrom('access_codes').selectAll().execute()).toEqual([]);
  });

  it('rejects bad input with its code and changes nothing', async () => {
    const cases = [
      [await issue('', { memberIds: ['not-a-uuid'] }), 400, 'request.invalid'],
      [await issue('', { regenerate: true, everyone: true }), 400, 'request.unknown_field'],
      [await issue('?lang=fr'), 400, 'request.invalid'],
      [await issue('', { memberIds: ['00000000-0000-4000-8000-000000000000'] }), 404, 'member.not_found'],
      [
        await app.inject({
          method: 'POST',
          url: '/api/assemblies/00000000-0000-4000-8000-000000000001/access-codes',
          payload: {},
          headers: admin,
        }),
        404,
        'assembly.not_found',
      ],
    ] as const;
    for (const [res, status, code] of cases) {
      expect(res.statusCode).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
    expect(await database.db.selectFrom('access_codes').selectAll().execute()).toEqual([]);
    expect(await ledgerCount('access_codes.issued')).toBe(0);
  });

  it('returns the codes once as a CSV (BOM, ";", English headers, login links, formulas neutralised)', async () => {
    const res = await issue('?lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="access-codes-/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual([
      'Member number',
      'Given name',
      'Family name',
      'Email',
      'Access code',
      'Login link',
      'Assembly code',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['M000001', 'M000002', 'M000003', 'M900001', 'M900002']);
    const { code: assemblyCode } = await database.db
      .selectFrom('assemblies')
      .select('code')
      .where('id', '=', assemblyId)
      .executeTakeFirstOrThrow();
    for (const [number, , , , code, link, shortCode] of rows) {
      expect(shortCode).toBe(assemblyCode);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      const url = new URL(link ?? '');
      expect(link?.startsWith('http://localhost:80/join?')).toBe(true);
      expect(Object.fromEntries(url.searchParams)).toEqual({ code: assemblyCode, m: number, c: code });
    }
    expect(rows[3]?.slice(1, 4)).toEqual(['\'=HYPERLINK("http://evil","x")', "'+SUM(A1)", "'@evil.example"]);
    expect(rows[4]?.slice(1, 4)).toEqual(["'\tTab", 'Müller; Söhne', "'-1+2"]);
    expect(res.body).toContain('"Müller; Söhne"');

    // Only hashes are stored: no code appears anywhere in the database, in any spelling.
    const dump = await dumpDatabase();
    for (const row of rows) {
      const code = row[4] ?? '';
      expect(dump).not.toContain(code);
      expect(dump).not.toContain(code.replaceAll('-', ''));
    }
    const stored = await database.db.selectFrom('access_codes').select(['code_hash', 'issued_at']).execute();
    expect(stored).toHaveLength(5);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.code_hash))).toBe(true);
    const entry = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'access_codes.issued')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toEqual({ count: 5, replaced: 0, by: 'staff:admin' });

    // A code from the CSV logs its member in.
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/member/login',
      payload: { assemblyId, memberNumber: 'M000002', code: rows[1]?.[4] },
    });
    expect(login.statusCode).toBe(200);
  });

  it('cannot hand out the codes again: 409 auth.codes_already_issued, counts only', async () => {
    const again = await issue();
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('auth.codes_already_issued');
    const counts = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/access-codes`,
      headers: admin,
    });
    expect(counts.statusCode).toBe(200);
    expect(counts.json()).toEqual({ issued: 5, members: 5 });
  });

  it('issues codes only to members who have none, with German headers by default', async () => {
    const [late] = await seedMembers(database, 1, 'N');
    const res = await issue();
    const [header, ...rows] = parseCsv(res.body);
    expect(header).toEqual([
      'Mitgliedsnummer',
      'Vorname',
      'Nachname',
      'E-Mail',
      'Zugangscode',
      'Anmeldelink',
      'Versammlungscode',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['N000001']);
    expect(late).toBeDefined();
  });

  it('regenerates a code on request: the old one stops working, the new one works', async () => {
    const first = parseCsv((await issue('', { memberIds: [memberIds[0]], regenerate: true })).body)[1] ?? [];
    const second = parseCsv((await issue('', { memberIds: [memberIds[0]], regenerate: true })).body)[1] ?? [];
    expect(second[4]).not.toBe(first[4]);
    const login = (code: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/member/login',
        payload: { assemblyId, memberNumber: 'M000001', code },
      });
    expect((await login(first[4] ?? '')).statusCode).toBe(401);
    expect((await login(second[4] ?? '')).statusCode).toBe(200);
    const last = await database.db
      .selectFrom('ledger')
      .select('payload')
      .where('type', '=', 'access_codes.issued')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.payload).toMatchObject({ count: 1, replaced: 1 });
  });

  it('accepts a request without a body (all members without a code)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/access-codes`,
      headers: admin,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('auth.codes_already_issued');
  });

  it('uses the configured public URL for the login links', async () => {
    const other = await build({ publicUrl: 'https://gv.example.coop/' });
    const res = await other.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/access-codes`,
      payload: { memberIds: [memberIds[1]], regenerate: true },
      headers: bearer(staffToken(other, 'admin')),
    });
    const link = parseCsv(res.body)[1]?.[5] ?? '';
    expect(link).toMatch(/^https:\/\/gv\.example\.coop\/join\?code=[A-Z2-9]{6}&/);
    await other.close();
  });
});

describe('GET /api/assemblies/:assemblyId/access-codes', () => {
  it('rejects without token, for a chair and a malformed id', async () => {
    const url = `/api/assemblies/${assemblyId}/access-codes`;
    expect((await app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const chair = await app.inject({ method: 'GET', url, headers: bearer(staffToken(app, 'chair')) });
    expect(chair.json().error.code).toBe('auth.forbidden');
    const bad = await app.inject({ method: 'GET', url: '/api/assemblies/x/access-codes', headers: admin });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('request.invalid');
  });
});
