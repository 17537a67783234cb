/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { Api, type SeededMember } from './api.ts';

/** Logs a staff user in through the staff login page and waits for `next` to load. */
export async function loginStaffUi(
  page: Page,
  baseUrl: string,
  credentials: { readonly username: string; readonly password: string },
  next: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Benutzername').fill(credentials.username);
  await page.getByLabel('Passwort').fill(credentials.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL(`**${next.split('?')[0]}*`);
  await page.locator('.staff-bar').waitFor({ timeout: 20_000 });
}

/** A member's own API session (member number + access code), e.g. to vote while the chair watches. */
export async function memberApi(baseUrl: string, assemblyId: string, m: SeededMember): Promise<Api> {
  const api = new Api(baseUrl);
  const session = await api.call<{ token: string }>('POST', '/api/auth/member/login', {
    assemblyId,
    memberNumber: m.number,
    code: m.code,
  });
  api.token = session.token;
  return api;
}

/** Presses a shortcut key with the focus on the page body (not in a field). */
export async function shortcut(page: Page, key: string): Promise<void> {
  await page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (active?.closest('input, textarea, select')) active.blur();
  });
  await page.keyboard.press(key);
}

/** The id (or test id) and tag of the focused element. */
export async function focused(
  page: Page,
): Promise<{ id: string; testId: string; tag: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      id: el?.id ?? '',
      testId: el?.dataset.testid ?? '',
      tag: el?.tagName.toLowerCase() ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 120),
    };
  });
}
