import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi, memberApi } from './support/staff.ts';

const info = inject('e2e');

describe.skipIf(info.skip !== null)('speakers list: phone, chair console and projector', () => {
  let server: RunningServer;
  let admin: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];

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
    await page.goto(`${server.baseUrl}/projector/${seed.assemblyId}`);
    if (lang === 'en') {
      await page.evaluate(() => localStorage.setItem('plenum.locale', 'en'));
      await page.reload();
    }
    await page.locator('#p-user').fill(server.admin.username);
    await page.locator('#p-pass').fill(server.admin.password);
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('projector-item').waitFor();
    return page;
  }

  beforeAll(async () => {
    ({ server, api: admin, seed } = await startSeeded(info.adminUrl));
    // The proxy holder and one more member are at the desk in the room.
    await checkIn(admin, seed, seed.holder, 'room');
    await checkIn(admin, seed, seed.others[0] as SeededMember, 'room');
    await admin.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('a member asks to speak from the phone; once the chair calls them the projector shows them speaking', async () => {
    const phone = await browser();
    await login(phone, seed.member);
    // Not checked in yet: the phone says so instead of offering the button.
    await phone.getByTestId('member-speakers').waitFor();
    await phone.getByText('Wortmeldungen sind möglich, sobald Sie anwesend gemeldet sind.').waitFor();
    await phone.getByRole('button', { name: 'Jetzt online anwesend melden' }).click();
    await phone.getByText('Sie sind als anwesend gemeldet.').waitFor();
    await shot(phone, 'de-phone-speakers-before');

    await phone.getByTestId('speak-request').click();
    await expect.poll(() => phone.getByTestId('speak-place').textContent()).toContain('Nächste');

    // Another member asks on a point of order: it goes to the top, the phone moves to place 2.
    const other = await memberApi(server.baseUrl, seed.assemblyId, seed.others[0] as SeededMember);
    await other.call('POST', `/api/assemblies/${seed.assemblyId}/speakers/mine`, { pointOfOrder: true });
    const holder = await memberApi(server.baseUrl, seed.assemblyId, seed.holder);
    await holder.call('POST', `/api/assemblies/${seed.assemblyId}/speakers/mine`, {});
    await expect
      .poll(() => phone.getByTestId('speak-place').textContent(), { timeout: 15_000 })
      .toContain('an 2. Stelle');
    await phone.getByTestId('speak-withdraw').waitFor();
    expect((await axeViolations(phone)).length).toBe(0);
    await shot(phone, 'de-phone-speakers-waiting');

    const projector = await projectorPage('de');
    await projector.getByTestId('projector-speakers').waitFor();
    expect(await projector.getByTestId('projector-next').textContent()).toContain('Emma Engel');

    // The chair console: the queue with numbers and names, the point of order marked.
    const chairPage = await browser({ width: 1440, height: 900 });
    await loginStaffUi(chairPage, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    const queue = chairPage.getByTestId('chair-speakers-queue');
    await queue.waitFor();
    await expect.poll(() => queue.locator('li').count()).toBe(3);
    const rows = await queue.locator('li').allTextContents();
    expect(rows[0]).toContain('Emma Engel');
    expect(rows[0]).toContain('GO');
    expect(rows[1]).toContain(seed.member.name);
    expect(rows[1]).toContain(seed.member.number);
    await shot(chairPage, 'de-chair-speakers-queue');

    // First the point of order, then the member from the phone.
    await chairPage.getByTestId('speakers-next').click();
    await expect
      .poll(() => chairPage.getByTestId('chair-current-speaker').textContent())
      .toContain('Emma Engel');
    await chairPage.getByTestId('speakers-next').click();
    await expect
      .poll(() => chairPage.getByTestId('chair-current-speaker').textContent())
      .toContain(seed.member.name);
    await chairPage.getByRole('button', { name: 'Redezeit starten' }).click();
    await chairPage.getByRole('button', { name: 'Redezeit anhalten' }).waitFor();
    await shot(chairPage, 'de-chair-speakers-speaking');

    await expect
      .poll(() => projector.getByTestId('projector-speaker').textContent(), { timeout: 15_000 })
      .toContain(seed.member.name);
    await expect.poll(() => projector.getByTestId('speaking-time').textContent()).toMatch(/\d:\d\d/);
    expect(await projector.getByTestId('projector-next').textContent()).toContain(seed.holder.name);
    expect((await axeViolations(projector)).length).toBe(0);
    await shot(projector, 'de-projector-speakers');

    await phone.getByTestId('speak-speaking').waitFor({ timeout: 15_000 });
    await shot(phone, 'de-phone-speakers-speaking');
  }, 240_000);

  it('the same in English: phone and projector', async () => {
    const phone = await browser();
    await login(phone, seed.holder);
    await phone.getByRole('radio', { name: 'English' }).check();
    await phone.getByText('Current agenda item').waitFor();
    await expect.poll(() => phone.getByTestId('speak-place').textContent()).toContain('You are next');
    await shot(phone, 'en-phone-speakers-waiting');
    await phone.getByTestId('speak-withdraw').click();
    await phone.getByTestId('speak-request').waitFor();
    await phone.getByText('Point of order').waitFor();
    await shot(phone, 'en-phone-speakers-before');
    await phone.getByTestId('speak-point-of-order').click();
    await expect.poll(() => phone.getByTestId('speak-place').textContent()).toContain('point of order');

    const projector = await projectorPage('en');
    await projector.getByText('Speaking now').waitFor();
    expect(await projector.getByTestId('projector-speaker').textContent()).toContain(seed.member.name);
    await shot(projector, 'en-projector-speakers');
  }, 240_000);
});
