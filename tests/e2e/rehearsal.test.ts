import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi } from './support/staff.ts';

const info = inject('e2e');

const DESKTOP = { width: 1920, height: 1080 };
const PHONE = { width: 375, height: 812 };

/** A rehearsal poll: a member answers it on the phone and sees it marked as not counting. */
describe.skipIf(info.skip !== null)('rehearsal poll on the phone and the projector', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  let pollId = '';
  const browsers: Browser[] = [];

  async function browser(viewport: { width: number; height: number }): Promise<Page> {
    const b = await openBrowser(viewport);
    browsers.push(b);
    return firstPage(b);
  }

  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl));
    await checkIn(chair, seed, seed.member, 'online');
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
    const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
      agendaItemId: seed.itemId,
      rehearsal: true,
    });
    await chair.call('POST', `/api/polls/${poll.id}/open`);
    pollId = poll.id;
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('a member answers a rehearsal on the phone and sees "Probeabstimmung – zählt nicht"', async () => {
    const member = await browser(PHONE);
    const m = seed.member;
    await member.goto(
      `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}&lang=de`,
    );
    await member.waitForURL(`**/member/${seed.assemblyId}*`, { timeout: 20_000 });
    await member.getByTestId('vote-link').click();
    await member.getByRole('radio', { name: 'Ja' }).waitFor();
    expect(await text(member, 'rehearsal-mark')).toBe('Probeabstimmung – zählt nicht');
    // The test question, not the real item it hangs on.
    expect(await member.locator('section.ballot legend').first().textContent()).toContain(
      'Funktioniert die Stimmabgabe',
    );
    await shot(member, 'de-phone-rehearsal-ballot');
    await member.getByRole('radio', { name: 'Ja' }).check();
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor();
    expect(await text(member, 'rehearsal-mark')).toBe('Probeabstimmung – zählt nicht');
    await shot(member, 'de-phone-rehearsal-done');

    const projector = await browser(DESKTOP);
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
    await projector.getByLabel('Username').fill(server.admin.username);
    await projector.getByLabel('Password').fill(server.admin.password);
    await projector.getByRole('button', { name: 'Log in' }).click();
    await expect
      .poll(() => text(projector, 'projector-rehearsal'), { timeout: 15_000 })
      .toBe('Rehearsal – does not count');
    await shot(projector, 'en-projector-rehearsal');

    const view = await chair.call<{ rehearsal: boolean; voted: number }>('GET', `/api/polls/${pollId}`);
    expect(view).toMatchObject({ rehearsal: true, voted: 1 });

    // The chair sees the live turnout, ends the rehearsal and repeats it; the item's poll is untouched.
    const chairPage = await browser(DESKTOP);
    await loginStaffUi(chairPage, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    await expect
      .poll(() => text(chairPage, 'chair-rehearsal-state'), { timeout: 15_000 })
      .toBe('Läuft: 1 Stimme abgegeben');
    await shot(chairPage, 'de-desktop-chair-rehearsal');
    await chairPage.getByRole('button', { name: 'Probeabstimmung beenden' }).click();
    await expect
      .poll(() => text(chairPage, 'chair-rehearsal-state'), { timeout: 15_000 })
      .toBe('Beendet: 1 Stimme abgegeben');
    await chairPage.getByRole('button', { name: 'Probeabstimmung wiederholen' }).click();
    await expect
      .poll(() => text(chairPage, 'chair-rehearsal-state'), { timeout: 15_000 })
      .toBe('Läuft: 0 Stimmen abgegeben');
    expect(await chairPage.getByRole('button', { name: /^Abstimmung anlegen/ }).count()).toBe(1);
    const polls = await chair.call<{ rehearsal: boolean; status: string }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/polls`,
    );
    expect(polls.map((p) => [p.rehearsal, p.status])).toEqual([
      [true, 'closed'],
      [true, 'open'],
    ]);

    // The repeated rehearsal, in English on another phone, and in German on the projector.
    await checkIn(chair, seed, seed.holder, 'room');
    const holder = await browser(PHONE);
    const h = seed.holder;
    await holder.goto(
      `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(h.number)}&c=${encodeURIComponent(h.code)}&lang=en`,
    );
    await holder.waitForURL(`**/member/${seed.assemblyId}*`, { timeout: 20_000 });
    await holder.getByTestId('vote-link').click();
    await holder.getByTestId('rehearsal-mark').waitFor();
    expect(await text(holder, 'rehearsal-mark')).toBe('Rehearsal – does not count');
    expect(await holder.locator('section.ballot legend').first().textContent()).toContain(
      'Does voting work on your device?',
    );
    await shot(holder, 'en-phone-rehearsal-ballot');
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=de`);
    await expect
      .poll(() => text(projector, 'projector-rehearsal'), { timeout: 15_000 })
      .toBe('Probeabstimmung – zählt nicht');
    await shot(projector, 'de-projector-rehearsal');
  });
});
