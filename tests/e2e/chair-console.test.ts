import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi, memberApi } from './support/staff.ts';

const info = inject('e2e');

const LAPTOP = { width: 1366, height: 768 };
const DESKTOP = { width: 1920, height: 1080 };
/** 1366 × 768 at 200 % browser zoom: half as many CSS pixels each way. */
const ZOOMED = { width: 683, height: 384 };

describe.skipIf(info.skip !== null)('the chair console fits the screen: one next action in view', () => {
  let server: RunningServer;
  let admin: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    ({ server, api: admin, seed } = await startSeeded(info.adminUrl));
    await checkIn(admin, seed, seed.member, 'online');
    await checkIn(admin, seed, seed.holder, 'room');
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  /** The element lies inside the viewport as it is, and the page has not been scrolled. */
  async function inView(page: Page, target: Locator): Promise<void> {
    await target.waitFor();
    const box = await target.boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    expect(box, 'the element is rendered').not.toBeNull();
    expect(box?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(height);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
  }

  /** Screenshots of one state in German and English, at 1366 × 768 and 1920 × 1080; back to German at 1366. */
  async function states(page: Page, name: string): Promise<void> {
    for (const [lang, radio] of [
      ['de', 'Deutsch'],
      ['en', 'English'],
    ] as const) {
      await page.getByRole('radio', { name: radio }).check();
      for (const [size, viewport] of [
        ['1366', LAPTOP],
        ['1920', DESKTOP],
      ] as const) {
        await page.setViewportSize(viewport);
        await shot(page, `${lang}-${size}-chair-${name}`, { fullPage: false });
      }
    }
    await page.getByRole('radio', { name: 'Deutsch' }).check();
    await page.setViewportSize(LAPTOP);
    await page.evaluate(() => window.scrollTo(0, 0));
  }

  it('at 1366×768 the chair opens, closes, declares and goes to the next item without scrolling; the confirmation names both choices', async () => {
    const b = await openBrowser(LAPTOP);
    browsers.push(b);
    const page = await firstPage(b);
    await loginStaffUi(page, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    const action = page.getByTestId('chair-next-action');
    const heading = page.getByTestId('poll-heading');

    // The first item is previewed; making it current is the one action, in view.
    const setCurrent = page.getByRole('button', { name: /Zum aktuellen Punkt machen/ });
    await inView(page, setCurrent);
    await setCurrent.click();
    await page.locator('li[aria-current="step"]').filter({ hasText: 'TOP 1' }).waitFor();

    // The method select preselects the statute's default (voting cards); this vote is electronic.
    await page.locator('#poll-method').selectOption('electronic');
    const create = action.getByRole('button', { name: /Abstimmung anlegen/ });
    await create.waitFor();
    await inView(page, create);
    await create.click();
    await expect.poll(() => heading.textContent()).toContain('Entwurf');

    // Before open: the open button is the one next action.
    const open = action.getByRole('button', { name: /Abstimmung öffnen/ });
    await inView(page, open);
    expect(await action.getByRole('button').count()).toBe(1);
    await states(page, 'before-open');
    await open.click();
    await expect.poll(() => heading.textContent()).toContain('läuft');

    // A member votes; the turnout and the close button are in view.
    const voter = await memberApi(server.baseUrl, seed.assemblyId, seed.member);
    const polls = await admin.call<{ id: string; agendaItemId: string }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/polls`,
    );
    const pollId = polls.find((p) => p.agendaItemId === seed.itemId)?.id ?? '';
    await voter.call('POST', `/api/polls/${pollId}/votes`, {
      votes: [{ memberId: seed.member.id, choice: 'yes' }],
    });
    await expect.poll(() => page.getByTestId('chair-turnout').textContent()).toMatch(/1/);
    await inView(page, page.getByTestId('chair-turnout'));
    await inView(page, heading);
    const close = action.getByRole('button', { name: /Abstimmung schließen/ });
    await inView(page, close);
    await states(page, 'open');
    // The projector during the vote, in both languages (same session).
    const projector = await b.context.newPage();
    await projector.setViewportSize(DESKTOP);
    for (const lang of ['de', 'en']) {
      await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=${lang}`);
      // The projector has its own login (a screen in the room, not the chair's session).
      const user = projector.locator('#p-user');
      const turnout = projector.getByTestId('projector-turnout-heading');
      await user.or(turnout).first().waitFor();
      if (await user.isVisible()) {
        await user.fill(server.admin.username);
        await projector.locator('#p-pass').fill(server.admin.password);
        await projector.locator('#p-pass').press('Enter');
      }
      await turnout.waitFor();
      await shot(projector, `${lang}-1920-projector-open`, { fullPage: false });
    }
    await projector.close();
    await page.getByRole('radio', { name: 'Deutsch' }).check();

    // The confirmation names both choices in full, in English too; Cancel changes nothing.
    await page.getByRole('radio', { name: 'English' }).check();
    await action.getByRole('button', { name: /Close the vote/ }).click();
    const confirmEn = page.getByRole('alertdialog');
    expect(await confirmEn.getByRole('button').allInnerTexts()).toEqual(['Cancel', 'Close the vote now']);
    await confirmEn.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('radio', { name: 'Deutsch' }).check();
    await close.click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.getByRole('button').allInnerTexts()).toEqual([
      'Abbrechen',
      'Abstimmung jetzt schließen',
    ]);
    await inView(page, confirm.getByRole('button', { name: 'Abbrechen' }));
    const closeNow = confirm.getByRole('button', { name: 'Abstimmung jetzt schließen' });
    await inView(page, closeNow);
    await shot(page, 'de-1366-chair-close-confirm', { fullPage: false });
    await closeNow.click();
    await expect.poll(() => heading.textContent()).toContain('geschlossen');

    // Closed with the result: declaring is the one next action.
    const declare = action.getByRole('button', { name: /Ergebnis feststellen/ });
    await inView(page, declare);
    await inView(page, page.getByRole('heading', { name: 'Ergebnis', exact: true }));
    await states(page, 'closed');
    await declare.click();
    await expect.poll(() => heading.textContent()).toContain('festgestellt');

    // Declared: the next item is the next action (not a new ballot round).
    const next = action.getByRole('button', { name: /Weiter zu TOP 2/ });
    await inView(page, next);
    expect(await action.getByRole('button').count()).toBe(1);
    expect(await page.getByRole('button', { name: /Neuen Wahlgang/ }).count()).toBe(0);
    await states(page, 'declared');
    await next.click();
    await page.locator('li[aria-current="step"]').filter({ hasText: 'TOP 2' }).waitFor();
    await inView(page, action.getByRole('button', { name: /Abstimmung anlegen/ }));

    // The election on TOP 2 without ballots leaves its seats open: after the declaration the
    // further round is offered, as a secondary action beside the note that this was the last item.
    await page.locator('#poll-method').selectOption('electronic');
    await action.getByRole('button', { name: /Abstimmung anlegen/ }).click();
    await action.getByRole('button', { name: /Abstimmung öffnen/ }).click();
    await action.getByRole('button', { name: /Abstimmung schließen/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Abstimmung jetzt schließen' }).click();
    await action.getByRole('button', { name: /Ergebnis feststellen/ }).click();
    await expect.poll(() => heading.textContent()).toContain('festgestellt');
    await action.getByText('Das war der letzte Tagesordnungspunkt.', { exact: false }).waitFor();
    const round = action.getByRole('button', { name: /Neuen Wahlgang anlegen/ });
    await inView(page, round);
    expect(await round.getAttribute('class')).toContain('button--secondary');
    await shot(page, 'de-1366-chair-election-seats-open', { fullPage: false });

    // At 200 % zoom the poll controls come before the whole agenda.
    await page.setViewportSize(ZOOMED);
    const control = await action.getByRole('button').first().boundingBox();
    const agenda = await page.getByTestId('chair-agenda').boundingBox();
    expect(control?.y ?? Number.POSITIVE_INFINITY).toBeLessThan(agenda?.y ?? 0);
    await shot(page, 'de-683-chair-zoomed', { fullPage: true });
    // The agenda folds away and opens again.
    await page.setViewportSize(LAPTOP);
    await page.getByRole('button', { name: 'Tagesordnung einklappen' }).click();
    expect(await page.locator('#agenda-list li').count()).toBe(0);
    await page.getByRole('button', { name: 'Tagesordnung ausklappen' }).click();
    expect(await page.locator('#agenda-list li').count()).toBeGreaterThan(1);

    // The desk in both languages.
    const desk = await b.context.newPage();
    await desk.setViewportSize(LAPTOP);
    await desk.goto(`${server.baseUrl}/desk/${seed.assemblyId}`);
    await desk.getByRole('heading', { name: 'Einlass' }).first().waitFor();
    await shot(desk, 'de-1366-desk', { fullPage: false });
    await desk.getByRole('radio', { name: 'English' }).check();
    await desk.getByRole('heading', { name: 'Check-in desk' }).first().waitFor();
    await shot(desk, 'en-1366-desk', { fullPage: false });
  }, 240_000);
});
