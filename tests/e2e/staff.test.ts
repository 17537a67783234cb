import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { focused, loginStaffUi, memberApi, shortcut } from './support/staff.ts';

const info = inject('e2e');

const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 375, height: 812 };

describe.skipIf(info.skip !== null)('staff screens in a real browser: chair, desk, admin, auditor', () => {
  let server: RunningServer;
  let admin: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];
  const axe: { screen: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];

  async function browser(viewport = DESKTOP): Promise<Page> {
    const b = await openBrowser(viewport);
    browsers.push(b);
    return firstPage(b);
  }

  /** Scans the page at the projector size and at the phone size. */
  async function scan(page: Page, screen: string): Promise<void> {
    const size = page.viewportSize() ?? DESKTOP;
    for (const [tag, viewport] of [
      ['projector', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      axe.push({ screen: `${screen} (${tag})`, violations: await axeViolations(page) });
    }
    await page.setViewportSize(size);
  }

  async function staffPage(path: string, viewport = DESKTOP): Promise<Page> {
    const page = await browser(viewport);
    await loginStaffUi(page, server.baseUrl, server.admin, path);
    return page;
  }

  beforeAll(async () => {
    ({ server, api: admin, seed } = await startSeeded(info.adminUrl));
    // The voter takes part online, the proxy holder is in the room (R5): both are on the roll.
    await checkIn(admin, seed, seed.member, 'online');
    await checkIn(admin, seed, seed.holder, 'room');
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('the chair takes a poll from draft to declared with the keyboard and sees who has not voted', async () => {
    const page = await staffPage(`/chair/${seed.assemblyId}`);
    await page.getByRole('heading', { name: 'Tagesordnung' }).waitFor();
    await page.getByRole('button', { name: /TOP 1: Neubau des Gemeinschaftshauses/ }).waitFor();
    // No item is current yet: the first is previewed, N makes it current.
    await page.getByText('Noch ist kein Punkt aktuell.').waitFor();
    await shot(page, 'de-desktop-chair-preview');
    await shortcut(page, 'n');
    await page.locator('li[aria-current="step"]').filter({ hasText: 'TOP 1' }).waitFor();
    await expect.poll(() => page.getByText('Noch ist kein Punkt aktuell.').count()).toBe(0);

    // The method: the statute's default (voting cards) is preselected; this vote is electronic.
    const method = page.locator('#poll-method');
    expect(await method.inputValue()).toBe('voting_cards');
    await method.selectOption('electronic');

    // O creates the poll (draft); focus goes to the poll's status heading.
    await shortcut(page, 'o');
    const heading = page.getByTestId('poll-heading');
    await expect.poll(() => heading.textContent()).toContain('Entwurf');
    expect((await focused(page)).id).toBe('poll-heading');

    // O again opens it (the focus is on the heading, not in a field: shortcuts still work).
    await page.keyboard.press('o');
    await expect.poll(() => heading.textContent()).toContain('läuft');
    expect((await focused(page)).id).toBe('poll-heading');
    await page.getByRole('status').filter({ hasText: 'Die Abstimmung ist geöffnet.' }).waitFor();
    const polls = await admin.call<{ id: string; agendaItemId: string; status: string }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/polls`,
    );
    const poll = polls.find((p) => p.agendaItemId === seed.itemId);
    expect(poll?.status).toBe('open');
    const pollId = poll?.id ?? '';

    // A member votes through the API in between.
    const voter = await memberApi(server.baseUrl, seed.assemblyId, seed.member);
    await voter.call('POST', `/api/polls/${pollId}/votes`, {
      votes: [{ memberId: seed.member.id, choice: 'yes' }],
    });

    // Who has not voted: the list's count matches the server's, without the voter.
    const expected = await admin.call<{ total: number; members: { memberNumber: string }[] }>(
      'GET',
      `/api/polls/${pollId}/missing`,
    );
    expect(expected.total).toBeGreaterThan(0);
    expect(expected.members.map((m) => m.memberNumber)).not.toContain(seed.member.number);
    await page.getByRole('button', { name: 'Liste laden' }).click();
    const total = page.getByTestId('missing-total');
    await total.waitFor();
    expect(await total.textContent()).toContain(String(expected.total));
    const listed = await page.getByTestId('missing-list').locator('li').allTextContents();
    expect(listed).toHaveLength(expected.total);
    expect(listed.join('|')).not.toContain(seed.member.number);
    expect(listed.join('|')).toContain(seed.holder.number);
    await shot(page, 'de-desktop-chair-open');
    await scan(page, 'chair (poll open)');

    // C asks to confirm; the confirm button has the focus; Enter closes the poll.
    await shortcut(page, 'c');
    await expect.poll(async () => (await focused(page)).text).toBe('Abstimmung jetzt schließen');
    await page.keyboard.press('Enter');
    await expect.poll(() => heading.textContent()).toContain('geschlossen');
    expect((await focused(page)).id).toBe('poll-heading');
    // The declaration is prefilled in both languages (R29): members read the one of their screen.
    const text = await page.getByLabel('Text der Feststellung auf Deutsch').inputValue();
    const english = await page.getByLabel('Text der Feststellung auf Englisch').inputValue();
    expect(text.length).toBeGreaterThan(10);
    expect(text).toMatch(/Ja-Stimme/);
    expect(english).toMatch(/^The motion is /);
    await shot(page, 'de-desktop-chair-closed');

    // D declares with the prefilled text.
    await page.keyboard.press('d');
    await expect.poll(() => heading.textContent()).toContain('festgestellt');
    expect(await page.getByTestId('declared-de').textContent()).toBe(text.trim());
    expect(await page.getByTestId('declared-en').textContent()).toBe(english.trim());
    expect(await page.getByText('von der Versammlungsleitung').count()).toBe(1);
    const declared = await admin.call<{
      status: string;
      declaration?: { text: string; lang: string; texts: { de: string | null; en: string | null } };
    }>('GET', `/api/polls/${pollId}`);
    expect(declared.status).toBe('declared');
    expect(declared.declaration).toMatchObject({
      text: text.trim(),
      lang: 'de',
      texts: { de: text.trim(), en: english.trim() },
    });
    await shot(page, 'de-desktop-chair-declared');
    await scan(page, 'chair (declared)');
  }, 240_000);

  it('the desk checks a member in by number and registers proxies; a third for one holder is refused in words (R7, R8)', async () => {
    const page = await staffPage(`/desk/${seed.assemblyId}`);
    const search = page.getByRole('searchbox', { name: 'Mitglied suchen (Nummer oder Name)' });
    const other = seed.others[0];
    if (!other) throw new Error('seed without others');
    await search.fill(other.number);
    await page.getByRole('button', { name: new RegExp(`^Einchecken im Saal\\W+${other.name}$`) }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${other.name} ist eingecheckt` })
      .waitFor();
    // Focus back to the search field for the next person.
    await expect.poll(async () => (await focused(page)).id).toBe('desk-search');
    const attendance = await admin.call<{ presentMembers: number; inRoom: number }>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/attendance`,
    );
    expect(attendance.inRoom).toBe(2);
    await shot(page, 'de-desktop-desk-checked-in');
    // Present now: check-out is offered, a second check-in is not.
    await page.getByRole('button', { name: new RegExp(`^Auschecken\\W+${other.name}$`) }).waitFor();
    expect(
      await page.getByRole('button', { name: new RegExp(`^Einchecken im Saal\\W+${other.name}$`) }).count(),
    ).toBe(0);
    await expect.poll(() => page.getByTestId('member-status').first().textContent()).toContain('im Saal');

    async function choose(number: string, name: string, as: 'principal' | 'holder'): Promise<void> {
      await search.fill(number);
      const label =
        as === 'principal'
          ? new RegExp(`^als Vollmachtgeber\\W+${name}$`)
          : new RegExp(`^als Bevollmächtigte\\(n\\)\\W+${name}$`);
      await page.getByRole('button', { name: label }).click();
      await expect.poll(() => page.getByTestId(as).textContent()).toContain(name);
    }

    // A valid proxy: the checked-in member holds one for a candidate.
    const [c0, c1] = seed.candidates;
    if (!c0 || !c1) throw new Error('seed without candidates');
    await choose(c0.number, c0.name, 'principal');
    await choose(other.number, other.name, 'holder');
    await page.getByLabel('Dokumentverweis (z. B. Ablagenummer)').fill('Ablage 17');
    await page.getByRole('button', { name: 'Vollmacht registrieren' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Vollmacht registriert: ${other.name} vertritt ${c0.name}.` })
      .waitFor();

    // The seeded holder already holds two proxies: a third is refused with its reason (R7, R8).
    await choose(c1.number, c1.name, 'principal');
    await choose(seed.holder.number, seed.holder.name, 'holder');
    await page.getByLabel('Dokumentverweis (z. B. Ablagenummer)').fill('Ablage 18');
    await page.getByRole('button', { name: 'Vollmacht registrieren' }).click();
    const refusal = page.getByRole('status').filter({ hasText: 'Vollmacht abgelehnt' });
    await refusal.waitFor();
    const words = (await refusal.textContent()) ?? '';
    expect(words).toContain('bereits zwei Mitglieder');
    expect(words).toContain('protokolliert');
    expect(words).not.toContain('proxy.holder_cap_reached');
    await shot(page, 'de-desktop-desk-refused');
    const grants = await admin.call<{ principalId: string; status: string }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/proxies`,
    );
    expect(grants.filter((g) => g.principalId === c1.id && g.status === 'active')).toHaveLength(0);
    // R8: the refusal is kept with its reason.
    expect(grants.filter((g) => g.principalId === c1.id && g.status === 'rejected')).toHaveLength(1);
    // The holder's status names whom they represent; the list shows member numbers.
    await search.fill(other.number);
    await expect
      .poll(() => page.getByTestId('member-status').first().textContent())
      .toContain(`vertritt ${c0.name}`);
    await expect
      .poll(() => page.locator('#proxies-heading').locator('..').textContent())
      .toContain(`Nr. ${c0.number}`);
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, 'de-1440-desk-status');
    // Revoked at the desk, with who revoked it.
    // The default is the principal's own revocation.
    await page.getByRole('button', { name: new RegExp(`^Widerrufen\\W+${c0.name}$`) }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Vollmacht widerrufen: ${other.name} vertritt ${c0.name} nicht mehr.` })
      .waitFor();
    const after = await admin.call<{ principalId: string; status: string; reason: string | null }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/proxies`,
    );
    expect(after.find((g) => g.principalId === c0.id)?.status).toBe('revoked');
    await expect
      .poll(() => page.locator('#proxies-heading').locator('..').textContent())
      .toContain('Vom Vollmachtgeber widerrufen');
    await shot(page, 'de-1440-desk-revoked');
    await scan(page, 'desk');
  }, 240_000);

  it('the admin imports a CSV with one bad line, sees the refused line with its reason, then imports the valid lines', async () => {
    const page = await staffPage('/admin');
    await page.getByRole('heading', { name: 'Mitgliederliste importieren (CSV)' }).waitFor();
    const csv = [
      'Nr;Vorname;Nachname;Eintritt',
      '3001;Ida;Imhof;2021-05-01',
      '3002;Jonas;Jung;kein Datum',
      '3003;Kai;Krause;01.02.2022',
    ].join('\n');
    await page.getByLabel('CSV-Datei (UTF-8, ; oder , getrennt)').setInputFiles({
      name: 'mitglieder.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.getByRole('button', { name: 'Importieren', exact: true }).click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('1 abgelehnt');
    await page.getByText(/Nichts wurde importiert/).waitFor();
    const refusedRow = page.locator('tr.refused');
    expect(await refusedRow.count()).toBe(1);
    const row = (await refusedRow.textContent()) ?? '';
    expect(row).toContain('3002');
    expect(row).toContain('Kein gültiges Datum');
    expect(await admin.call<{ total: number }>('GET', '/api/members?q=3001')).toMatchObject({ total: 0 });
    await shot(page, 'de-desktop-admin-import-refused');
    await scan(page, 'admin (import report)');

    await page.getByRole('button', { name: 'Jetzt nur die gültigen Zeilen importieren' }).click();
    await expect.poll(() => summary.textContent()).toContain('2 neu');
    await page.getByText('Import abgeschlossen.').waitFor();
    expect(await admin.call<{ total: number }>('GET', '/api/members?q=3001')).toMatchObject({ total: 1 });
    expect(await admin.call<{ total: number }>('GET', '/api/members?q=3003')).toMatchObject({ total: 1 });
    expect(await admin.call<{ total: number }>('GET', '/api/members?q=3002')).toMatchObject({ total: 0 });
    await shot(page, 'de-desktop-admin-import-done');
  }, 240_000);

  it('axe-core: the start page, logins, picker, admin, admin assembly and auditor', async () => {
    const anon = await browser();
    await anon.goto(`${server.baseUrl}/`);
    await anon.getByRole('heading', { level: 1 }).waitFor();
    await scan(anon, 'start');
    await anon.goto(`${server.baseUrl}/login`);
    await anon.getByLabel('Benutzername').waitFor();
    await scan(anon, 'login');

    const page = await staffPage('/staff');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page
      .getByText(/Ordentliche Generalversammlung 2026/)
      .first()
      .waitFor();
    await scan(page, 'staff picker');
    await page.goto(`${server.baseUrl}/admin`);
    await page
      .getByText(/Ordentliche Generalversammlung 2026/)
      .first()
      .waitFor();
    await scan(page, 'admin');
    await page.goto(`${server.baseUrl}/admin/${seed.assemblyId}`);
    await page.getByText('Wahl zum Aufsichtsrat').first().waitFor();
    await scan(page, 'admin assembly');
    await shot(page, 'de-desktop-admin-assembly');
    await page.goto(`${server.baseUrl}/auditor/${seed.assemblyId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page
      .getByText(/Ordentliche Generalversammlung 2026/)
      .first()
      .waitFor();
    // Issue 7: the ledger head and the key fingerprint, and download links the cookie authenticates.
    const ledger = page.getByTestId('ledger');
    await ledger.waitFor();
    const head = await admin.call<{ hash: string }>('GET', '/api/ledger/head');
    const key = await admin.call<{ fingerprint: string }>('GET', '/api/ledger/key');
    const shown = ((await ledger.textContent()) ?? '').replace(/\s+/g, '');
    expect(shown).toContain(head.hash);
    expect(shown).toContain(key.fingerprint);
    const links = page.getByTestId('downloads').getByRole('link');
    expect(await links.count()).toBe(6);
    for (const link of await links.all()) {
      expect(await link.getAttribute('download')).toBeTruthy();
      const href = (await link.getAttribute('href')) ?? '';
      const res = await page.request.get(`${server.baseUrl}${href}`);
      expect(res.status(), href).toBe(200);
    }
    await scan(page, 'auditor');
    await shot(page, 'de-desktop-auditor');
    await page.goto(`${server.baseUrl}/auditor/${seed.assemblyId}?lang=en`);
    await page.getByRole('heading', { name: 'Audit', level: 1 }).waitFor();
    await scan(page, 'auditor (English)');
  }, 240_000);

  it('axe finds no serious or critical violations on the staff screens', () => {
    const bad = axe.filter((a) => a.violations.length > 0);
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    expect(axe.length).toBeGreaterThanOrEqual(16);
  });
});
