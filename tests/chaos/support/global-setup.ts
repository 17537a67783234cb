import type { TestProject } from 'vitest/node';
import apiSetup from '../../../apps/api/test/support/global-setup.ts';
import { clusterProblem } from './cluster.ts';

export interface ChaosInfo {
  /** Why the chaos tests cannot run here (locally only: in CI a missing piece fails the run). */
  skip: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    chaos: ChaosInfo;
  }
}

/**
 * The chaos tests need a real PostgreSQL: the shared test server (per-file databases, as the API
 * tests use) and the server programs to start a private cluster they may restart and kill.
 */
export default async function setup(project: TestProject): Promise<void> {
  await apiSetup(project);
  const ci = process.env.CI === 'true' || process.env.CI === '1';
  const testDb = project.getProvidedContext().testDb;
  const skip =
    testDb.mode !== 'postgres' ? `PostgreSQL is not reachable (${testDb.reason ?? ''})` : clusterProblem();
  if (skip && ci) throw new Error(`[chaos] cannot run the chaos tests in CI: ${skip}`);
  if (skip) process.stdout.write(`\n[chaos] SKIPPING the chaos tests: ${skip}\n\n`);
  project.provide('chaos', { skip });
}
