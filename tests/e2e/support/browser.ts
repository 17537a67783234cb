import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM } from './global-setup.ts';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** One browser profile (its own cookies): a person on their own device. */
export async function openBrowser(viewport = { width: 375, height: 812 }): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-e2e-chrome-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'de-DE',
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function firstPage(browser: Browser): Promise<Page> {
  return browser.context.pages()[0] ?? (await browser.context.newPage());
}

/** axe-core from node_modules, injected into the page; returns serious and critical violations. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  const axePath = join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js');
  // Evaluated through the DevTools protocol: the app's content security policy allows no injected
  // <script> tags, and rightly so.
  await page.evaluate(readFileSync(axePath, 'utf8'));
  const result = await page.evaluate(async () => {
    type Violation = { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] };
    const axe = (
      globalThis as unknown as {
        axe: { run: (d: unknown, o: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  return (result as { id: string; impact: string; nodes: string[] }[]).filter(
    (v) => v.impact === 'serious' || v.impact === 'critical',
  );
}
