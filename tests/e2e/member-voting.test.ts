import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { axeViolations, type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';

const info = inject('e2e');

describe.skipIf(info.skip !== null)('member, proxy holder and projector in real browsers', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];
  const axe: { screen: string; violations: Awaited<ReturnType<typeof axeViolations>> }[] = [];
  let motionPollId = '';
  let firstReceipt = '';
  let secondBrowser: Browser | undefined;

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
    try {
      await page.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
    } catch (error) {
      throw new Error(
        `login of ${m.number} did not arrive: ${page.url()} ${await page.locator('main').textContent()}`,
        {
          cause: error,
        },
      );
    }
    await page.getByTestId('current-item').waitFor();
  }

  async function openPoll(itemId: string): Promise<string> {
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId });
    const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
      agendaItemId: itemId,
    });
    await chair.call('POST', `/api/polls/${poll.id}/open`);
    return poll.id;
  }

  beforeAll(async () => {
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl));
    // The proxy holder is in the room: the desk checks them in. The principals stay away (R5).
    await checkIn(chair, seed, seed.holder, 'room');
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('takes an item from open to declared: member and proxy holder vote, the result shows everywhere', async () => {
    // The login page itself, before the link logs in.
    const member = await browser();
    await member.goto(`${server.baseUrl}/join?a=${seed.assemblyId}`);
    await member.getByLabel('Mitgliedsnummer').waitFor();
    await scan(member, 'login');
    await shot(member, 'de-phone-login');

    // Wrong code: a plain-words error.
    await member.getByLabel('Mitgliedsnummer').fill(seed.member.number);
    await member.getByLabel('Zugangscode').fill('WRONG-CODE');
    await member.getByRole('button', { name: 'Anmelden' }).click();
    await expect.poll(() => member.getByTestId('login-error').textContent()).toContain('falsch');
    await shot(member, 'de-phone-login-error');

    await login(member, seed.member);
    // Hybrid assembly: no vote before checking in online.
    const checkIn = member.getByRole('button', { name: 'Jetzt online anwesend melden' });
    await checkIn.waitFor();
    await scan(member, 'home (check-in)');
    await shot(member, 'de-phone-home-checkin');
    await checkIn.click();
    await member.getByText('Sie sind als anwesend gemeldet.').waitFor();

    const projector = await browser({ width: 1920, height: 1080 });
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}`);
    await projector.getByLabel('Benutzername').fill(server.admin.username);
    await projector.getByLabel('Passwort').fill(server.admin.password);
    await shot(projector, 'de-projector-login');
    await projector.getByRole('button', { name: 'Anmelden' }).click();
    await projector.getByTestId('projector-item').waitFor();

    motionPollId = await openPoll(seed.itemId);

    // The member votes: choose, review, cast, receipt.
    const voteLink = member.getByTestId('vote-link');
    await voteLink.waitFor({ timeout: 15_000 });
    await shot(member, 'de-phone-home-open');
    await voteLink.click();
    await member.getByRole('radio', { name: 'Ja' }).waitFor();
    await scan(member, 'ballot');
    await shot(member, 'de-phone-ballot');
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByRole('alert').filter({ hasText: 'Bitte wählen Sie' }).waitFor();
    await member.getByRole('radio', { name: 'Ja' }).check();
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Wahl' }).waitFor();
    expect(await member.getByTestId('review').textContent()).toContain('Ja');
    await scan(member, 'review');
    await shot(member, 'de-phone-review');
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor();
    const receipts = await member.getByTestId('receipt').allTextContents();
    expect(receipts).toHaveLength(1);
    firstReceipt = receipts[0]?.trim() ?? '';
    expect(firstReceipt.length).toBeGreaterThan(5);
    await scan(member, 'confirmation');
    await shot(member, 'de-phone-confirmation');

    // The proxy holder casts their own vote and both principals' in one screen.
    const holder = await browser();
    await login(holder, seed.holder);
    await holder.getByTestId('vote-link').click();
    const groups = holder.getByTestId('vote-group');
    await expect.poll(() => groups.count()).toBe(3);
    const legends = await holder.locator('legend').allTextContents();
    for (const p of seed.principals) expect(legends.join('|')).toContain(p.name);
    await shot(holder, 'de-phone-ballot-proxy');
    await groups.nth(0).getByRole('radio', { name: /^Nein/ }).check();
    await groups.nth(1).getByRole('radio', { name: /^Ja/ }).check();
    await groups
      .nth(2)
      .getByRole('radio', { name: /^Enthaltung/ })
      .check();
    await holder.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await holder.getByRole('button', { name: 'Alle 3 Stimmen verbindlich abgeben' }).waitFor();
    await shot(holder, 'de-phone-review-proxy');
    await holder.getByRole('button', { name: 'Alle 3 Stimmen verbindlich abgeben' }).click();
    await holder.getByTestId('done').waitFor();
    expect(await holder.getByTestId('receipt').count()).toBe(3);
    await shot(holder, 'de-phone-confirmation-proxy');

    // The projector shows the live turnout: 4 of the roll's votes cast.
    await expect
      .poll(() => projector.getByText(/4 von \d+ möglichen Stimmen/).count(), { timeout: 15_000 })
      .toBe(1);
    await scan(projector, 'projector (turnout)');
    await shot(projector, 'de-projector-turnout');

    // The chair closes and declares.
    await chair.call('POST', `/api/polls/${motionPollId}/close`);
    await chair.call('POST', `/api/polls/${motionPollId}/declare`, {
      text: 'Der Antrag ist angenommen.',
    });
    await member.getByRole('link', { name: 'Zurück zur Übersicht' }).last().click();
    const memberResult = member.getByTestId('current-result');
    await memberResult.waitFor({ timeout: 15_000 });
    expect(await memberResult.textContent()).toMatch(/Angenommen/);
    await shot(member, 'de-phone-home-declared');
    await scan(member, 'home (declared)');
    const projectorResult = projector.getByTestId('projector-result');
    await projectorResult.waitFor({ timeout: 15_000 });
    expect(await projectorResult.textContent()).toMatch(/Angenommen/);
    // The room sees the key fingerprint and the chain head after this declaration (short form,
    // the full value on hover), the same as the public evidence route and the minutes.
    const evidence = (await (
      await fetch(`${server.baseUrl}/api/assemblies/${seed.assemblyId}/evidence`)
    ).json()) as { key: { fingerprint: string }; latest: { hash: string } };
    const grouped = (hex: string) => (hex.slice(0, 16).match(/.{4}/g) ?? []).join(' ');
    await expect
      .poll(() => projector.getByTestId('evidence-head').textContent(), { timeout: 15_000 })
      .toBe(grouped(evidence.latest.hash));
    expect(await projector.getByTestId('evidence-fingerprint').textContent()).toBe(
      grouped(evidence.key.fingerprint),
    );
    expect(await projector.getByTestId('evidence-line').textContent()).toMatch(/Prüfkennung .+ · Kette /);
    await scan(projector, 'projector (result)');
    // The assembly code stays inside the corner panel that shrinks once a result is shown.
    const panel = await projector.getByTestId('projector-join').boundingBox();
    const code = await projector.getByTestId('projector-code').boundingBox();
    expect(panel && code && code.x >= panel.x && code.x + code.width <= panel.x + panel.width).toBe(true);
    await shot(projector, 'de-projector-result');

    // Anyone can check a receipt after the poll closed, without logging in.
    const anon = await browser();
    await anon.goto(`${server.baseUrl}/receipt?poll=${motionPollId}`);
    await anon.getByLabel('Beleg', { exact: true }).fill(firstReceipt);
    await anon.getByRole('button', { name: 'Prüfen' }).click();
    await expect.poll(() => anon.getByTestId('receipt-outcome').textContent()).toContain('Gezählt');
    await scan(anon, 'receipt check');
    await shot(anon, 'de-phone-receipt');
  }, 240_000);

  it('an election: checkboxes limited to votesPerBallot; a second tab cannot vote twice (English)', async () => {
    const pollId = await openPoll(seed.electionItemId);
    const b = await openBrowser();
    browsers.push(b);
    const tab1 = await firstPage(b);
    await login(tab1, seed.member);
    // The language switch in the header: English from here on (remembered by the browser).
    await tab1.getByRole('radio', { name: 'English' }).check();
    await tab1.getByText('Current agenda item').waitFor();
    secondBrowser = b;
    const url = `${server.baseUrl}/member/${seed.assemblyId}/poll/${pollId}`;
    await tab1.goto(url);
    const tab2 = await b.context.newPage();
    await tab2.setViewportSize({ width: 375, height: 812 });
    await tab2.goto(url);
    for (const tab of [tab1, tab2]) await tab.getByRole('checkbox').first().waitFor();
    expect(await tab1.getByRole('checkbox').count()).toBe(3);
    await tab1.getByRole('checkbox', { name: seed.candidates[0]?.name }).check();
    await tab1.getByRole('checkbox', { name: seed.candidates[1]?.name }).check();
    // votesPerBallot = 2: the third box is disabled now.
    expect(await tab1.getByRole('checkbox', { name: seed.candidates[2]?.name }).isDisabled()).toBe(true);
    await shot(tab1, 'en-phone-ballot-election');
    await scan(tab1, 'ballot (election)');
    await tab1.getByRole('button', { name: 'Continue to review' }).click();
    await tab1.getByRole('heading', { name: 'Please check your choice' }).waitFor();
    await shot(tab1, 'en-phone-review-election');
    await tab1.getByTestId('cast').click();
    await tab1.getByTestId('done').waitFor();
    await shot(tab1, 'en-phone-confirmation');

    // The second tab still shows the ballot: casting again is refused in plain words.
    await tab2.reload();
    await tab2.getByTestId('ballot-unavailable').waitFor();
    expect(await tab2.getByTestId('ballot-unavailable').textContent()).toContain('already been cast');
    await shot(tab2, 'en-phone-ballot-duplicate');

    const tab3 = await b.context.newPage();
    await tab3.setViewportSize({ width: 375, height: 812 });
    await tab3.goto(`${server.baseUrl}/member/${seed.assemblyId}`);
    await tab3.getByTestId('already-voted').waitFor();
    await shot(tab3, 'en-phone-home-voted');

    // Close and declare: votes per candidate and who is elected, on the projector in English.
    await chair.call('POST', `/api/polls/${pollId}/close`);
    await chair.call('POST', `/api/polls/${pollId}/declare`, { text: 'Elected as counted.' });
    const projector = await browser({ width: 1920, height: 1080 });
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
    await projector.getByLabel('Username').fill(server.admin.username);
    await projector.getByLabel('Password').fill(server.admin.password);
    await projector.getByRole('button', { name: 'Log in' }).click();
    const result = projector.getByTestId('projector-result');
    await result.waitFor({ timeout: 15_000 });
    expect(await result.textContent()).toContain(seed.candidates[0]?.name ?? '?');
    await shot(projector, 'en-projector-election');
    await scan(projector, 'projector (election)');
    await tab3.reload();
    await tab3.getByTestId('current-result').waitFor({ timeout: 15_000 });
    await shot(tab3, 'en-phone-home-declared');
  }, 240_000);

  it('the same tab casting twice gets vote.duplicate in plain words', async () => {
    // A direct second cast through the member's own session: the server answers vote.duplicate.
    // The member's own logged-in browser from the election test.
    if (!secondBrowser) throw new Error('the election test did not log the member in');
    const page = await secondBrowser.context.newPage();
    await page.goto(`${server.baseUrl}/receipt`);
    const status = await page.evaluate(
      async ({ pollId, memberId }: { pollId: string; memberId: string }) => {
        const res = await fetch(`/api/polls/${pollId}/votes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ votes: [{ memberId, choice: 'no' }] }),
        });
        return { status: res.status, body: (await res.json()) as { error: { code: string } } };
      },
      { pollId: motionPollId, memberId: seed.member.id },
    );
    expect(status.status).toBe(409);
    expect(['vote.duplicate', 'poll.not_open']).toContain(status.body.error.code);
  }, 60_000);

  it('axe finds no serious or critical violations on the member screens and the projector', () => {
    const bad = axe.filter((a) => a.violations.length > 0);
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
    expect(axe.length).toBeGreaterThanOrEqual(8);
  });
});
