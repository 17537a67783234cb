import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { invitationContent } from '../src/modules/invitations/invitation-pdf.ts';
import { currentInvitationModel } from '../src/modules/invitations/invitations.service.ts';
import { readLedger, readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { buildTestApp } from './support/app.ts';
import { staffToken } from './support/auth.ts';
import { chair, FIXTURE_CONVENING, newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('the invitation at convening: PDF and mail merge in German and English', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let assemblyId: string;

  const get = (url: string, token: string) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { cooperativeName: 'Musterstadt eG' });
    await seedMembers(database, 3);
    await database.db
      .insertInto('members')
      .values([
        // Left before the assembly: not invited.
        {
          member_number: 'X000001',
          given_name: 'Alt',
          family_name: 'Ausgetreten',
          admission_date: '2020-01-01',
          exit_date: '2025-12-31',
        },
        // Admitted after the assembly: not invited.
        { member_number: 'X000002', given_name: 'Neu', family_name: 'Später', admission_date: '2026-09-01' },
        // A name a spreadsheet would run as a formula, and a legal person.
        {
          member_number: 'X000003',
          given_name: '=HYPERLINK("http://evil")',
          family_name: 'Formel',
          email: '@x.example',
          admission_date: '2020-01-01',
        },
        {
          member_number: 'X000004',
          given_name: '',
          family_name: 'Bäckerei Korn GmbH',
          kind: 'legal_person',
          is_legal_person: true,
          admission_date: '2020-01-01',
        },
        // Investing members are members: invited.
        {
          member_number: 'X000005',
          given_name: 'Ina',
          family_name: 'Investor',
          investing: true,
          admission_date: '2020-01-01',
        },
      ])
      .execute();
    const ctx = serviceContext(database);
    assemblyId = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    await addAgendaItem(
      ctx,
      assemblyId,
      {
        kind: 'motion',
        title: 'Satzungsänderung § 5',
        proposer: 'Vorstand',
        body: 'Die Versammlung beschließt:\n\n1. § 5 wird neu gefasst.\n2. Die Änderung gilt ab 2027.',
      },
      chair,
    );
    await addAgendaItem(ctx, assemblyId, { kind: 'information_only', title: 'Verschiedenes' }, chair);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('R16: before the convening both files are refused with assembly.not_convened, and nothing changes', async () => {
    const before = await readLedgerHead(database.db);
    for (const file of ['invitation.pdf', 'invitation.csv']) {
      for (const lang of ['de', 'en']) {
        const res = await get(`/api/assemblies/${assemblyId}/${file}?lang=${lang}`, staffToken(app, 'chair'));
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json().error.code).toBe('assembly.not_convened');
      }
    }
    expect(await readLedgerHead(database.db)).toEqual(before);
  });

  it('R16: the convening renders the invitation PDF in both languages and the ledger entry carries their sha256', async () => {
    const convened = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/convene`,
      headers: { authorization: `Bearer ${staffToken(app, 'chair')}` },
      payload: { ...FIXTURE_CONVENING, proxyDeadline: '2026-06-19T16:00:00.000Z' },
    });
    expect(convened.statusCode, convened.body).toBe(200);
    const entry = (await readLedger(database.db)).find(
      (e) => e.type === 'assembly.convened' && e.assemblyId === assemblyId,
    );
    const payload = entry?.payload as { invitationSha256: Record<string, string> } | undefined;
    const recorded = payload?.invitationSha256 ?? {};
    for (const lang of ['de', 'en'] as const) {
      for (const role of ['chair', 'admin'] as const) {
        const res = await get(
          `/api/assemblies/${assemblyId}/invitation.pdf?lang=${lang}`,
          staffToken(app, role),
        );
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-type']).toBe('application/pdf');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="invitation.${lang}.pdf"`);
        expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
        const sha = createHash('sha256').update(res.rawPayload).digest('hex');
        expect(sha).toBe(recorded[lang]);
        expect(res.headers['x-content-sha256']).toBe(sha);
      }
    }
    expect(recorded.de).not.toBe(recorded.en);
    // The desk and auditors do not send invitations.
    const desk = await get(`/api/assemblies/${assemblyId}/invitation.pdf`, staffToken(app, 'desk'));
    expect(desk.statusCode).toBe(403);
  });

  it('R16: an item added after the convening does not change the invitation that went out', async () => {
    const first = await get(`/api/assemblies/${assemblyId}/invitation.pdf?lang=de`, staffToken(app, 'chair'));
    await addAgendaItem(
      serviceContext(database),
      assemblyId,
      { kind: 'information_only', title: 'Spät' },
      chair,
    );
    const again = await get(`/api/assemblies/${assemblyId}/invitation.pdf?lang=de`, staffToken(app, 'chair'));
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
  });

  it('R16: the invitation states cooperative, date in the statute time zone, form, join link, agenda, proxies and notice', async () => {
    const ctx = { ...serviceContext(database), site: { cooperativeName: 'Musterstadt eG' } };
    const de = invitationContent(await currentInvitationModel(ctx, assemblyId, 'de', 'https://gv.example'));
    expect(de.title).toBe('Einladung zur Generalversammlung');
    expect(de.letterhead).toEqual(['Musterstadt eG', 'Sitz: Berlin']);
    expect(de.facts).toEqual(
      expect.arrayContaining([
        ['Versammlung', 'Ordentliche Generalversammlung 2026'],
        ['Datum und Uhrzeit', '20. Juni 2026 um 12:00 MESZ'],
        ['Form', 'hybride Versammlung (im Saal und online)'],
        ['Ort', 'Berlin'],
        ['Online teilnehmen', expect.stringMatching(/^https:\/\/gv\.example\/join\?code=[A-Z2-9]{6}$/)],
        ['Zugangsdaten', FIXTURE_CONVENING.accessDetails],
      ]),
    );
    expect(de.items[0]).toEqual({
      heading: 'TOP 1: Satzungsänderung § 5',
      proposer: 'Antrag von: Vorstand',
      lines: ['Die Versammlung beschließt:', '1. § 5 wird neu gefasst.', '2. Die Änderung gilt ab 2027.'],
    });
    expect(de.proxyLines).toContain('Vollmachten werden bis 19. Juni 2026 um 18:00 MESZ angenommen.');
    expect(de.proxyLines).toContain('Ein Bevollmächtigter vertritt höchstens 2 Mitglieder.');
    expect(de.noticeLine).toBe(
      'Diese Einladung gilt als zugegangen am 20. Mai 2026; sie geht auf folgendem Weg zu: in Textform (Brief oder E-Mail) an jedes Mitglied.',
    );
    const en = invitationContent(await currentInvitationModel(ctx, assemblyId, 'en', 'https://gv.example'));
    expect(en.title).toBe('Invitation to the general assembly');
    expect(en.facts).toEqual(expect.arrayContaining([['Date and time', '20 June 2026 at 12:00 CEST']]));
    expect(en.proxyLines).toContain('Proxies are accepted until 19 June 2026 at 18:00 CEST.');
    expect(en.items[0]?.heading).toBe('Item 1: Satzungsänderung § 5');
    expect(en.items[1]).toEqual({ heading: 'Item 2: Verschiedenes', proposer: null, lines: [] });
  });

  it('R16: the mail merge has one row per invited member, neutralised formulas, the assembly code and no access code', async () => {
    for (const lang of ['de', 'en'] as const) {
      const res = await get(
        `/api/assemblies/${assemblyId}/invitation.csv?lang=${lang}`,
        staffToken(app, 'admin'),
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const body = res.body;
      expect(body.startsWith('\uFEFF')).toBe(true);
      const lines = body.slice(1).trimEnd().split('\r\n');
      const header = lines[0]?.split(';');
      expect(header?.[0]).toBe(lang === 'de' ? '"Mitgliedsnummer"' : '"Member number"');
      const numbers = lines.slice(1).map((l) => l.split(';')[0]);
      // Three seeded members, the formula name, the legal person and the investing member.
      expect(numbers).toEqual(['"M000001"', '"M000002"', '"M000003"', '"X000003"', '"X000004"', '"X000005"']);
      const formula = lines.find((l) => l.startsWith('"X000003"')) ?? '';
      expect(formula).toContain(`"'=HYPERLINK(""http://evil"")"`);
      expect(formula).toContain(`"'@x.example"`);
      const legal = lines.find((l) => l.startsWith('"X000004"')) ?? '';
      expect(legal).toContain(lang === 'de' ? '"Sehr geehrte Damen und Herren,"' : '"Dear Sir or Madam,"');
      const person = lines.find((l) => l.startsWith('"M000001"')) ?? '';
      expect(person).toContain(lang === 'de' ? '"Guten Tag Erika Muster1,"' : '"Dear Erika Muster1,"');
      expect(person).toContain(lang === 'de' ? '"Deutsch"' : '"English"');
      expect(person).toMatch(/"http:\/\/localhost[^"]*\/join\?code=[A-Z2-9]{6}"/);
      // Only the assembly's code: no member number or access code in the link.
      expect(body).not.toMatch(/[?&](m|c)=/);
    }
  });
});
