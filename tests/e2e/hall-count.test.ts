import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { loginStaffUi, memberApi } from './support/staff.ts';

const info = inject('e2e');

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 375, height: 812 };
const PASSWORD = 'teller-password-2026';
const TELLERS = [
  { username: 'zaehler.anna', displayName: 'Anna Zählerin' },
  { username: 'zaehler.ben', displayName: 'Ben Zähler' },
] as const;

/**
 * A hybrid item voted by voting cards in the hall and on phones online (C5, R27): the chair picks
 * the method and appoints two tellers, members online vote on their phones, two tellers enter and
 * confirm the hall count on theirs, the chair declares the sum, and the minutes state both counts.
 */
describe.skipIf(info.skip !== null)('hall count by two tellers plus phones online', () => {
  let server: RunningServer;
  let admin: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];

  async function browser(viewport: { width: number; height: number }): Promise<Page> {
    const b = await openBrowser(viewport);
    browsers.push(b);
    return firstPage(b);
  }

  const text = async (page: Page, testId: string) =>
    ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    ({ server, api: admin, seed } = await startSeeded(info.adminUrl));
    for (const teller of TELLERS)
      await admin.call('POST', '/api/staff-users', { ...teller, password: PASSWORD, role: 'teller' });
    // In the hall: the proxy holder (with two principals' votes) and one more member: four votes.
    await checkIn(admin, seed, seed.holder, 'room');
    await checkIn(admin, seed, seed.others[0] as { number: string }, 'room');
    // Online: two members on their phones.
    await checkIn(admin, seed, seed.member, 'online');
    await checkIn(admin, seed, seed.candidates[0] as { number: string }, 'online');
    await admin.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('R27: voting cards in the hall counted by two tellers plus phones online, declared with both counts', async () => {
    const A = seed.assemblyId;
    const chair = await browser(LAPTOP);
    await loginStaffUi(chair, server.baseUrl, server.admin, `/chair/${A}`);

    // The chair appoints both tellers.
    const hall = chair.getByTestId('chair-hall');
    for (const teller of TELLERS) {
      await hall
        .getByLabel('Stimmzähler bestellen')
        .selectOption({ label: `${teller.displayName} (${teller.username})` });
      await hall.getByRole('button', { name: 'Bestellen' }).click();
      await expect
        .poll(() => text(chair, 'tellers-appointed'), { timeout: 15_000 })
        .toContain(teller.displayName);
    }

    // The method: the statute's default (voting cards) is preselected.
    const method = chair.locator('#poll-method');
    expect(await method.inputValue()).toBe('voting_cards');
    expect(await method.locator('option:checked').textContent()).toBe('Stimmkarten (Satzung)');
    expect(await axeViolations(chair)).toEqual([]);
    await method.scrollIntoViewIfNeeded();
    await shot(chair, 'de-1366-chair-hall-setup', { fullPage: false });
    await chair.getByRole('button', { name: /^Abstimmung anlegen/ }).click();
    await chair.getByRole('button', { name: /^Abstimmung öffnen/ }).click();
    await chair.getByRole('button', { name: /^Abstimmung schließen/ }).waitFor();
    const poll = (
      await admin.call<{ id: string; method: string; status: string }[]>('GET', `/api/assemblies/${A}/polls`)
    ).find((p) => p.status === 'open');
    expect(poll?.method).toBe('voting_cards');
    const pollId = poll?.id ?? '';

    // In the hall, a member's phone says the vote is given there.
    const inHall = await browser(PHONE);
    const h = seed.holder;
    await inHall.goto(
      `${server.baseUrl}/join?a=${A}&m=${encodeURIComponent(h.number)}&c=${encodeURIComponent(h.code)}&lang=de`,
    );
    await inHall.waitForURL(`**/member/${A}*`, { timeout: 20_000 });
    await inHall
      .getByText('Diese Abstimmung wird im Saal gezählt: Wer im Saal ist, stimmt dort ab, nicht am Telefon.')
      .waitFor({ timeout: 15_000 });
    await shot(inHall, 'de-phone-member-in-hall');

    // Online: one member on the phone in the browser, one through their own session.
    const phone = await browser(PHONE);
    const m = seed.member;
    await phone.goto(
      `${server.baseUrl}/join?a=${A}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}&lang=de`,
    );
    await phone.waitForURL(`**/member/${A}*`, { timeout: 20_000 });
    await phone.getByTestId('vote-link').click();
    await phone.getByRole('radio', { name: 'Ja' }).check();
    await phone.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await phone.getByTestId('cast').click();
    await phone.getByTestId('done').waitFor();
    const other = await memberApi(server.baseUrl, A, seed.candidates[0] as (typeof seed.candidates)[number]);
    await other.call('POST', `/api/polls/${pollId}/votes`, {
      votes: [{ memberId: seed.candidates[0]?.id, choice: 'no' }],
    });

    // The chair closes; the declaration waits for the hall count.
    await chair.getByRole('button', { name: /^Abstimmung schließen/ }).click();
    await chair.getByRole('alertdialog').getByRole('button', { name: 'Abstimmung jetzt schließen' }).click();
    await chair.getByTestId('hall-pending').waitFor({ timeout: 15_000 });
    await expect.poll(() => text(chair, 'hall-polls'), { timeout: 15_000 }).toContain('Zählung ausstehend');

    // The first teller counts on the phone (German) and enters the count.
    const anna = await browser(PHONE);
    await loginStaffUi(
      anna,
      server.baseUrl,
      { username: TELLERS[0].username, password: PASSWORD },
      `/teller/${A}`,
    );
    await anna.getByTestId('teller-poll').waitFor({ timeout: 15_000 });
    expect(await text(anna, 'teller-poll')).toContain('Im Saal können höchstens 4 Stimmen abgegeben werden.');
    await shot(anna, 'de-phone-teller-enter');
    await anna.getByLabel('Ja', { exact: true }).fill('3');
    await anna.getByLabel('Nein', { exact: true }).fill('1');
    await anna.getByLabel('Enthaltung', { exact: true }).fill('0');
    expect(await axeViolations(anna)).toEqual([]);
    await anna.getByRole('button', { name: 'Zählung eingeben' }).click();
    await expect
      .poll(() => text(anna, 'teller-announcement'), { timeout: 15_000 })
      .toBe('Ihre Zählung ist gespeichert; sie wartet auf die Bestätigung.');
    await shot(anna, 'de-phone-teller-entered');
    await expect
      .poll(() => text(chair, 'hall-polls'), { timeout: 15_000 })
      .toContain('Gezählt von Anna Zählerin, Bestätigung ausstehend');

    // The second teller, in English: a wrong count is refused, the right one confirms.
    const ben = await browser(PHONE);
    await loginStaffUi(
      ben,
      server.baseUrl,
      { username: TELLERS[1].username, password: PASSWORD },
      `/teller/${A}`,
    );
    await ben.goto(`${server.baseUrl}/teller/${A}?lang=en`);
    await ben.getByTestId('teller-poll').waitFor({ timeout: 15_000 });
    expect(await text(ben, 'teller-poll')).toContain('Counted by Anna Zählerin.');
    await ben.getByLabel('Yes', { exact: true }).fill('2');
    await ben.getByLabel('No', { exact: true }).fill('2');
    await ben.getByLabel('Abstain', { exact: true }).fill('0');
    await ben.getByRole('button', { name: 'Confirm count' }).click();
    await ben.getByRole('alert').waitFor({ timeout: 15_000 });
    expect(await ben.getByRole('alert').textContent()).toContain('The numbers differ from the first count.');
    await shot(ben, 'en-phone-teller-mismatch');
    await ben.getByLabel('Yes', { exact: true }).fill('3');
    await ben.getByLabel('No', { exact: true }).fill('1');
    await ben.getByLabel('Abstain', { exact: true }).fill('0');
    await ben.getByRole('button', { name: 'Confirm count' }).click();
    await expect
      .poll(() => text(ben, 'teller-announcement'), { timeout: 15_000 })
      .toBe('The hall count is confirmed.');
    await shot(ben, 'en-phone-teller-confirmed');

    // The chair sees the confirmed count and the sum, and declares.
    await expect
      .poll(() => text(chair, 'hall-polls'), { timeout: 15_000 })
      .toContain('Gesamt mit den elektronischen Stimmen: Ja 4 · Nein 2 · Enthaltung 0');
    expect(await text(chair, 'hall-polls')).toContain('Gezählt von Anna Zählerin, bestätigt von Ben Zähler');
    await chair.getByTestId('hall-pending').waitFor({ state: 'detached', timeout: 15_000 });
    await shot(chair, 'de-1366-chair-hall-confirmed');
    await chair.getByRole('button', { name: /^Ergebnis feststellen/ }).click();
    await expect
      .poll(async () => (await admin.call<{ status: string }>('GET', `/api/polls/${pollId}`)).status, {
        timeout: 15_000,
      })
      .toBe('declared');
    const declared = await admin.call<{
      declaration: { outcome: string };
      tally: { counts: { yes: number } };
    }>('GET', `/api/polls/${pollId}`);
    expect(declared.declaration.outcome).toBe('passed');
    expect(declared.tally.counts.yes).toBe(4);

    // The minutes state both counts, the tellers and who took part by which channel.
    const minutes = await admin.call<string>('GET', `/api/assemblies/${A}/export/minutes.html?lang=de`);
    expect(minutes).toContain('im Saal ausgezählt (Stimmkarten): Ja 3 · Nein 1 · Enthaltung 0');
    expect(minutes).toContain('Anna Zählerin (gezählt), Ben Zähler (bestätigt)');
    expect(minutes).toContain(
      'elektronisch abgegeben: Ja 1 · Nein 1 · Enthaltung 0 · ungültig 0 (2 Stimmen: online 2)',
    );
    expect(minutes).toContain('online (2)');

    // The same screens in English, at laptop and phone size.
    await chair.goto(`${server.baseUrl}/chair/${A}?lang=en`);
    await chair.getByTestId('hall-polls').waitFor({ timeout: 15_000 });
    await chair.getByTestId('chair-hall').scrollIntoViewIfNeeded();
    expect(await text(chair, 'hall-polls')).toContain('Counted by Anna Zählerin, confirmed by Ben Zähler');
    await shot(chair, 'en-1366-chair-hall', { fullPage: false });
    await chair.getByTestId('poll-heading').scrollIntoViewIfNeeded();
    expect(await text(chair, 'poll-method')).toBe('voting cards');
    await shot(chair, 'en-1366-chair-poll', { fullPage: false });
    const wide = await browser(LAPTOP);
    await loginStaffUi(
      wide,
      server.baseUrl,
      { username: TELLERS[0].username, password: PASSWORD },
      `/teller/${A}`,
    );
    await shot(wide, 'de-1366-teller');
    await wide.goto(`${server.baseUrl}/teller/${A}?lang=en`);
    await wide.getByTestId('teller-none').waitFor({ timeout: 15_000 });
    await shot(wide, 'en-1366-teller');
    const chairPhone = await browser(PHONE);
    await loginStaffUi(chairPhone, server.baseUrl, server.admin, `/chair/${A}`);
    await chairPhone.getByTestId('hall-polls').waitFor({ timeout: 15_000 });
    await shot(chairPhone, 'de-phone-chair-hall');
  });
});
