import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demoAccountsPdf, demoPortrait } from '../../apps/api/src/demo/demo-files.ts';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi } from './support/staff.ts';

const info = inject('e2e');

const MOTION_TEXT = [
  'Der Vorstand schlägt vor, das Gemeinschaftshaus am Spreeufer **neu zu bauen** und dafür bis zu ' +
    '1,2 Mio. € aufzuwenden.',
  '',
  'Die Finanzierung:',
  '',
  '1. Eigenmittel aus der Ergebnisrücklage: 400.000 €',
  '2. Förderdarlehen der KfW: 800.000 €',
  '',
  '- Baubeginn frühestens im Frühjahr 2027',
  '- Die Mitglieder werden jährlich über den Stand berichtet.',
].join('\n');
const STATEMENTS = [
  'Beruflich berate ich Betriebe in Steuerfragen; ich gehöre dem Aufsichtsrat seit 2022 an. Ich möchte die Finanzen weiter sorgfältig prüfen.',
  'Aus meiner Arbeit im Architekturbüro möchte ich den Neubau des Gemeinschaftshauses fachkundig begleiten.',
  'Ich leite die offene Jugendwerkstatt und setze mich für junge Mitglieder ein.',
];

describe.skipIf(info.skip !== null)(
  'what is decided: motion text, documents and candidates on every screen',
  () => {
    let server: RunningServer;
    let chair: Api;
    let seed: Seeded;
    const pdf = demoAccountsPdf(2025);
    const browsers: Browser[] = [];
    const axe: { screen: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];
    let member: Page;

    async function scan(page: Page, screen: string): Promise<void> {
      axe.push({ screen, violations: await axeViolations(page) });
    }

    async function browser(viewport?: { width: number; height: number }): Promise<Page> {
      const b = await openBrowser(viewport);
      browsers.push(b);
      return firstPage(b);
    }

    async function login(page: Page, m: SeededMember): Promise<void> {
      await page.goto(
        `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}`,
      );
      await page.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
      await page.getByTestId('current-item').waitFor();
    }

    async function projectorPage(lang: 'de' | 'en'): Promise<Page> {
      const page = await browser({ width: 1920, height: 1080 });
      await page.goto(`${server.baseUrl}/projector/${seed.assemblyId}${lang === 'en' ? '?lang=en' : ''}`);
      await page.getByLabel(lang === 'en' ? 'Username' : 'Benutzername').fill(server.admin.username);
      await page.getByLabel(lang === 'en' ? 'Password' : 'Passwort').fill(server.admin.password);
      await page.getByRole('button', { name: lang === 'en' ? 'Log in' : 'Anmelden' }).click();
      await page.getByTestId('projector-item').waitFor();
      return page;
    }

    async function openPoll(itemId: string): Promise<string> {
      await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId });
      const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
        agendaItemId: itemId,
      });
      await chair.call('POST', `/api/polls/${poll.id}/open`);
      return poll.id;
    }

    /** A file upload through the API: the bytes themselves as the body. */
    async function upload(method: 'POST' | 'PUT', path: string, type: string, body: Buffer): Promise<void> {
      const res = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${chair.token}`, 'content-type': type },
        body: new Uint8Array(body),
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${await res.text()}`);
    }

    beforeAll(async () => {
      ({
        server,
        api: chair,
        seed,
      } = await startSeeded(info.adminUrl, 'Ordentliche Generalversammlung 2026'));
      const A = `/api/assemblies/${seed.assemblyId}`;
      await chair.call('PATCH', `${A}/items/${seed.itemId}`, { proposer: 'Vorstand', body: MOTION_TEXT });
      await upload(
        'POST',
        `${A}/items/${seed.itemId}/documents?filename=Jahresabschluss%202025.pdf`,
        'application/pdf',
        pdf,
      );
      await chair.call('PATCH', `${A}/items/${seed.electionItemId}`, {
        proposer: 'Aufsichtsrat',
        body: 'Zwei Sitze im Aufsichtsrat sind neu zu besetzen. Jede Stimme kann **bis zu zwei** Personen wählen.',
      });
      const items = await chair.call<{ id: string; candidates: { id: string }[] }[]>('GET', `${A}/items`);
      const candidates = items.find((i) => i.id === seed.electionItemId)?.candidates ?? [];
      for (const [i, c] of candidates.entries()) {
        const path = `${A}/items/${seed.electionItemId}/candidates/${c.id}`;
        await chair.call('PUT', `${path}/statement`, { statement: STATEMENTS[i] ?? '' });
        if (i === 0) await upload('PUT', `${path}/photo`, 'image/png', demoPortrait([47, 111, 143]));
      }
      await chair.call('POST', `${A}/attendance/check-in`, {
        memberNumber: seed.member.number,
        channel: 'online',
      });
      await chair.call('PUT', `${A}/current-item`, { itemId: seed.itemId });
    }, 240_000);

    afterAll(async () => {
      for (const b of browsers) await b.close();
      await server?.stop();
    }, 60_000);

    it('R25: the ballot states the motion, its proposer and its document; the question is named by the title', async () => {
      member = await browser();
      await login(member, seed.member);
      const projector = await projectorPage('de');
      const pollId = await openPoll(seed.itemId);
      await member.goto(`${server.baseUrl}/member/${seed.assemblyId}/poll/${pollId}`);

      // The question's accessible name is the motion's title, not whose vote it is.
      const question = member.getByRole('group', { name: 'Neubau des Gemeinschaftshauses' });
      await question.waitFor();
      expect(await question.getByRole('radio').count()).toBe(3);
      expect(await member.getByTestId('motion-proposer').textContent()).toBe('Antrag von: Vorstand');
      const text = member.getByTestId('motion-text');
      expect(await text.locator('strong').textContent()).toBe('neu zu bauen');
      expect(await text.locator('ol > li').count()).toBe(2);
      expect(await text.locator('ul > li').count()).toBe(2);

      // The document link downloads exactly the file uploaded, with the member's own session.
      const link = member.getByRole('link', { name: 'Jahresabschluss 2025.pdf' });
      const href = await link.getAttribute('href');
      const got = await member.evaluate(async (url: string) => {
        const res = await fetch(url);
        const bytes = new Uint8Array(await res.arrayBuffer());
        const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(''),
        };
      }, href ?? '');
      expect(got).toEqual({
        status: 200,
        type: 'application/pdf',
        sha256: createHash('sha256').update(pdf).digest('hex'),
      });
      await scan(member, 'ballot (motion)');
      await shot(member, 'de-phone-ballot-motion');

      await member.getByRole('radio', { name: 'Ja' }).check();
      await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
      await member.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Wahl' }).waitFor();
      expect(await member.getByTestId('review').textContent()).toContain('Neubau des Gemeinschaftshauses');
      await member.getByTestId('motion-text').waitFor();
      await scan(member, 'review (motion)');
      await shot(member, 'de-phone-review-motion');

      // The projector shows the motion while the poll is open.
      await projector.getByTestId('motion-text').waitFor({ timeout: 15_000 });
      expect(await projector.getByTestId('motion-text').textContent()).toContain('Förderdarlehen der KfW');
      await scan(projector, 'projector (motion)');
      await shot(projector, 'de-projector-motion');

      // English: the same ballot, the question still named by the title.
      await member.getByRole('radio', { name: 'English' }).check();
      await member.getByRole('button', { name: 'Change choice' }).click();
      await member.getByRole('group', { name: 'Neubau des Gemeinschaftshauses' }).waitFor();
      expect(await member.getByTestId('motion-proposer').textContent()).toBe('Proposed by: Vorstand');
      await shot(member, 'en-phone-ballot-motion');
      const projectorEn = await projectorPage('en');
      await projectorEn.getByTestId('motion-text').waitFor({ timeout: 15_000 });
      await shot(projectorEn, 'en-projector-motion');
      await member.getByRole('button', { name: 'Continue to review' }).click();
      await member.getByTestId('cast').click();
      await member.getByTestId('done').waitFor();
      await chair.call('POST', `/api/polls/${pollId}/close`);
      await chair.call('POST', `/api/polls/${pollId}/declare`, { text: 'Der Antrag ist angenommen.' });
    }, 240_000);

    it('an election shows each candidate’s statement and photo; the intro counts the seats', async () => {
      const pollId = await openPoll(seed.electionItemId);
      const url = `${server.baseUrl}/member/${seed.assemblyId}/poll/${pollId}`;
      await member.goto(url);
      await member.getByRole('group', { name: 'Wahl zum Aufsichtsrat' }).waitFor();
      expect(await member.getByText('Choose up to 2 people.', { exact: false }).count()).toBe(1);
      const statements = member.getByTestId('candidate-statement');
      expect(await statements.allTextContents()).toEqual(STATEMENTS);
      // The statement describes its checkbox; the photo is there, with an empty alt (the name is the label).
      const first = member.getByRole('checkbox', { name: seed.candidates[0]?.name });
      expect(await first.getAttribute('aria-describedby')).toMatch(/^statement-/);
      const photo = member.getByTestId('candidate').first().locator('img');
      expect(await photo.getAttribute('alt')).toBe('');
      expect(await photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
      await scan(member, 'ballot (election, English)');
      await shot(member, 'en-phone-ballot-election');

      await member.getByRole('radio', { name: 'Deutsch' }).check();
      await member.getByText('Wählen Sie bis zu 2 Personen.', { exact: false }).waitFor();
      await scan(member, 'ballot (election)');
      await shot(member, 'de-phone-ballot-election');

      const projector = await projectorPage('de');
      const list = projector.getByRole('region', { name: 'Kandidierende' });
      await list.waitFor({ timeout: 15_000 });
      expect(await list.textContent()).toContain(STATEMENTS[1]);
      await scan(projector, 'projector (election)');
      await shot(projector, 'de-projector-election');
      const projectorEn = await projectorPage('en');
      await projectorEn.getByRole('region', { name: 'Candidates' }).waitFor({ timeout: 15_000 });
      await shot(projectorEn, 'en-projector-election');
    }, 240_000);

    it('the admin writes a motion text with a preview and attaches a PDF on the admin screen', async () => {
      const A = `/api/assemblies/${seed.assemblyId}`;
      const added = await chair.call<{ id: string }>('POST', `${A}/items`, {
        kind: 'motion',
        title: 'Antrag: Photovoltaik auf dem Werkstattdach',
      });
      const page = await browser({ width: 1280, height: 900 });
      await loginStaffUi(page, server.baseUrl, server.admin, `/admin/${seed.assemblyId}`);
      const editor = page
        .locator('details', { hasText: 'Antragstext, Unterlagen und Kandidierende bearbeiten' })
        .last();
      await editor.locator('summary').click();
      await editor.getByLabel('Antrag von').fill('Mitglied Greta Graf');
      await editor
        .getByLabel('Text (Beschlussvorschlag)')
        .fill('Der Vorstand wird beauftragt, **Angebote** einzuholen:\n\n- für 30 kWp\n- mit Speicher');
      await editor.getByTestId('motion-text').locator('li').nth(1).waitFor();
      await editor.getByRole('button', { name: 'Speichern' }).click();
      await page.getByText('Text von „Antrag: Photovoltaik auf dem Werkstattdach“ gespeichert.').waitFor();
      await editor.getByLabel('PDF-Dokument anhängen').setInputFiles({
        name: 'Angebot Solar.pdf',
        mimeType: 'application/pdf',
        buffer: pdf,
      });
      await page.getByText('„Angebot Solar.pdf“ angehängt.').waitFor();
      const items = await chair.call<
        { id: string; proposer: string; body: string; documents: { sha256: string }[] }[]
      >('GET', `${A}/items`);
      const item = items.find((i) => i.id === added.id);
      expect(item?.proposer).toBe('Mitglied Greta Graf');
      expect(item?.body).toContain('- mit Speicher');
      expect(item?.documents.map((d) => d.sha256)).toEqual([createHash('sha256').update(pdf).digest('hex')]);
      await editor.locator('summary').scrollIntoViewIfNeeded();
      await scan(page, 'admin (motion editor)');
      await shot(page, 'de-desktop-admin-motion');
    }, 120_000);

    it('axe finds no serious or critical violations on these screens', () => {
      const bad = axe.filter((a) => a.violations.length > 0);
      expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
      expect(axe.length).toBeGreaterThanOrEqual(6);
    });
  },
);
