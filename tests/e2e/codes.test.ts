import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi } from './support/staff.ts';

const info = inject('e2e');

const COOPERATIVE = 'Wohnungsbaugenossenschaft Musterstadt eG';

describe.skipIf(info.skip !== null)('start page, short assembly code and receipts in real browsers', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  let code = '';
  const browsers: Browser[] = [];
  const axe: { screen: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];
  const cooperativeBefore = process.env.PLENUM_COOPERATIVE;

  async function browser(viewport?: { width: number; height: number }): Promise<Page> {
    const b = await openBrowser(viewport);
    browsers.push(b);
    return firstPage(b);
  }

  async function scan(page: Page, screen: string): Promise<void> {
    axe.push({ screen, violations: await axeViolations(page) });
  }

  beforeAll(async () => {
    // The server process reads the cooperative's name from its environment.
    process.env.PLENUM_COOPERATIVE = COOPERATIVE;
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl));
    ({ code } = await chair.call<{ code: string }>('GET', `/api/assemblies/${seed.assemblyId}`));
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
    if (cooperativeBefore === undefined) delete process.env.PLENUM_COOPERATIVE;
    else process.env.PLENUM_COOPERATIVE = cooperativeBefore;
  }, 60_000);

  it('the start page names the cooperative and the assembly with its date and state, in German and English', async () => {
    const page = await browser();
    await page.goto(`${server.baseUrl}/`);
    await page.getByTestId('start-state').waitFor();
    expect(await page.getByTestId('start-cooperative').textContent()).toBe(COOPERATIVE);
    const card = (await page.getByTestId('start-assembly').textContent()) ?? '';
    expect(card).toContain('Ordentliche Generalversammlung 2026');
    expect(card).toContain('Gemeindesaal');
    expect(card).toContain(`Versammlungscode: ${code}`);
    expect(card).toMatch(/\d{1,2}\. \w+ \d{4}, \d{2}:\d{2} Uhr/);
    // The seeded assembly is convened and opened the way a chair does it.
    expect(await page.getByTestId('start-state').textContent()).toBe('Die Versammlung hat begonnen.');
    // Nothing technical on the start page: the server status is on the admin page.
    const text = (await page.locator('main').textContent()) ?? '';
    for (const word of ['PGlite', 'Migration', 'PostgreSQL', 'Serverstatus'])
      expect(text).not.toContain(word);
    expect(await page.getByRole('link', { name: 'Mitglied: Anmelden' }).getAttribute('href')).toBe(
      `/join?code=${code}`,
    );
    await page.getByRole('link', { name: /Versammlungsleitung/ }).waitFor();
    await scan(page, 'start (de)');
    await shot(page, 'de-phone-start');

    await page.getByRole('radio', { name: 'English' }).check();
    await page.getByText('Current assembly').waitFor();
    expect(await page.getByTestId('start-state').textContent()).toBe('The assembly is in session.');
    expect((await page.getByTestId('start-assembly').textContent()) ?? '').toContain(
      `Assembly code: ${code}`,
    );
    const english = (await page.locator('main').textContent()) ?? '';
    for (const word of ['Versammlung', 'Anmelden', 'Uhr']) expect(english).not.toContain(word);
    await scan(page, 'start (en)');
    await shot(page, 'en-phone-start');

    const wide = await browser({ width: 1920, height: 1080 });
    await wide.goto(`${server.baseUrl}/?lang=de`);
    await wide.getByTestId('start-state').waitFor();
    await shot(wide, 'de-wide-start');
  }, 120_000);

  it('a member joins by typing the short code with their access code, and checks a receipt from their own page', async () => {
    const page = await browser();
    await page.goto(`${server.baseUrl}/?lang=de`);
    await page.getByRole('link', { name: 'Mitglied: Anmelden' }).click();
    // From the start page the code is already known: the page names the assembly.
    await page.getByTestId('join-assembly').waitFor();
    expect(await page.getByTestId('join-assembly').textContent()).toContain(
      'Ordentliche Generalversammlung 2026',
    );
    await shot(page, 'de-phone-join-from-start');

    // Without a link: the member types the code (any case, with a space) from the letter.
    await page.goto(`${server.baseUrl}/join`);
    await page.getByLabel('Versammlungscode').fill('ZZZ ZZ2');
    await page.getByLabel('Mitgliedsnummer').fill(seed.member.number);
    await page.getByLabel('Zugangscode').fill(seed.member.code);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('Versammlungscode');
    await shot(page, 'de-phone-join-unknown-code');
    await page.getByLabel('Versammlungscode').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    await scan(page, 'join with code');
    await shot(page, 'de-phone-join-code');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
    await page.getByTestId('current-item').waitFor();

    // Vote, so that there is a receipt.
    await checkIn(chair, seed, seed.member, 'online');
    const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
      agendaItemId: seed.itemId,
    });
    await chair.call('POST', `/api/polls/${poll.id}/open`);
    await page.getByTestId('vote-link').click({ timeout: 15_000 });
    await page.getByRole('radio', { name: 'Ja' }).check();
    await page.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await page.getByTestId('cast').click();
    await page.getByTestId('done').waitFor();
    const receipt = ((await page.getByTestId('receipt').first().textContent()) ?? '').trim();
    await page.getByRole('link', { name: 'Zurück zur Übersicht' }).last().click();

    // While the poll is open the receipt waits for the close.
    const mine = page.getByTestId('my-receipts');
    await expect.poll(() => mine.textContent(), { timeout: 15_000 }).toContain(receipt);
    expect(await mine.textContent()).toContain('Prüfbar, sobald die Abstimmung geschlossen ist.');
    await chair.call('POST', `/api/polls/${poll.id}/close`);
    const check = mine.getByRole('button', { name: `Beleg ${receipt} prüfen` });
    await check.waitFor({ timeout: 15_000 });
    await check.click();
    await expect
      .poll(() => mine.getByTestId('my-receipt-outcome').first().textContent())
      .toContain('Gezählt');
    await mine.scrollIntoViewIfNeeded();
    await scan(page, 'member receipts');
    await shot(page, 'de-phone-member-receipts');

    // Another device: the receipt is in the member's account, not only in the first browser.
    const other = await browser();
    await other.goto(
      `${server.baseUrl}/join?code=${code}&m=${encodeURIComponent(seed.member.number)}&c=${encodeURIComponent(seed.member.code)}&lang=en`,
    );
    await other.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
    const kept = other.getByTestId('my-receipts');
    await expect.poll(() => kept.textContent(), { timeout: 15_000 }).toContain(receipt);
    expect(
      await other.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('plenum.receipts.'))),
    ).toEqual([]);
    await kept.getByRole('button', { name: `Check receipt ${receipt}` }).click();
    await expect
      .poll(() => kept.getByTestId('my-receipt-outcome').first().textContent())
      .toContain('Counted');
    await kept.scrollIntoViewIfNeeded();
    await shot(other, 'en-phone-member-receipts');

    // The public check takes the receipt alone: no poll to pick.
    await other.getByRole('link', { name: 'Check another receipt' }).click();
    await other.getByLabel('Receipt', { exact: true }).fill(receipt.toLowerCase());
    expect(await other.locator('.receipt-page input').count()).toBe(1);
    await other.getByRole('button', { name: 'Check', exact: true }).click();
    await expect.poll(() => other.getByTestId('receipt-outcome').textContent()).toContain('Counted');
    expect(await other.getByTestId('receipt-outcome').textContent()).toContain(
      'Neubau des Gemeinschaftshauses',
    );
    await scan(other, 'receipt by code (en)');
    await shot(other, 'en-phone-receipt-code');
  }, 240_000);

  it('the projector shows the short code large, with a QR code that leads to the join page with the code', async () => {
    for (const lang of ['de', 'en'] as const) {
      const projector = await browser({ width: 1920, height: 1080 });
      await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=${lang}`);
      await projector.getByLabel(lang === 'de' ? 'Benutzername' : 'Username').fill(server.admin.username);
      await projector.getByLabel(lang === 'de' ? 'Passwort' : 'Password').fill(server.admin.password);
      await projector.getByRole('button', { name: lang === 'de' ? 'Anmelden' : 'Log in' }).click();
      const shown = projector.getByTestId('projector-code');
      await shown.waitFor({ timeout: 15_000 });
      expect((await shown.textContent())?.replace(/\s/g, '')).toBe(code);
      const qr = projector.locator('img.qr');
      expect(await qr.getAttribute('alt')).toContain(`/join?code=${code}`);
      const box = await shown.boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(50);
      await scan(projector, `projector code (${lang})`);
      await shot(projector, `${lang}-projector-code`);
    }
  }, 120_000);

  it('the server status is on the admin page, with the assembly codes', async () => {
    const page = await browser({ width: 1920, height: 1080 });
    await loginStaffUi(page, server.baseUrl, server.admin, '/admin');
    await page.getByRole('heading', { name: 'Serverstatus' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('main').textContent(), { timeout: 15_000 }).toContain(code);
    await shot(page, 'de-wide-admin-health');
  }, 120_000);

  it('axe finds no serious or critical violations on these screens', () => {
    const bad = axe.filter((a) => a.violations.length > 0);
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    expect(axe.length).toBeGreaterThanOrEqual(6);
  });
});
