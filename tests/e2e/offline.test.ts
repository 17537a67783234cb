import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';
import { type StallProxy, startStallProxy } from './support/stall-proxy.ts';

/*
 * The hall's Wi-Fi: a member's phone drops off the network at the worst moments. These tests cut
 * the network in a real Chromium while a member votes and check that no vote is lost, that a dead
 * live stream is noticed, and that a cast whose answer was lost comes back with the same receipt.
 */
const info = inject('e2e');

/** Switches the page's language with the header's switch (no network needed). */
async function language(page: Page, to: 'Deutsch' | 'English'): Promise<void> {
  await page.getByRole('radio', { name: to }).check();
}

describe.skipIf(info.skip !== null)('a member on a weak network', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  let proxy: StallProxy;
  const browsers: Browser[] = [];

  async function phone(): Promise<Page> {
    const b = await openBrowser();
    browsers.push(b);
    return firstPage(b);
  }

  async function login(page: Page, base: string, m: SeededMember): Promise<void> {
    await page.goto(
      `${base}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}`,
    );
    await page.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
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
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl, 'Versammlung mit schwachem WLAN'));
    proxy = await startStallProxy(new URL(server.baseUrl));
    await checkIn(chair, seed, seed.member, 'online');
    await checkIn(chair, seed, seed.holder, 'room');
    await checkIn(chair, seed, seed.others[0] as SeededMember, 'online');
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await proxy?.close();
    await server?.stop();
  }, 60_000);

  it('offline when tapping "vote now": the ballot waits for the network, says so, and the vote goes through', async () => {
    const member = await phone();
    await login(member, server.baseUrl, seed.member);
    const pollId = await openPoll(seed.itemId);
    const voteLink = member.getByTestId('vote-link');
    await voteLink.waitFor({ timeout: 15_000 });

    await member.context().setOffline(true);
    await voteLink.click();
    // The ballot's code is already here: no error page, but the ballot itself needs the server.
    const retrying = member.getByTestId('ballot-retrying');
    await retrying.waitFor({ timeout: 15_000 });
    expect(await retrying.textContent()).toContain('Keine Verbindung zum Server');
    expect(await member.getByText('Fehlercode').count()).toBe(0);
    expect(member.url()).toContain(`/member/${seed.assemblyId}/poll/${pollId}`);
    await shot(member, 'de-phone-ballot-load-retry');
    await language(member, 'English');
    await expect.poll(() => retrying.textContent()).toContain('No connection to the server');
    await shot(member, 'en-phone-ballot-load-retry');
    await language(member, 'Deutsch');

    await member.context().setOffline(false);
    await member.getByRole('radio', { name: 'Ja' }).waitFor({ timeout: 20_000 });
    await member.getByRole('radio', { name: 'Ja' }).check();
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor({ timeout: 20_000 });
    expect(await member.getByTestId('receipt').count()).toBe(1);
    await chair.call('POST', `/api/polls/${pollId}/close`);
    const poll = await chair.call<{ ballotCount: number }>('GET', `/api/polls/${pollId}`);
    expect(poll.ballotCount).toBe(1);
  }, 180_000);

  it('a silent drop is noticed within 35 s: a notice, and no casting until the connection is back', async () => {
    await openPoll(seed.electionItemId);
    const member = await phone();
    // Through the proxy, which can go silent without closing anything.
    await login(member, proxy.baseUrl, seed.others[0] as SeededMember);
    await language(member, 'English');
    await member.getByTestId('vote-link').click();
    await member.getByRole('checkbox').first().waitFor({ timeout: 15_000 });
    await member.getByRole('checkbox', { name: seed.candidates[0]?.name }).check();
    await member.getByRole('button', { name: 'Continue to review' }).click();
    const cast = member.getByTestId('cast');
    await cast.waitFor();
    expect(await cast.isEnabled()).toBe(true);

    proxy.stall();
    const dropped = Date.now();
    const banner = member.getByTestId('stale-banner');
    await banner.waitFor({ timeout: 35_000 });
    expect(Date.now() - dropped).toBeLessThanOrEqual(35_000);
    expect(await banner.textContent()).toContain('No connection to the server');
    expect(await cast.isDisabled()).toBe(true);
    expect(await member.getByTestId('cast-blocked').textContent()).toContain('Voting is paused');
    await shot(member, 'en-phone-stale-banner');
    await language(member, 'Deutsch');
    await expect.poll(() => banner.textContent()).toContain('Keine Verbindung zum Server');
    await shot(member, 'de-phone-stale-banner');
    await language(member, 'English');

    // The overview says the same, once (not a second notice about the live connection).
    await member.getByRole('link', { name: 'Back to the overview' }).first().click();
    await banner.waitFor();
    await member.getByTestId('current-item').waitFor();
    expect(await member.getByText('The live connection is interrupted').count()).toBe(0);
    await shot(member, 'en-phone-home-stale');

    // The network is back: fresh again, the ballot can be cast.
    proxy.resume();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await member.getByTestId('vote-link').click();
    await member.getByRole('checkbox', { name: seed.candidates[0]?.name }).check({ timeout: 15_000 });
    await member.getByRole('button', { name: 'Continue to review' }).click();
    await expect.poll(() => cast.isEnabled(), { timeout: 10_000 }).toBe(true);
    await cast.click();
    await member.getByTestId('done').waitFor({ timeout: 20_000 });
  }, 180_000);

  it("the ballot's code does not arrive: the page says so in plain words, links to the member's page and recovers by itself", async () => {
    const member = await phone();
    // Every file holding the ballot screen fails, as on a network that drops while it loads.
    let blocked = true;
    await member.route('**/_app/immutable/**/*.js', async (route) => {
      const response = await route.fetch();
      const body = await response.text();
      if (blocked && body.includes('cast-retrying')) await route.abort('internetdisconnected');
      else await route.fulfill({ response, body });
    });
    await login(member, server.baseUrl, seed.member);
    await member.getByTestId('vote-link').click();
    await member.getByTestId('load-retrying').waitFor({ timeout: 15_000 });
    expect(await member.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Die Seite konnte nicht geladen werden',
    );
    expect(await member.getByText('Fehlercode').count()).toBe(0);
    const back = member.getByRole('link', { name: 'Zurück zu Ihrer Versammlung' });
    expect(await back.getAttribute('href')).toBe(`/member/${seed.assemblyId}`);
    expect(await member.getByRole('link', { name: 'Zur Startseite' }).count()).toBe(0);
    await shot(member, 'de-phone-code-retry');
    await language(member, 'English');
    await member.getByRole('link', { name: 'Back to your assembly' }).waitFor();
    await shot(member, 'en-phone-code-retry');
    await language(member, 'Deutsch');

    // The network is back: the page loads the ballot by itself.
    blocked = false;
    await member.getByRole('checkbox').first().waitFor({ timeout: 30_000 });
    expect(member.url()).toContain(`/member/${seed.assemblyId}/poll/`);
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor({ timeout: 20_000 });
  }, 180_000);

  it('the answer to a cast is lost: the retry gets the same receipt, and one ballot is stored', async () => {
    const polls = await chair.call<{ id: string; status: string; agendaItemId: string }[]>(
      'GET',
      `/api/assemblies/${seed.assemblyId}/polls`,
    );
    const pollId = polls.find((p) => p.agendaItemId === seed.electionItemId && p.status === 'open')?.id ?? '';
    const holder = await phone();
    await login(holder, server.baseUrl, seed.holder);
    await holder.getByTestId('vote-link').click();
    await holder.getByRole('checkbox').first().waitFor({ timeout: 15_000 });
    await holder.getByRole('button', { name: 'Weiter zur Prüfung' }).click();

    const sent: { requestId?: string }[] = [];
    let first: { receipts: { memberId: string; receipt: string }[] } | undefined;
    let release: () => void = () => {};
    const shotTaken = new Promise<void>((resolve) => {
      release = resolve;
    });
    await holder.route('**/api/polls/*/votes', async (route) => {
      sent.push(route.request().postDataJSON() as { requestId?: string });
      if (sent.length === 1) {
        // The server stores the cast; its answer never reaches the phone.
        const response = await route.fetch();
        first = (await response.json()) as typeof first;
        await route.abort('connectionreset');
        return;
      }
      await shotTaken;
      await route.continue();
    });
    await holder.getByTestId('cast').click();
    const retrying = holder.getByTestId('cast-retrying');
    await retrying.waitFor({ timeout: 15_000 });
    expect(await retrying.textContent()).toContain('nur einmal gezählt');
    await shot(holder, 'de-phone-cast-retry');
    await language(holder, 'English');
    await expect.poll(() => retrying.textContent()).toContain('counted only once');
    await shot(holder, 'en-phone-cast-retry');
    await language(holder, 'Deutsch');
    release();

    await holder.getByTestId('done').waitFor({ timeout: 20_000 });
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(sent.map((s) => s.requestId)).size).toBe(1);
    const shown = (await holder.getByTestId('receipt').allTextContents()).map((r) => r.trim());
    expect(shown.sort()).toEqual((first?.receipts ?? []).map((r) => r.receipt).sort());
    expect(shown).toHaveLength(3);
    await shot(holder, 'de-phone-cast-retry-done');

    // One ballot each for the holder and the two principals, plus the two members before.
    await chair.call('POST', `/api/polls/${pollId}/close`);
    const poll = await chair.call<{ ballotCount: number }>('GET', `/api/polls/${pollId}`);
    expect(poll.ballotCount).toBe(5);
  }, 180_000);
});
