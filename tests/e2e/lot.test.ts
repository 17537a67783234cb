import type { Page } from 'playwright-core';
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

type PollView = { id: string; lot: { seed: string; order: string[]; winners: string[] } | null };

/** R22: a tie on the last seat; the chair draws the lot on the console, the projector shows it. */
describe.skipIf(info.skip !== null)('R22: the chair draws the lot for a tie', () => {
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
    const A = `/api/assemblies/${seed.assemblyId}`;
    await chair.call('PUT', `${A}/current-item`, { itemId: seed.electionItemId });
    const [a, b, c] = seed.candidates.map((m) => m.id) as [string, string, string];
    const voters = [seed.member, seed.holder, seed.others[0]] as const;
    for (const v of voters) if (v) await checkIn(chair, seed, v, 'room');
    const poll = await chair.call<{ id: string }>('POST', `${A}/polls`, {
      agendaItemId: seed.electionItemId,
    });
    pollId = poll.id;
    await chair.call('POST', `/api/polls/${pollId}/open`);
    const ballots = [[a, b], [a, c], [a]];
    for (const [i, v] of voters.entries()) {
      if (!v) continue;
      const api = await memberApi(server.baseUrl, seed.assemblyId, v);
      await api.call('POST', `/api/polls/${pollId}/votes`, {
        votes: [{ memberId: v.id, choice: { kind: 'candidates', choices: ballots[i] } }],
      });
    }
    await chair.call('POST', `/api/polls/${pollId}/close`);
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('R22: the console shows the tie and one draw button; the drawn order and seed on the console and the projector, de and en', async () => {
    const [, b, c] = seed.candidates;
    const projector = await browser(DESKTOP);
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=de`);
    await projector.getByLabel('Benutzername').fill(server.admin.username);
    await projector.getByLabel('Passwort').fill(server.admin.password);
    await projector.getByRole('button', { name: 'Anmelden' }).click();
    await projector.getByTestId('projector-lot').waitFor({ timeout: 20_000 });
    expect(await text(projector, 'projector-lot')).toContain('Stichentscheid nötig');
    await shot(projector, 'de-1920-projector-lot-required');

    const page = await browser(LAPTOP);
    await loginStaffUi(page, server.baseUrl, server.admin, `/chair/${seed.assemblyId}`);
    const lot = page.getByTestId('chair-lot');
    await lot.waitFor({ timeout: 20_000 });
    const tie = await text(page, 'chair-lot');
    expect(tie).toContain('Stimmengleichheit um einen Sitz zwischen');
    for (const m of [b, c]) expect(tie).toContain(m?.name ?? '?');
    // The result cannot be declared yet: no declaration form until the lot is drawn.
    expect(await page.getByRole('button', { name: /Ergebnis verkünden|Feststellen/ }).count()).toBe(0);
    await lot.scrollIntoViewIfNeeded();
    await shot(page, 'de-1366-chair-lot-required', { fullPage: false });

    await page.getByLabel('Wert aus dem Saal (freiwillig)').fill('17');
    await page.getByRole('button', { name: 'Los ziehen' }).click();
    await page.getByTestId('lot-seed').waitFor({ timeout: 20_000 });
    const view = await chair.call<PollView>('GET', `/api/polls/${pollId}`);
    const grouped = (view.lot?.seed.match(/.{4}/g) ?? []).join(' ');
    expect(await text(page, 'lot-seed')).toBe(grouped);
    const winner = seed.candidates.find((m) => m.id === view.lot?.winners[0]);
    expect(await text(page, 'lot-winners')).toBe(`Durch Los gewählt: ${winner?.name}`);
    await page.getByTestId('chair-lot').scrollIntoViewIfNeeded();
    await shot(page, 'de-1366-chair-lot-drawn', { fullPage: false });

    await expect.poll(() => text(projector, 'projector-lot-seed'), { timeout: 20_000 }).toBe(grouped);
    await shot(projector, 'de-1920-projector-lot-drawn');
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
    await expect.poll(() => text(projector, 'projector-lot-seed'), { timeout: 20_000 }).toBe(grouped);
    expect(await text(projector, 'projector-lot')).toContain(`Elected by lot: ${winner?.name}`);
    await shot(projector, 'en-1920-projector-lot-drawn');

    await page.goto(`${server.baseUrl}/chair/${seed.assemblyId}?lang=en`);
    await page.getByTestId('lot-seed').waitFor({ timeout: 20_000 });
    expect(await text(page, 'chair-lot')).toContain('Tie for one seat between');
    expect(await text(page, 'lot-winners')).toBe(`Elected by lot: ${winner?.name}`);
    await page.getByTestId('chair-lot').scrollIntoViewIfNeeded();
    await shot(page, 'en-1366-chair-lot-drawn', { fullPage: false });

    // Declared: the projector shows the result with the seat drawn by lot, and the lot beside it.
    await chair.call('POST', `/api/polls/${pollId}/declare`, {
      text: `Gewählt sind ${seed.candidates[0]?.name} und, durch Los, ${winner?.name}.`,
      lang: 'de',
      translation: `Elected are ${seed.candidates[0]?.name} and, by lot, ${winner?.name}.`,
    });
    await projector.getByTestId('projector-result').waitFor({ timeout: 20_000 });
    await expect.poll(() => text(projector, 'projector-lot-seed'), { timeout: 20_000 }).toBe(grouped);
    await shot(projector, 'en-1920-projector-lot-declared');
  });

  it('R22: the admin sets how ties are settled while the assembly is in preparation', async () => {
    const assembly = await chair.call<{ id: string }>('POST', '/api/assemblies', {
      title: 'Außerordentliche Generalversammlung',
      form: 'in_person',
      place: 'Gemeindesaal',
      registeredSeat: 'Musterstadt',
      startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      chairName: 'Vorsitz',
    });
    const page = await browser(LAPTOP);
    await loginStaffUi(page, server.baseUrl, server.admin, `/admin/${assembly.id}`);
    const card = page.getByTestId('statute-tie-break');
    await card.waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('das Los, das die Versammlungsleitung zieht').isChecked()).toBe(true);
    await page.getByLabel('eine Stichwahl zwischen den Stimmengleichen').check();
    await card.getByRole('button', { name: 'Speichern' }).click();
    await card.getByText('Gespeichert.').waitFor();
    const saved = await chair.call<{ statute: { elections: { tieBreak: string } } }>(
      'GET',
      `/api/assemblies/${assembly.id}`,
    );
    expect(saved.statute.elections.tieBreak).toBe('run_off');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'de-1366-admin-tie-break', { fullPage: false });
    // The open assembly's setting is shown, not editable.
    await page.goto(`${server.baseUrl}/admin/${seed.assemblyId}?lang=en`);
    const locked = page.getByTestId('statute-tie-break');
    await locked.waitFor({ timeout: 20_000 });
    expect(await locked.textContent()).toContain('Can be changed only while the assembly is in preparation.');
    expect(await page.getByLabel('a lot the chair draws').isDisabled()).toBe(true);
    await locked.scrollIntoViewIfNeeded();
    await shot(page, 'en-1366-admin-tie-break-locked', { fullPage: false });
  });
});
