import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi, memberApi } from './support/staff.ts';

const info = inject('e2e');

const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 375, height: 812 };

/**
 * The turnout that matters on every screen: 8 members in the register; 1001 online, 1002 in the
 * room holding the proxies of 1003 and 1004 (absent), 1005 in the room; 1006–1008 absent. So 5
 * votes can be cast now, not 8.
 */
describe.skipIf(info.skip !== null)(
  'turnout against the votes that can be cast now, in real browsers',
  () => {
    let server: RunningServer;
    let chair: Api;
    let seed: Seeded;
    let pollId = '';
    const browsers: Browser[] = [];
    const axe: { screen: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];

    async function browser(viewport: { width: number; height: number }): Promise<Page> {
      const b = await openBrowser(viewport);
      browsers.push(b);
      return firstPage(b);
    }

    async function memberPage(m: SeededMember, lang: 'de' | 'en'): Promise<Page> {
      const page = await browser(PHONE);
      await page.goto(
        `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}&lang=${lang}`,
      );
      await page.waitForURL(`**/member/${seed.assemblyId}*`, { timeout: 20_000 });
      await page.getByTestId('current-item').waitFor();
      return page;
    }

    const text = async (page: Page, testId: string) =>
      ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

    beforeAll(async () => {
      ({ server, api: chair, seed } = await startSeeded(info.adminUrl));
      await checkIn(chair, seed, seed.member, 'online');
      await checkIn(chair, seed, seed.holder, 'room');
      await checkIn(chair, seed, seed.others[0] as SeededMember, 'room');
      await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
      const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
        agendaItemId: seed.itemId,
      });
      await chair.call('POST', `/api/polls/${poll.id}/open`);
      pollId = poll.id;
      const voter = await memberApi(server.baseUrl, seed.assemblyId, seed.member);
      await voter.call('POST', `/api/polls/${pollId}/votes`, {
        votes: [{ memberId: seed.member.id, choice: 'yes' }],
      });
    }, 240_000);

    afterAll(async () => {
      for (const b of browsers) await b.close();
      await server?.stop();
    }, 60_000);

    it('R5, R25: member page, projector and chair console count 1 of 5 possible votes, 8 in the register', async () => {
      const member = await memberPage(seed.member, 'de');
      await expect
        .poll(() => text(member, 'turnout-count'), { timeout: 15_000 })
        .toBe('1 von 5 möglichen Stimmen abgegeben');
      expect(await text(member, 'turnout-register')).toBe('8 Mitglieder im Register');
      axe.push({ screen: 'member turnout', violations: await axeViolations(member) });
      await shot(member, 'de-phone-member-turnout');

      const projector = await browser(DESKTOP);
      await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=de`);
      await projector.getByLabel('Benutzername').fill(server.admin.username);
      await projector.getByLabel('Passwort').fill(server.admin.password);
      await projector.getByRole('button', { name: 'Anmelden' }).click();
      await expect
        .poll(() => text(projector, 'turnout-count'), { timeout: 15_000 })
        .toBe('1 von 5 möglichen Stimmen');
      expect(await text(projector, 'turnout-register')).toBe('8 Mitglieder im Register');
      axe.push({ screen: 'projector turnout', violations: await axeViolations(projector) });
      await shot(projector, 'de-projector-turnout-now');

      const chairPage = await browser(DESKTOP);
      await loginStaffUi(chairPage, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
      await expect.poll(() => text(chairPage, 'chair-can-vote-now'), { timeout: 15_000 }).toBe('5');
      expect(await text(chairPage, 'turnout-count')).toBe('1 von 5 möglichen Stimmen abgegeben');
      expect(await text(chairPage, 'missing-count')).toContain('4 mögliche Stimmen stehen noch aus.');

      // R5, R7: only who can vote now, with how, by member number.
      await chairPage.getByRole('button', { name: 'Liste laden' }).click();
      await expect
        .poll(() => text(chairPage, 'missing-total'))
        .toContain('4 Mitglieder können jetzt abstimmen');
      const rows = async () =>
        (await chairPage.getByTestId('missing-list').locator('li').allTextContents()).map((r) =>
          r.replace(/\s+/g, ' ').trim(),
        );
      expect(await rows()).toEqual([
        '1002 – Bernd Brandt · Saal',
        '1003 – Clara Claußen · vertreten durch Bernd Brandt, Nr. 1002',
        '1004 – Dieter Dorn · vertreten durch Bernd Brandt, Nr. 1002',
        '1005 – Emma Engel · Saal',
      ]);
      axe.push({ screen: 'chair turnout', violations: await axeViolations(chairPage) });
      await chairPage.getByTestId('missing-list').scrollIntoViewIfNeeded();
      await shot(chairPage, 'de-desktop-chair-turnout');

      // The holder votes for himself and one principal: every screen follows, the list without a reload.
      const holder = await memberApi(server.baseUrl, seed.assemblyId, seed.holder);
      await holder.call('POST', `/api/polls/${pollId}/votes`, {
        votes: [
          { memberId: seed.holder.id, choice: 'no' },
          { memberId: (seed.principals[0] as SeededMember).id, choice: 'no' },
        ],
      });
      await expect
        .poll(() => text(chairPage, 'missing-total'), { timeout: 15_000 })
        .toContain('2 Mitglieder');
      expect(await rows()).toEqual([
        '1004 – Dieter Dorn · vertreten durch Bernd Brandt, Nr. 1002',
        '1005 – Emma Engel · Saal',
      ]);
      expect(await text(chairPage, 'turnout-count')).toBe('3 von 5 möglichen Stimmen abgegeben');
      await expect
        .poll(() => text(member, 'turnout-count'), { timeout: 15_000 })
        .toBe('3 von 5 möglichen Stimmen abgegeben');
      await expect
        .poll(() => text(projector, 'turnout-count'), { timeout: 15_000 })
        .toBe('3 von 5 möglichen Stimmen');
      await chairPage.setViewportSize(PHONE);
      await shot(chairPage, 'de-phone-chair-turnout');
      await shot(projector, 'de-projector-turnout-after');

      // English, with the same numbers.
      await member.goto(`${server.baseUrl}/member/${seed.assemblyId}?lang=en`);
      await expect
        .poll(() => text(member, 'turnout-count'), { timeout: 15_000 })
        .toBe('3 of 5 possible votes cast');
      expect(await text(member, 'turnout-register')).toBe('8 members in the register');
      await shot(member, 'en-phone-member-turnout');
      await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
      await expect
        .poll(() => text(projector, 'turnout-count'), { timeout: 15_000 })
        .toBe('3 of 5 possible votes');
      await shot(projector, 'en-projector-turnout-now');
      await chairPage.setViewportSize(DESKTOP);
      await chairPage.goto(`${server.baseUrl}/chair/${seed.assemblyId}?lang=en`);
      await expect
        .poll(() => text(chairPage, 'missing-count'), { timeout: 15_000 })
        .toBe('2 possible votes are still outstanding.');
      await chairPage.getByRole('button', { name: 'Load list' }).click();
      await expect.poll(() => text(chairPage, 'missing-total')).toContain('2 members can vote now');
      expect(await rows()).toEqual([
        '1004 – Dieter Dorn · represented by Bernd Brandt, no. 1002',
        '1005 – Emma Engel · room',
      ]);
      await chairPage.getByTestId('missing-list').scrollIntoViewIfNeeded();
      await shot(chairPage, 'en-desktop-chair-turnout');
      await chairPage.setViewportSize(PHONE);
      await shot(chairPage, 'en-phone-chair-turnout');

      const serious = axe.flatMap((a) =>
        a.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${a.screen}: ${v.id}`),
      );
      expect(serious).toEqual([]);
    }, 240_000);
  },
);
