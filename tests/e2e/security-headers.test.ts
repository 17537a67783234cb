import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Seeded } from './support/api.ts';
import { type Browser, firstPage, openBrowser } from './support/browser.ts';
import type { RunningServer } from './support/server.ts';
import { startSeeded } from './support/setup.ts';
import { loginStaffUi } from './support/staff.ts';

const info = inject('e2e');

describe.skipIf(info.skip !== null)(
  'the built app under its content security policy, in a real browser',
  () => {
    let server: RunningServer;
    let seed: Seeded;
    let browser: Browser;

    beforeAll(async () => {
      ({ server, seed } = await startSeeded(info.adminUrl));
      browser = await openBrowser({ width: 1280, height: 900 });
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('loads the start page, the member login, the desk, the chair and the API docs with no CSP violation and the throttle lists shown', async () => {
      const page = await firstPage(browser);
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || /Content Security Policy|Refused to/i.test(message.text())) {
          problems.push(`${page.url()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
      // Every violation the page sees, also ones that do not reach the console.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          console.error(
            `Refused to load ${event.blockedURI} (Content Security Policy ${event.violatedDirective})`,
          );
        });
      });

      const start = await page.goto(`${server.baseUrl}/`);
      const csp = start?.headers()['content-security-policy'] ?? '';
      expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(start?.headers()['x-content-type-options']).toBe('nosniff');
      // The app started: its start page rendered from the bootstrap script.
      await page.getByRole('heading', { name: 'Für Mitglieder' }).waitFor({ timeout: 20_000 });

      await page.goto(
        `${server.baseUrl}/join?a=${seed.assemblyId}&m=${encodeURIComponent(seed.member.number)}&c=${encodeURIComponent(seed.member.code)}`,
      );
      await page.waitForURL(`**/member/${seed.assemblyId}*`, { timeout: 20_000 });

      await loginStaffUi(page, server.baseUrl, server.admin, `/desk/${seed.assemblyId}`);
      await page.getByTestId('login-throttles').waitFor({ timeout: 20_000 });
      await page.goto(`${server.baseUrl}/chair/${seed.assemblyId}`);
      await page.getByTestId('login-throttles').waitFor({ timeout: 20_000 });
      await page.goto(`${server.baseUrl}/auditor/${seed.assemblyId}`);
      await page.locator('.staff-bar').waitFor({ timeout: 20_000 });

      expect(problems).toEqual([]);
    });
  },
);
