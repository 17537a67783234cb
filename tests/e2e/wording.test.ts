import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { startSeeded } from './support/setup.ts';
import { SHOTS } from './support/shots.ts';

const info = inject('e2e');

const PHONE = { width: 375, height: 812 };
const PROJECTOR = { width: 1920, height: 1080 };

/** Every text of a catalogue, plural forms included. */
function values(catalogue: Catalogue): string[] {
  return Object.values(catalogue).flatMap((v) => (typeof v === 'string' ? [v] : [v.one, v.other]));
}

type Catalogue = Readonly<Record<string, string | { one: string; other: string }>>;
// The web app's catalogues (vitest compiles them; the path is a variable so that this project's
// type check leaves the web app's own module settings alone).
const I18N = '../../apps/web/src/lib/i18n';
const { de } = (await import(/* @vite-ignore */ `${I18N}/de.ts`)) as { de: Catalogue };
const { en } = (await import(/* @vite-ignore */ `${I18N}/en.ts`)) as { en: Catalogue };

/**
 * The English-only phrases: the literal parts of every English message (split at its
 * placeholders) with two words or more, unless German uses the same words somewhere.
 */
const germanTexts = values(de).join('\n');
const ENGLISH_PHRASES = [
  ...new Set(
    values(en)
      .flatMap((v) => v.split(/\{\w+\}/))
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => (s.match(/\p{L}{2,}/gu) ?? []).length >= 2 && !germanTexts.includes(s)),
  ),
];

/** The room's text on the projector: at least this many CSS px at 1920×1080. */
const ROOM_MIN_PX = 40;

describe.skipIf(info.skip !== null)('wording: no English on German screens; the projector is legible', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  const browsers: Browser[] = [];
  const english: { screen: string; phrases: string[] }[] = [];

  async function browser(viewport: { width: number; height: number }): Promise<Page> {
    const b = await openBrowser(viewport);
    browsers.push(b);
    return firstPage(b);
  }

  /** A screenshot at the page's own size and at the other one (phone ↔ projector), if asked for. */
  async function shot(page: Page, name: string): Promise<void> {
    if (!SHOTS) return;
    const own = page.viewportSize() ?? PHONE;
    const other = own.width === PHONE.width ? PROJECTOR : PHONE;
    const tag = (v: { width: number }) => (v.width === PHONE.width ? '375' : '1920');
    await page.screenshot({ path: join(SHOTS, `${name}-${tag(own)}.png`), fullPage: true });
    await page.setViewportSize(other);
    await page.screenshot({ path: join(SHOTS, `${name}-${tag(other)}.png`), fullPage: true });
    await page.setViewportSize(own);
  }

  /** Visible text of a German screen, checked against the English-only phrases. */
  async function scanGerman(page: Page, screen: string): Promise<void> {
    // Visible text only (rendered), as a person reads the screen: hidden text is not on it.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    const text = (await page.locator('body').innerText()).replace(/\s+/g, ' ');
    const found = ENGLISH_PHRASES.filter((p) => text.includes(p));
    english.push({ screen, phrases: found });
  }

  async function login(page: Page, m: SeededMember): Promise<void> {
    await page.goto(
      `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(m.number)}&c=${encodeURIComponent(m.code)}`,
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

  /** The rendered font size of each element (CSS zoom of the fitted projector included). */
  async function fontSizes(page: Page, testIds: readonly string[]): Promise<Record<string, number[]>> {
    return page.evaluate((ids) => {
      const out: Record<string, number[]> = {};
      for (const id of ids) {
        out[id] = [...document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)].map((el) => {
          let zoom = 1;
          for (let e: HTMLElement | null = el; e; e = e.parentElement) {
            const z = Number.parseFloat(getComputedStyle(e).zoom || '1');
            if (Number.isFinite(z) && z > 0) zoom *= z;
          }
          return Number.parseFloat(getComputedStyle(el).fontSize) * zoom;
        });
      }
      return out;
    }, testIds);
  }

  async function expectRoomLegible(page: Page, testIds: readonly string[]): Promise<void> {
    const sizes = await fontSizes(page, testIds);
    for (const id of testIds) {
      expect(sizes[id]?.length ?? 0, `${id} is on the projector`).toBeGreaterThan(0);
      for (const px of sizes[id] ?? []) expect(px, `${id} font size`).toBeGreaterThanOrEqual(ROOM_MIN_PX);
    }
  }

  beforeAll(async () => {
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl, 'Generalversammlung Wohnen eG'));
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('the English catalogue gives the scan something to find', () => {
    // A German screen showing e.g. "Declare result" must fail the scan below.
    expect(ENGLISH_PHRASES).toContain('Declare result');
    expect(ENGLISH_PHRASES).toContain('Current agenda item');
    expect(ENGLISH_PHRASES.some((p) => p.includes('Stimme'))).toBe(false);
  });

  it('walks the member and projector screens in German, then in English', async () => {
    const member = await browser(PHONE);
    await member.goto(`${server.baseUrl}/join?a=${seed.assemblyId}`);
    await member.getByLabel('Mitgliedsnummer').waitFor();
    await scanGerman(member, 'login');
    await shot(member, 'de-member-login');

    await login(member, seed.member);
    await member.getByRole('button', { name: 'Jetzt online anwesend melden' }).waitFor();
    await scanGerman(member, 'home (check-in)');
    await shot(member, 'de-member-home-checkin');
    await member.getByRole('button', { name: 'Jetzt online anwesend melden' }).click();
    await member.getByText('Sie sind als anwesend gemeldet.').waitFor();

    const projector = await browser(PROJECTOR);
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}`);
    await projector.getByLabel('Benutzername').fill(server.admin.username);
    await projector.getByLabel('Passwort').fill(server.admin.password);
    await scanGerman(projector, 'projector login');
    await projector.getByRole('button', { name: 'Anmelden' }).click();
    await projector.getByTestId('projector-item').waitFor();
    await scanGerman(projector, 'projector (item)');
    await shot(projector, 'de-projector-item');
    const joinWide = (await projector.getByTestId('projector-join').boundingBox())?.width ?? 0;

    const pollId = await openPoll(seed.itemId);
    await member.getByTestId('vote-link').waitFor({ timeout: 15_000 });
    await scanGerman(member, 'home (open)');
    await shot(member, 'de-member-home-open');
    await member.getByTestId('vote-link').click();
    await member.getByRole('radio', { name: 'Ja' }).waitFor();
    await scanGerman(member, 'ballot');
    await shot(member, 'de-member-ballot');
    await member.getByRole('radio', { name: 'Nein' }).check();
    // The chosen option: check mark, border and bold text, not a tint alone.
    const chosen = member.locator('.option[data-checked="true"]');
    await expect.poll(() => chosen.count()).toBe(1);
    const look = await chosen.evaluate((el) => {
      const style = getComputedStyle(el);
      const check = el.querySelector('.check');
      return {
        weight: Number(style.fontWeight),
        shadow: style.boxShadow,
        check: check ? getComputedStyle(check).visibility : 'none',
      };
    });
    expect(look.weight).toBeGreaterThanOrEqual(700);
    expect(look.shadow).not.toBe('none');
    expect(look.check).toBe('visible');
    await shot(member, 'de-member-ballot-chosen');
    await member.getByRole('button', { name: 'Weiter zur Prüfung' }).click();
    await member.getByRole('heading', { name: 'Bitte prüfen Sie Ihre Wahl' }).waitFor();
    await scanGerman(member, 'review');
    await shot(member, 'de-member-review');
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor();
    await scanGerman(member, 'confirmation');
    await shot(member, 'de-member-confirmation');

    // The turnout on the projector: one vote cast, in words with the right plural.
    await expect
      .poll(() => projector.getByTestId('turnout-count').textContent(), { timeout: 15_000 })
      .toMatch(/^\s*1 von \d+ möglichen Stimmen?\s*$/);
    await scanGerman(projector, 'projector (turnout)');
    await expectRoomLegible(projector, [
      'projector-item',
      'projector-poll-state',
      'projector-turnout-heading',
      'turnout-count',
      'projector-url',
    ]);
    await shot(projector, 'de-projector-turnout');

    // Closed and declared in both languages.
    await chair.call('POST', `/api/polls/${pollId}/close`);
    await chair.call('POST', `/api/polls/${pollId}/declare`, {
      text: 'Der Antrag ist abgelehnt.',
      lang: 'de',
      translation: 'The motion is rejected.',
    });
    await member.goto(`${server.baseUrl}/member/${seed.assemblyId}`);
    const memberResult = member.getByTestId('current-result');
    await memberResult.waitFor({ timeout: 15_000 });
    expect(await memberResult.textContent()).toContain('1 Stimme');
    expect(await member.getByTestId('declaration-text').textContent()).toContain('Der Antrag ist abgelehnt.');
    await scanGerman(member, 'home (declared)');
    await shot(member, 'de-member-home-declared');

    const projectorResult = projector.getByTestId('projector-result');
    await projectorResult.waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('declaration-text').textContent()).toContain(
      'Der Antrag ist abgelehnt.',
    );
    await scanGerman(projector, 'projector (result)');
    await expectRoomLegible(projector, ['projector-item', 'result-outcome', 'result-count', 'majority-line']);
    // The majority marker is drawn on the yes bar, and the join panel made room for the result.
    const marker = await projector.getByTestId('majority-marker').boundingBox();
    expect(marker?.width ?? 0).toBeGreaterThanOrEqual(4);
    expect(marker?.height ?? 0).toBeGreaterThanOrEqual(40);
    const joinNarrow = (await projector.getByTestId('projector-join').boundingBox())?.width ?? 0;
    expect(joinNarrow).toBeLessThan(joinWide * 0.75);
    // Nothing to scroll on a projector.
    expect(await projector.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    await shot(projector, 'de-projector-result');

    await member.goto(`${server.baseUrl}/receipt?poll=${pollId}`);
    await member.getByLabel('Beleg', { exact: true }).waitFor();
    await scanGerman(member, 'receipt check');
    await shot(member, 'de-member-receipt');

    // English: the same screens show the English declaration.
    await member.goto(`${server.baseUrl}/member/${seed.assemblyId}?lang=en`);
    await member.getByTestId('current-result').waitFor({ timeout: 15_000 });
    expect(await member.getByTestId('declaration-text').textContent()).toContain('The motion is rejected.');
    expect(await member.getByTestId('current-result').textContent()).toContain('1 vote');
    await shot(member, 'en-member-home-declared');
    await projector.goto(`${server.baseUrl}/projector/${seed.assemblyId}?lang=en`);
    await projector.getByTestId('projector-result').waitFor({ timeout: 15_000 });
    expect(await projector.getByTestId('declaration-text').textContent()).toContain(
      'The motion is rejected.',
    );
    await shot(projector, 'en-projector-result');
    await member.goto(`${server.baseUrl}/receipt?poll=${pollId}`);
    await member.getByLabel('Receipt', { exact: true }).waitFor();
    await shot(member, 'en-member-receipt');

    // The election in English: ballot, review, confirmation, projector turnout.
    const electionId = await openPoll(seed.electionItemId);
    await member.goto(`${server.baseUrl}/member/${seed.assemblyId}`);
    await member.getByTestId('vote-link').waitFor({ timeout: 15_000 });
    await shot(member, 'en-member-home-open');
    await member.getByTestId('vote-link').click();
    await member.getByRole('checkbox').first().waitFor();
    await member.getByRole('checkbox', { name: seed.candidates[0]?.name }).check();
    await shot(member, 'en-member-ballot-election');
    await member.getByRole('button', { name: 'Continue to review' }).click();
    await member.getByRole('heading', { name: 'Please check your choice' }).waitFor();
    await shot(member, 'en-member-review');
    await member.getByTestId('cast').click();
    await member.getByTestId('done').waitFor();
    await shot(member, 'en-member-confirmation');
    await expect
      .poll(() => projector.getByTestId('turnout-count').textContent(), { timeout: 15_000 })
      .toMatch(/^\s*1 of \d+ possible votes?\s*$/);
    await shot(projector, 'en-projector-turnout');
    await chair.call('POST', `/api/polls/${electionId}/close`);

    expect(english.filter((e) => e.phrases.length > 0)).toEqual([]);
    expect(english.length).toBeGreaterThanOrEqual(10);
  }, 300_000);
});
