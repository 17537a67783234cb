import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi } from './support/staff.ts';

const info = inject('e2e');

const CHAIR = { width: 1440, height: 900 };
const PHONE = { width: 375, height: 812 };

describe.skipIf(info.skip !== null)(
  'lifecycle in a real browser: the chair convenes, opens and closes',
  () => {
    let server: RunningServer;
    let admin: Api;
    let seed: Seeded;
    const browsers: Browser[] = [];

    async function browser(viewport: { width: number; height: number }): Promise<Page> {
      const b = await openBrowser(viewport);
      browsers.push(b);
      return firstPage(b);
    }

    beforeAll(async () => {
      ({ server, api: admin, seed } = await startSeeded(info.adminUrl, undefined, 'preparation'));
    }, 240_000);

    afterAll(async () => {
      for (const b of browsers) await b.close();
      await server?.stop();
    }, 60_000);

    it('lifecycle: the chair sees the state in words and takes the one next step after confirming it; members see the state live (German, English)', async () => {
      const chair = await browser(CHAIR);
      await loginStaffUi(chair, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
      const panel = chair.getByTestId('chair-lifecycle');
      await panel.getByText('in Vorbereitung').waitFor();

      // Convene: the invitation went out three weeks ago by letter, with the online access details.
      const invitedOn = new Date(Date.now() - 21 * 86_400_000).toISOString().slice(0, 10);
      await chair.getByLabel('Einladung zugegangen am').fill(invitedOn);
      await chair.getByLabel('Weg der Einladung').selectOption('text_form_to_each_member');
      await chair
        .getByLabel('So nehmen Mitglieder online teil (steht in der Einladung)')
        .fill('Online über die Mitgliederseite mit dem Zugangscode aus dem Brief.');
      await shot(chair, 'de-chair-1440-preparation');
      await chair.getByRole('button', { name: 'Versammlung einberufen …' }).click();
      const convene = chair.getByRole('alertdialog');
      await convene.getByRole('button', { name: 'Abbrechen' }).waitFor();
      await shot(chair, 'de-chair-1440-convene-confirm');
      await convene.getByRole('button', { name: 'Versammlung jetzt einberufen' }).click();
      await panel.getByText('Die Versammlung ist einberufen.', { exact: false }).first().waitFor();

      // A member sees that the assembly is convened but not open, and no check-in yet.
      const member = await browser(PHONE);
      const m = seed.member;
      await member.goto(
        `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}`,
      );
      await member.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
      const status = member.getByTestId('assembly-status');
      await status.getByText('noch nicht eröffnet', { exact: false }).waitFor();
      expect(await member.getByRole('button', { name: 'Jetzt online anwesend melden' }).count()).toBe(0);
      await shot(member, 'de-member-375-convened');
      // The projector says so too, before anything is on the agenda.
      const projector = await browser({ width: 1920, height: 1080 });
      await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}`);
      await projector.getByLabel('Benutzername').fill(server.admin.username);
      await projector.getByLabel('Passwort').fill(server.admin.password);
      await projector.getByRole('button', { name: 'Anmelden' }).click();
      await projector
        .getByTestId('projector-status')
        .getByText('Die Versammlung ist noch nicht eröffnet.')
        .waitFor();
      await shot(projector, 'de-projector-1920-convened');

      // Open: the dialog names both choices in full.
      await panel.getByRole('button', { name: 'Versammlung eröffnen …' }).click();
      const open = chair.getByRole('alertdialog');
      expect(await open.getByRole('button').allInnerTexts()).toEqual([
        'Abbrechen',
        'Versammlung jetzt eröffnen',
      ]);
      await shot(chair, 'de-chair-1440-open-confirm');
      // Abbrechen changes nothing.
      await open.getByRole('button', { name: 'Abbrechen' }).click();
      await panel.getByText('einberufen', { exact: true }).waitFor();
      await panel.getByRole('button', { name: 'Versammlung eröffnen …' }).click();
      await chair
        .getByRole('alertdialog')
        .getByRole('button', { name: 'Versammlung jetzt eröffnen' })
        .click();
      await panel.getByText('eröffnet', { exact: true }).waitFor();
      await shot(chair, 'de-chair-1440-open');
      // The member's page follows live.
      await status.getByText('Die Versammlung ist eröffnet.').waitFor();
      await shot(member, 'de-member-375-open');

      // English: the same screens in the other language.
      await chair.getByRole('radio', { name: 'English' }).check();
      await panel.getByText('The assembly is open.', { exact: false }).first().waitFor();
      await panel.getByRole('button', { name: 'Close the assembly …' }).click();
      const close = chair.getByRole('alertdialog');
      expect(await close.getByRole('button').allInnerTexts()).toEqual(['Cancel', 'Close the assembly now']);
      await shot(chair, 'en-chair-1440-close-confirm');
      await close.getByRole('button', { name: 'Close the assembly now' }).click();
      await panel.getByText('closed', { exact: true }).waitFor();
      await shot(chair, 'en-chair-1440-closed');

      await member.getByRole('radio', { name: 'English' }).check();
      await status.getByText('The assembly is closed.', { exact: false }).waitFor();
      await shot(member, 'en-member-375-closed');
      const projectorEn = await browser({ width: 1920, height: 1080 });
      await projectorEn.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
      await projectorEn.getByLabel('Username').fill(server.admin.username);
      await projectorEn.getByLabel('Password').fill(server.admin.password);
      await projectorEn.getByRole('button', { name: 'Log in' }).click();
      await projectorEn.getByTestId('projector-status').getByText('The assembly is closed.').waitFor();
      await shot(projectorEn, 'en-projector-1920-closed');

      // The closed assembly takes no more check-ins (the API says so too).
      await expect(
        admin.call('POST', `/api/assemblies/${seed.assemblyId}/attendance/check-in`, {
          memberNumber: seed.others[0]?.number,
          channel: 'room',
        }),
      ).rejects.toThrow(/assembly\.closed/);
      const violations = await axeViolations(chair);
      expect(violations).toEqual([]);
    });
  },
);
