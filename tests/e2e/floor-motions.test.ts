import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi, memberApi } from './support/staff.ts';

const info = inject('e2e');

describe.skipIf(info.skip !== null)('motions from the floor: phone, chair console and projector', () => {
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
    await checkIn(admin, seed, seed.holder, 'room');
    await checkIn(admin, seed, seed.others[0] as SeededMember, 'room');
    await admin.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('a member moves an amendment from the phone with the keyboard; the chair admits it, puts it to the vote and the projector shows its text', async () => {
    const phone = await browser();
    await login(phone, seed.member);
    await phone.getByTestId('member-floor-motion').waitFor();
    await phone.getByRole('button', { name: 'Jetzt online anwesend melden' }).click();
    await phone.getByText('Sie sind als anwesend gemeldet.').waitFor();
    await phone.getByRole('heading', { name: 'Antrag stellen' }).scrollIntoViewIfNeeded();
    await shot(phone, 'de-phone-floor-form');

    // Keyboard only: the kind (radio group), the wording, then submit.
    await phone.getByTestId('floor-kind-amendment').focus();
    await phone.keyboard.press('Space');
    await phone.keyboard.press('Tab');
    await phone.keyboard.type('Statt 2,4 Mio. € werden höchstens 2,0 Mio. € bewilligt.');
    // The hall's Wi-Fi drops the request: the phone says so in words and keeps the text.
    const url = `**/api/assemblies/${seed.assemblyId}/floor-motions`;
    await phone.route(url, (route) =>
      route.request().method() === 'POST' ? route.abort() : route.continue(),
    );
    await phone.keyboard.press('Tab');
    await phone.keyboard.press('Enter');
    const failed = phone.getByTestId('floor-error');
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.textContent()).toContain('Ihr Text bleibt hier stehen');
    expect(await phone.getByTestId('floor-text').inputValue()).toContain('2,0 Mio. €');
    await shot(phone, 'de-phone-floor-offline');
    await phone.unroute(url);
    await phone.getByTestId('floor-submit').focus();
    await phone.keyboard.press('Enter');
    await phone.getByTestId('floor-sent').waitFor();
    expect(await phone.getByTestId('floor-text').inputValue()).toBe('');
    await expect
      .poll(() => phone.getByTestId('floor-mine').textContent())
      .toContain('eingereicht – wartet auf die Versammlungsleitung');
    expect((await axeViolations(phone)).length).toBe(0);
    await shot(phone, 'de-phone-floor-sent');

    // Another member moves to close the debate (a procedural motion, no text needed).
    const other = await memberApi(server.baseUrl, seed.assemblyId, seed.others[0] as SeededMember);
    await other.call('POST', `/api/assemblies/${seed.assemblyId}/floor-motions`, {
      kind: 'close_debate',
      text: '',
    });

    const chairPage = await browser({ width: 1366, height: 768 });
    await loginStaffUi(chairPage, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    const panel = chairPage.getByTestId('chair-floor-motions');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('floor-submitted').count()).toBe(2);
    expect(await panel.textContent()).toContain(seed.member.name);
    await panel.scrollIntoViewIfNeeded();
    await shot(chairPage, 'de-chair-floor-submitted');
    expect((await axeViolations(chairPage)).length).toBe(0);

    // Admit both (reach 1): the procedural motion comes first in the voting order.
    await panel.getByTestId('floor-admit').first().click();
    await expect.poll(() => panel.getByTestId('floor-submitted').count()).toBe(1);
    await panel.getByTestId('floor-admit').first().click();
    const queue = panel.getByTestId('floor-queue');
    await expect.poll(() => queue.locator('li').count()).toBe(2);
    const rows = await queue.locator('li').allTextContents();
    expect(rows[0]).toContain('Schluss der Debatte');
    expect(rows[1]).toContain('Änderungsantrag');
    await shot(chairPage, 'de-chair-floor-queue');

    await panel.getByTestId('floor-put').click();
    await panel.getByTestId('floor-voting').waitFor();
    expect(await panel.getByTestId('floor-voting').textContent()).toContain('Schluss der Debatte');
    await shot(chairPage, 'de-chair-floor-voting');

    // The projector shows the motion being voted on.
    const projector = await projectorPage('de');
    await projector.getByTestId('floor-motion-voted').waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('floor-motion-voted').textContent()).toContain('Schluss der Debatte');
    await shot(projector, 'de-projector-floor-motion');

    // The chair runs the poll (open, close, declare) and records the result; the amendment follows.
    const pollId = (
      await admin.call<{ motions: { status: string; pollId: string | null }[] }>(
        'GET',
        `/api/assemblies/${seed.assemblyId}/floor-motions`,
      )
    ).motions.find((m) => m.status === 'voting')?.pollId as string;
    await admin.call('POST', `/api/polls/${pollId}/open`);
    await admin.call('POST', `/api/polls/${pollId}/close`);
    await admin.call('POST', `/api/polls/${pollId}/declare`, { text: 'Der Antrag ist abgelehnt.' });
    await panel.getByTestId('floor-record').click({ timeout: 15_000 });
    await expect.poll(() => panel.getByTestId('floor-queue').locator('li').count()).toBe(1);
    await panel.getByTestId('floor-put').click();
    await expect
      .poll(() => projector.getByTestId('floor-motion-voted').textContent(), { timeout: 15_000 })
      .toContain('Statt 2,4 Mio. € werden höchstens 2,0 Mio. € bewilligt.');
    expect((await axeViolations(projector)).length).toBe(0);
    await shot(projector, 'de-projector-floor-amendment');
    await shot(chairPage, 'de-chair-floor-after-result');
  }, 240_000);

  it('the same in English: the phone form, the chair panel and the projector', async () => {
    const phone = await browser();
    await login(phone, seed.holder);
    await phone.getByRole('radio', { name: 'English' }).check();
    await phone.getByRole('heading', { name: 'Move a motion' }).waitFor();
    await phone.getByTestId('floor-kind-counter_motion').check();
    await phone
      .getByTestId('floor-text')
      .fill('The community house is not built; the funds go to the reserve.');
    // A reload (a phone waking up, a lost tab) keeps the draft.
    await phone.reload();
    await expect
      .poll(() => phone.getByTestId('floor-text').inputValue(), { timeout: 15_000 })
      .toBe('The community house is not built; the funds go to the reserve.');
    await phone.getByTestId('floor-kind-counter_motion').check();
    await phone.getByRole('heading', { name: 'Move a motion' }).scrollIntoViewIfNeeded();
    await shot(phone, 'en-phone-floor-form');
    await phone.getByTestId('floor-submit').click();
    await phone.getByTestId('floor-sent').waitFor();
    await shot(phone, 'en-phone-floor-sent');

    const chairPage = await browser({ width: 1366, height: 768 });
    await loginStaffUi(chairPage, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    await chairPage.getByTestId('chair-floor-motions').waitFor();
    await chairPage.evaluate(() => localStorage.setItem('plenum.locale', 'en'));
    await chairPage.reload();
    const panel = chairPage.getByTestId('chair-floor-motions');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('floor-submitted').count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    expect(await panel.textContent()).toContain('Motions from the floor');
    await shot(chairPage, 'en-chair-floor-panel');

    const projector = await projectorPage('en');
    await projector.getByTestId('floor-motion-voted').waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('floor-motion-voted').textContent()).toContain('Amendment');
    await shot(projector, 'en-projector-floor-motion');
  }, 240_000);
});
