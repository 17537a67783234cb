import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMembersCsv } from '../src/modules/members/members-csv.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, staffToken } from './support/auth.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const GERMAN = [
  'Mitgliedsnummer;Vorname;Nachname;E-Mail;Geschäftsanteile;Eintrittsdatum;Austrittsdatum;Kündigung zum;Art;investierend;Stimmen',
  '1001;Jürgen;Müller;juergen@example.org;3;01.03.2019;;;natürliche Person;nein;1',
  '1002;;Bäckerei Größe GmbH;info@baeckerei.example;10;2020-07-15;;;juristische Person;ja;',
  '1003;Zoë;Weiß;;1;1.1.2015;31.12.2026;30.06.2026;natürliche Person;;2',
].join('\r\n');

const ENGLISH = [
  'member number,first name,last name,email,shares,admitted,kind',
  'E-1,Ada,Lovelace,ada@example.org,2,2021-05-01,natural',
  'E-2,,"Acme Partners, OHG",,4,2022-01-10,partnership',
].join('\n');

async function counts(database: TestDatabase) {
  const members = await database.db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const ledger = await database.db
    .selectFrom('ledger')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', '=', 'members.imported')
    .executeTakeFirstOrThrow();
  return { members: Number(members.n), imports: Number(ledger.n) };
}

describe('POST /api/members/import', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: string;
  const post = (csv: string, query = '', token = admin, contentType = 'text/csv; charset=utf-8') =>
    app.inject({
      method: 'POST',
      url: `/api/members/import${query}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: csv,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    admin = staffToken(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('imports German headers, `;`, umlauts and German dates', async () => {
    const res = await post(GERMAN);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      refused: 0,
      delimiter: ';',
      mode: 'all_or_nothing',
    });
    expect(report.lines.map((l: { line: number; status: string }) => [l.line, l.status])).toEqual([
      [2, 'created'],
      [3, 'created'],
      [4, 'created'],
    ]);
    const rows = await database.db
      .selectFrom('members')
      .selectAll()
      .where('member_number', 'like', '100%')
      .orderBy('member_number')
      .execute();
    expect(
      rows.map((r) => [
        r.given_name,
        r.family_name,
        r.shares,
        r.admission_date,
        r.kind,
        r.investing,
        r.votes,
      ]),
    ).toEqual([
      ['Jürgen', 'Müller', 3, '2019-03-01', 'natural_person', false, 1],
      ['', 'Bäckerei Größe GmbH', 10, '2020-07-15', 'legal_person', true, 1],
      ['Zoë', 'Weiß', 1, '2015-01-01', 'natural_person', false, 2],
    ]);
    expect(rows[1]?.is_legal_person).toBe(true);
    expect([rows[2]?.exit_date, rows[2]?.notice_given_on, rows[2]?.email]).toEqual([
      '2026-12-31',
      '2026-06-30',
      null,
    ]);
  });

  it('imports English headers with `,` and quoted fields, and a UTF-8 BOM', async () => {
    const res = await post(`\uFEFF${ENGLISH}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, refused: 0, delimiter: ',' });
    const acme = await database.db
      .selectFrom('members')
      .selectAll()
      .where('member_number', '=', 'E-2')
      .executeTakeFirstOrThrow();
    expect([acme.family_name, acme.kind, acme.shares]).toEqual(['Acme Partners, OHG', 'partnership', 4]);
  });

  it('re-import reports unchanged lines and updates only what changed, naming the fields', async () => {
    const before = await counts(database);
    const changed = GERMAN.replace('juergen@example.org;3;', 'jm@example.org;5;');
    const res = await post(changed);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 2, refused: 0 });
    expect(report.lines[0]).toMatchObject({
      line: 2,
      memberNumber: '1001',
      status: 'updated',
      changes: ['email', 'shares'],
    });
    const after = await counts(database);
    expect(after).toEqual({ members: before.members, imports: before.imports + 1 });
    const row = await database.db
      .selectFrom('members')
      .selectAll()
      .where('member_number', '=', '1001')
      .executeTakeFirstOrThrow();
    expect([row.email, row.shares, row.given_name]).toEqual(['jm@example.org', 5, 'Jürgen']);
  });

  it('writes one ledger entry per import with the counts and the sha256 of the file', async () => {
    const entry = await database.db
      .selectFrom('ledger')
      .select(['payload'])
      .where('type', '=', 'members.imported')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.payload).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 2,
      refused: 0,
      mode: 'all_or_nothing',
    });
    expect(entry.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  const WITH_ONE_BAD = [
    'Mitglieds-Nr.;Vorname;Nachname;Anteile;Beitritt;Austrittsdatum;E-Mail',
    '2001;Anna;Schäfer;2;2023-02-01;;anna@example.org',
    '2002;Bernd;Öztürk;-1;31.02.2023;2020-01-01;kein-mail',
    '2003;Clara;Ärmel;1;2023-02-03;;',
  ].join('\n');

  it('a file with one bad line answers 422 members.csv_has_errors with the report, and changes nothing', async () => {
    const before = await counts(database);
    const res = await post(WITH_ONE_BAD);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('members.csv_has_errors');
    const report = body.error.details.report;
    expect(report).toMatchObject({ created: 2, refused: 1 });
    const bad = report.lines.find((l: { line: number }) => l.line === 3);
    expect(bad.status).toBe('refused');
    expect(bad.errors.map((e: { field: string; code: string }) => [e.field, e.code])).toEqual([
      ['shares', 'members.out_of_range'],
      ['admissionDate', 'members.invalid_date'],
      ['email', 'members.invalid_email'],
    ]);
    expect(await counts(database)).toEqual(before);
  });

  it('the same file with mode=valid_lines imports the good lines and refuses the bad one with reasons', async () => {
    const res = await post(WITH_ONE_BAD, '?mode=valid_lines');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ mode: 'valid_lines', created: 2, refused: 1 });
    expect(report.lines[1]).toMatchObject({ line: 3, memberNumber: '2002', status: 'refused' });
    const numbers = await database.db
      .selectFrom('members')
      .select('member_number')
      .where('member_number', 'like', '200%')
      .orderBy('member_number')
      .execute();
    expect(numbers.map((n) => n.member_number)).toEqual(['2001', '2003']);
  });

  it('refuses every line of a member number that appears twice in the file', async () => {
    const csv = [
      'Nr;Vorname;Nachname;Eintritt',
      '3001;A;Eins;2024-01-01',
      '3002;B;Zwei;2024-01-01',
      '3001;C;Drei;2024-01-01',
    ].join('\n');
    const res = await post(csv, '?mode=valid_lines');
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ created: 1, refused: 2 });
    expect(report.lines[0].errors[0]).toMatchObject({
      field: 'memberNumber',
      code: 'members.duplicate_number',
    });
    expect(report.lines[0].errors[0].message).toContain('line 4');
  });

  it('refuses an exit date before admission, missing required values and a wrong field count', async () => {
    const csv = [
      'Nr;Vorname;Nachname;Eintritt;Austritt',
      '4001;A;;2024-01-01;2023-12-31',
      '4002;B;Zwei;2024-01-01',
    ].join('\n');
    const res = await post(csv, '?mode=valid_lines&dryRun=true');
    const [first, second] = res.json().lines;
    expect(first.errors.map((e: { code: string }) => e.code)).toEqual([
      'members.field_required',
      'members.exit_before_admission',
    ]);
    expect(second.errors.map((e: { code: string }) => e.code)).toEqual(['members.column_count']);
  });

  it('dryRun reports what would happen and writes nothing', async () => {
    const before = await counts(database);
    const csv = [
      'member_number;given_name;family_name;admission_date',
      '5001;Dora;Dry;2024-01-01',
      '1001;Jürgen;Maier;2019-03-01',
    ].join('\n');
    const res = await post(csv, '?dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, created: 1, updated: 1 });
    expect(res.json().lines[1].changes).toEqual(['familyName']);
    expect(await counts(database)).toEqual(before);
  });

  it('refuses a file without the required columns, not UTF-8, or not CSV (members.csv_invalid), changing nothing', async () => {
    const before = await counts(database);
    const missing = await post('Vorname;Nachname\nA;B');
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error).toMatchObject({
      code: 'members.csv_invalid',
      details: { missing: ['memberNumber', 'admissionDate'] },
    });
    const latin1 = await post(
      Buffer.from('Nr;Vorname;Nachname;Eintritt\n1;J\xfcrgen;M;2024-01-01', 'latin1') as unknown as string,
    );
    expect(latin1.json().error).toMatchObject({
      code: 'members.csv_invalid',
      details: { reason: 'encoding' },
    });
    const headerOnly = await post('Nr;Vorname;Nachname;Eintritt\n');
    expect(headerOnly.json().error.code).toBe('members.csv_invalid');
    const twice = await post('Nr;Mitgliedsnummer;Vorname;Nachname;Eintritt\n1;1;A;B;2024-01-01');
    expect(twice.json().error.code).toBe('members.csv_invalid');
    expect(await counts(database)).toEqual(before);
  });

  it('rejects bad query parameters and an empty body (400 request.invalid)', async () => {
    expect((await post(GERMAN, '?mode=some')).json().error.code).toBe('request.invalid');
    expect((await post(GERMAN, '?extra=1')).json().error.code).toBe('request.unknown_field');
    expect((await post('', '')).statusCode).toBe(400);
    const json = await app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: bearer(admin),
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(400);
  });

  it('refuses a file with a NUL character (PostgreSQL cannot store it) and imports nothing', async () => {
    const before = await counts(database);
    const res = await post(GERMAN.replace('Müller', 'Mül\u0000ler'));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'request.invalid', details: { in: 'body' } });
    expect(await counts(database)).toEqual(before);
  });

  it('rejects without token (401 auth.required)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/members/import',
      headers: { 'content-type': 'text/csv' },
      payload: GERMAN,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('auth.required');
  });

  it('rejects wrong role (403 auth.forbidden): an auditor cannot import', async () => {
    const before = await counts(database);
    for (const role of ['auditor', 'desk', 'chair'] as const) {
      const res = await post(GERMAN, '', staffToken(app, role));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('auth.forbidden');
    }
    expect(await counts(database)).toEqual(before);
  });
});

describe('POST /api/members/import on the embedded database (PGlite)', () => {
  it('creates, then updates, with the same batch statements', async () => {
    const database = await createTestDatabase({ driver: 'pglite' });
    const app = await buildTestApp(database);
    const post = (csv: string) =>
      app.inject({
        method: 'POST',
        url: '/api/members/import',
        headers: { ...bearer(staffToken(app, 'admin')), 'content-type': 'text/csv' },
        payload: csv,
      });
    try {
      expect((await post(GERMAN)).json()).toMatchObject({ created: 3 });
      const res = await post(GERMAN.replace(';3;01.03.2019;', ';4;01.03.2019;'));
      expect(res.json()).toMatchObject({ updated: 1, unchanged: 2 });
      const search = await app.inject({
        method: 'GET',
        url: '/api/members?q=muller',
        headers: bearer(staffToken(app, 'desk')),
      });
      expect(search.json().items.map((m: { memberNumber: string }) => m.memberNumber)).toEqual(['1001']);
    } finally {
      await app.close();
      await database.dispose();
    }
  });
});

describe('parseMembersCsv', () => {
  it('reports the file line each record starts on, skipping blank and empty lines', () => {
    const csv =
      'Nr;Vorname;Nachname;Eintritt\r\n\r\n1;"Anna\r\nMaria";Muster;2024-01-01\r\n;;;\r\n2;Bernd;Muster;2024-01-01\r\n';
    const parsed = parseMembersCsv(csv);
    expect(parsed.lines.map((l) => [l.line, l.memberNumber, l.values?.givenName])).toEqual([
      [3, '1', 'Anna\r\nMaria'],
      [6, '2', 'Bernd'],
    ]);
  });

  it('detects the delimiter from the header line and ignores unknown columns', () => {
    const parsed = parseMembersCsv('Notiz,Mitgliedsnummer,Vorname,Nachname,Eintritt\n"a;b",1,A,B,2024-01-01');
    expect([parsed.delimiter, parsed.ignoredColumns, parsed.lines[0]?.values?.memberNumber]).toEqual([
      ',',
      ['Notiz'],
      '1',
    ]);
  });
});
