import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Api, Seeded, SeededMember } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { checkIn, startSeeded } from './support/setup.ts';
import { shot } from './support/shots.ts';

const info = inject('e2e');

/** What a keyboard user sees of the focused element. */
interface Focus {
  readonly tag: string;
  readonly id: string;
  readonly testId: string;
  readonly type: string;
  readonly checked: boolean;
  /** The accessible name, roughly: aria-label, the label's text, or the element's own text. */
  readonly name: string;
  /** The computed outline or box-shadow that marks it (on the element or its label), or ''. */
  readonly ring: string;
  /** At least part of it is inside the viewport. */
  readonly inView: boolean;
}

async function focus(page: Page): Promise<Focus> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const none = {
      tag: 'body',
      id: '',
      testId: '',
      type: '',
      checked: false,
      name: '',
      ring: '',
      inView: false,
    };
    if (!el || el === document.body || el === document.documentElement) return none;
    const ringOf = (e: Element): string => {
      const s = getComputedStyle(e);
      if (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0) {
        return `outline ${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`;
      }
      return s.boxShadow !== 'none' ? `box-shadow ${s.boxShadow}` : '';
    };
    const label = el.closest('label');
    const input = el instanceof HTMLInputElement ? el : null;
    // Like an accessible name: what is hidden from assistive technology (a check mark) is not part of it.
    const spoken = (node: Element | undefined): string => {
      if (!node) return '';
      const copy = node.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return copy.textContent ?? '';
    };
    const labelled = spoken(input?.labels?.[0]);
    const rect = el.getBoundingClientRect();
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      testId: el.dataset.testid ?? '',
      type: input?.type ?? '',
      checked: input?.checked ?? false,
      name: (el.getAttribute('aria-label') ?? (labelled || el.textContent) ?? '').replace(/\s+/g, ' ').trim(),
      ring: ringOf(el) || (label ? ringOf(label) : ''),
      inView:
        rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth,
    };
  });
}

const show = (f: Focus) =>
  `${f.tag}${f.id ? `#${f.id}` : ''}${f.testId ? `[${f.testId}]` : ''} "${f.name.slice(0, 60)}"`;

/** The focused element is the one expected, can be seen and is marked by a focus indicator. */
async function expectFocus(page: Page, match: (f: Focus) => boolean, what: string): Promise<Focus> {
  let last: Focus | undefined;
  await expect
    .poll(
      async () => {
        last = await focus(page);
        return match(last);
      },
      { timeout: 15_000, message: `focus should be on ${what}` },
    )
    .toBe(true);
  const f = last as Focus;
  expect(f.ring, `${what} (${show(f)}) has no visible focus indicator`).not.toBe('');
  expect(f.inView, `${what} (${show(f)}) is scrolled out of view`).toBe(true);
  return f;
}

/** Presses Tab (or Shift+Tab) until the focus is where `match` says; fails with the path taken. */
async function tabTo(
  page: Page,
  match: (f: Focus) => boolean,
  what: string,
  { key = 'Tab', max = 12 }: { key?: 'Tab' | 'Shift+Tab'; max?: number } = {},
): Promise<Focus> {
  const path: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focus(page);
    if (match(f)) return expectFocus(page, match, what);
    path.push(show(f));
  }
  throw new Error(`${what} cannot be reached with ${key} in ${max} presses: ${path.join(' → ')}`);
}

const isId = (id: string) => (f: Focus) => f.id === id;
const isTestId = (testId: string) => (f: Focus) => f.testId === testId;
const isButton = (name: string | RegExp) => (f: Focus) =>
  f.tag === 'button' && (typeof name === 'string' ? f.name === name : name.test(f.name));
const isRadio = (name: RegExp) => (f: Focus) => f.type === 'radio' && name.test(f.name);

describe.skipIf(info.skip !== null)('keyboard only: log in, vote, review, cast, read the receipt', () => {
  let server: RunningServer;
  let chair: Api;
  let seed: Seeded;
  let pollId = '';
  const browsers: Browser[] = [];

  async function phone(): Promise<Page> {
    const b = await openBrowser();
    browsers.push(b);
    return firstPage(b);
  }

  /** The /join form, by keyboard: Tab to each field, type, Enter. A wrong code first, when asked. */
  async function keyboardLogin(page: Page, m: SeededMember, wrongFirst: boolean): Promise<void> {
    await page.goto(`${server.baseUrl}/join?a=${seed.assemblyId}`);
    await page.locator('#member-number').waitFor();
    // The first Tab on a fresh page reaches the skip link, which then shows itself.
    await tabTo(page, (f) => f.tag === 'a' && f.name === 'Zum Inhalt springen', 'the skip link', { max: 1 });
    await tabTo(page, isId('member-number'), 'the member number field');
    await page.keyboard.type(m.number);
    await tabTo(page, isId('access-code'), 'the access code field', { max: 1 });
    if (wrongFirst) {
      await page.keyboard.type('WRONG-CODE');
      await page.keyboard.press('Enter');
      // The error takes the focus, so a screen reader reads it and the keyboard starts there.
      const alert = await expectFocus(page, isTestId('login-error'), 'the login error');
      expect(alert.name).toContain('falsch');
      await shot(page, 'kb-login-error', { fullPage: false });
      await tabTo(page, isId('member-number'), 'the member number field again', { max: 1 });
      await tabTo(page, isId('access-code'), 'the access code field again', { max: 1 });
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
    }
    await page.keyboard.type(m.code);
    await tabTo(page, isButton('Anmelden'), 'the login button', { max: 1 });
    await shot(page, `kb-login-${m.number}`, { fullPage: false });
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/member/${seed.assemblyId}`, { timeout: 20_000 });
    await page.getByTestId('current-item').waitFor();
  }

  /** From the member home to the ballot: Tab to the vote link, Enter; the ballot heading has the focus. */
  async function reachBallot(page: Page): Promise<void> {
    await page.getByTestId('vote-link').waitFor({ timeout: 15_000 });
    await tabTo(page, isTestId('vote-link'), 'the vote link', { max: 15 });
    await shot(page, 'kb-home-vote-link', { fullPage: false });
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/poll/${pollId}`);
    const heading = await expectFocus(page, isId('ballot-heading'), 'the ballot heading');
    expect(heading.name).toBe('Stimmzettel');
  }

  beforeAll(async () => {
    ({ server, api: chair, seed } = await startSeeded(info.adminUrl, 'Tastatur-Versammlung 2026'));
    // The proxy holder is in the room; the member joins online and checks in themselves.
    await checkIn(chair, seed, seed.holder, 'room');
    await chair.call('PUT', `/api/assemblies/${seed.assemblyId}/current-item`, { itemId: seed.itemId });
  }, 240_000);

  afterAll(async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
  }, 60_000);

  it('a member: login form, online check-in, ballot, review, cast and receipt, keyboard only', async () => {
    const page = await phone();
    await keyboardLogin(page, seed.member, true);

    // Hybrid assembly: the online check-in comes first. After it the focus stays on its outcome.
    await tabTo(page, isButton('Jetzt online anwesend melden'), 'the online check-in button', { max: 10 });
    await page.keyboard.press('Enter');
    const done = await expectFocus(page, isTestId('checkin-done'), 'the check-in confirmation');
    expect(done.name).toBe('Sie sind als anwesend gemeldet.');
    await shot(page, 'kb-home-checked-in', { fullPage: false });

    // The chair opens the poll: the vote link appears and is the next stop after the confirmation.
    const poll = await chair.call<{ id: string }>('POST', `/api/assemblies/${seed.assemblyId}/polls`, {
      agendaItemId: seed.itemId,
    });
    pollId = poll.id;
    await chair.call('POST', `/api/polls/${pollId}/open`);
    await page.getByTestId('vote-link').waitFor({ timeout: 15_000 });
    await tabTo(page, isTestId('vote-link'), 'the vote link', { max: 1 });
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/poll/${pollId}`);
    await expectFocus(page, isId('ballot-heading'), 'the ballot heading');
    await shot(page, 'kb-ballot', { fullPage: false });

    // Enter on "continue" with nothing chosen: the focus goes to the first option of the question.
    await tabTo(page, isRadio(/^Ja$/), 'the first option', { max: 1 });
    await tabTo(page, isButton('Weiter zur Prüfung'), 'the continue button', { max: 1 });
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Bitte wählen Sie' }).waitFor();
    await expectFocus(page, isRadio(/^Ja$/), 'the unanswered question');

    // Arrow keys move through the radio group and choose; Space chooses the focused option.
    await page.keyboard.press('ArrowDown');
    let f = await expectFocus(page, isRadio(/^Nein$/), 'No');
    expect(f.checked).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expectFocus(page, isRadio(/^Enthaltung$/), 'Abstain');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    f = await expectFocus(page, isRadio(/^Ja$/), 'Yes');
    expect(f.checked).toBe(true);
    await page.keyboard.press('Space');
    expect((await focus(page)).checked).toBe(true);
    await shot(page, 'kb-ballot-chosen', { fullPage: false });

    await tabTo(page, isButton('Weiter zur Prüfung'), 'the continue button', { max: 1 });
    await page.keyboard.press('Enter');
    const review = await expectFocus(page, isId('ballot-heading'), 'the review heading');
    expect(review.name).toBe('Bitte prüfen Sie Ihre Wahl');
    expect(await page.getByTestId('review').textContent()).toContain('Ja');
    await shot(page, 'kb-review', { fullPage: false });

    // "Change" goes back to the ballot with the choice kept; Shift+Tab is the way back to "cast".
    await tabTo(page, isButton('Verbindlich abstimmen'), 'the cast button', { max: 1 });
    await tabTo(page, isButton('Wahl ändern'), 'the change button', { max: 1 });
    await page.keyboard.press('Enter');
    await expectFocus(
      page,
      (x) => x.id === 'ballot-heading' && x.name === 'Stimmzettel',
      'the ballot heading',
    );
    f = await tabTo(page, isRadio(/^Ja$/), 'the chosen option', { max: 1 });
    expect(f.checked).toBe(true);
    await tabTo(page, isButton('Weiter zur Prüfung'), 'the continue button', { max: 1 });
    await page.keyboard.press('Enter');
    await expectFocus(page, isId('ballot-heading'), 'the review heading');
    await tabTo(page, isButton('Wahl ändern'), 'the change button', { max: 2 });
    await tabTo(page, isButton('Verbindlich abstimmen'), 'the cast button', { key: 'Shift+Tab', max: 1 });
    await shot(page, 'kb-review-cast-focused', { fullPage: false });
    await page.keyboard.press('Enter');

    // Cast: the confirmation heading has the focus; the receipt follows it.
    const confirmation = await expectFocus(page, isTestId('done'), 'the confirmation heading');
    expect(confirmation.name).toContain('Ihre Stimme wurde angenommen');
    const receipts = await page.getByTestId('receipt').allTextContents();
    expect(receipts).toHaveLength(1);
    expect(receipts[0]?.trim().length).toBeGreaterThan(5);
    await shot(page, 'kb-confirmation', { fullPage: false });
    // The receipt is read before its copy button, and the copy button answers in the status line.
    await tabTo(page, isButton('Beleg kopieren'), 'the copy button', { max: 1 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.copy-notice').textContent()).toMatch(/kopiert|notieren/);
    await tabTo(page, (x) => x.tag === 'a' && x.name === 'Zurück zur Übersicht', 'the way home', { max: 3 });

    // Back home by Enter: the vote is counted as cast.
    await page.keyboard.press('Enter');
    await page.getByTestId('already-voted').waitFor({ timeout: 15_000 });
  }, 240_000);

  it('a proxy holder casts all three votes in one screen, keyboard only', async () => {
    const page = await phone();
    await keyboardLogin(page, seed.holder, false);
    await reachBallot(page);
    // Which principal's question comes first is the ballot's business: read it from the focus.
    const principalIn = (f: Focus) => seed.principals.find((p) => f.name.endsWith(`für ${p.name}`));

    // Group 1 (own vote): Tab into it, ArrowDown chooses "Nein".
    await tabTo(page, isRadio(/^Ja/), 'the first option of the own vote', { max: 1 });
    await page.keyboard.press('ArrowDown');
    let f = await expectFocus(page, isRadio(/^Nein/), 'No (own vote)');
    expect(f.checked).toBe(true);
    // Tab leaves the group for the next: the option names say for whom.
    f = await tabTo(page, isRadio(/^Ja/), 'the first option for the first principal', { max: 1 });
    const first = principalIn(f);
    const second = seed.principals.find((p) => p !== first);
    if (!first || !second) throw new Error(`no principal named in "${f.name}"`);
    await page.keyboard.press('Space');
    expect((await focus(page)).checked).toBe(true);
    // The third question is left open: "continue" sends the focus there.
    await tabTo(page, isButton('Weiter zur Prüfung'), 'the continue button', { max: 2 });
    await page.keyboard.press('Enter');
    f = await expectFocus(
      page,
      (x) => x.type === 'radio' && x.name.includes(second.name),
      'the question for the second principal',
    );
    expect(f.name).toMatch(/^Ja/);
    await shot(page, 'kb-proxy-missing', { fullPage: false });
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    f = await expectFocus(page, isRadio(/^Enthaltung/), 'Abstain for the second principal');
    expect(f.checked).toBe(true);
    expect(f.name).toContain(second.name);
    // Shift+Tab goes back into the first principal's group, on its chosen option.
    f = await tabTo(page, isRadio(/^Ja/), 'the chosen option for the first principal', {
      key: 'Shift+Tab',
      max: 1,
    });
    expect(f.checked).toBe(true);
    expect(f.name).toContain(first.name);
    await shot(page, 'kb-proxy-chosen', { fullPage: false });

    await tabTo(page, isButton('Weiter zur Prüfung'), 'the continue button', { max: 3 });
    await page.keyboard.press('Enter');
    await expectFocus(page, isId('ballot-heading'), 'the review heading');
    const review = (await page.getByTestId('review').textContent()) ?? '';
    expect(review).toMatch(/Nein[\s\S]*Ja[\s\S]*Enthaltung/);
    await shot(page, 'kb-proxy-review', { fullPage: false });
    await tabTo(page, isButton('Alle 3 Stimmen verbindlich abgeben'), 'the cast button', { max: 1 });
    await page.keyboard.press('Enter');

    const confirmation = await expectFocus(page, isTestId('done'), 'the confirmation heading');
    expect(confirmation.name).toContain('Ihre 3 Stimmen wurden angenommen');
    expect(await page.getByTestId('receipt').count()).toBe(3);
    await shot(page, 'kb-proxy-confirmation', { fullPage: false });
    // Each receipt's copy button names whose receipt it copies: three stops, one per person.
    const copied: string[] = [];
    for (let k = 0; k < 3; k++) {
      f = await tabTo(page, isButton(/^Beleg für .+ kopieren$/), `copy button ${k + 1}`, { max: 1 });
      copied.push(f.name);
    }
    expect(copied.sort()).toEqual(
      [seed.holder, first, second].map((m) => `Beleg für ${m.name} kopieren`).sort(),
    );
  }, 240_000);
});
