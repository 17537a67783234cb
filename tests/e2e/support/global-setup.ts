import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { adminUrl as defaultAdminUrl, postgresProblem } from '../../../apps/api/test/support/postgres.ts';

export const CHROMIUM = process.env.PLENUM_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const WEB = join(ROOT, 'apps/web');

export interface E2eInfo {
  /** Why the browser suite cannot run here (locally only: in CI a missing piece fails the run). */
  skip: string | null;
  adminUrl: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2eInfo;
  }
}

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** Builds the web app once when its build is missing or older than any source file. */
function buildWebIfStale(): void {
  const index = join(WEB, 'build/index.html');
  const sources = Math.max(newest(join(WEB, 'src')), statSync(join(WEB, 'svelte.config.js')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  process.stdout.write('[e2e] building the web app (pnpm --filter @plenum/web build) …\n');
  const run = spawnSync('pnpm', ['--filter', '@plenum/web', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) throw new Error('[e2e] the web app build failed');
}

export default async function setup(project: TestProject): Promise<void> {
  const adminUrl = defaultAdminUrl();
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  let skip: string | null = null;
  if (!existsSync(CHROMIUM)) {
    skip = `Chromium is missing at ${CHROMIUM} (apt-get install -y chromium).`;
  } else {
    const problem = await postgresProblem(adminUrl);
    if (problem) skip = `PostgreSQL is not reachable at ${adminUrl}: ${problem}`;
  }
  if (skip && ci) throw new Error(`[e2e] cannot run the browser tests in CI: ${skip}`);
  if (skip) process.stdout.write(`\n[e2e] SKIPPING the browser tests: ${skip}\n\n`);
  else buildWebIfStale();
  project.provide('e2e', { skip, adminUrl });
}
