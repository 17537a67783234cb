import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** Set PLENUM_E2E_SHOTS=<dir> to keep a screenshot of every screen the tests pass. */
export const SHOTS = process.env.PLENUM_E2E_SHOTS;
if (SHOTS) mkdirSync(SHOTS, { recursive: true });

/** A screenshot named `name` in PLENUM_E2E_SHOTS (the whole page unless `fullPage` is false). */
export async function shot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}
