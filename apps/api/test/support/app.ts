import pino from 'pino';
import { buildApp } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { type Random, systemRandom } from '../../src/deps.ts';
import { ballotKeys } from '../../src/modules/ballots/ballot-seal.ts';
import { testClock } from './clock.ts';

/** @deprecated import from ./clock.ts (kept so older imports keep working). */
export { fixedClock } from './clock.ts';

/** A deterministic byte source for tests (a counter, so every call differs). */
export function counterRandom(): Random {
  let n = 0;
  return {
    bytes(length) {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = (n++ * 131 + 7) & 0xff;
      return out;
    },
  };
}

/** A fixed ballot secret for tests (ledger SPEC.md §3); production generates or takes its own. */
export const TEST_BALLOT_SECRET = Buffer.alloc(32, 7).toString('base64');

export const testBallotKeys = () => ballotKeys(TEST_BALLOT_SECRET);

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: undefined,
    dataDir: '/nonexistent',
    jwtSecret: 'test-secret-test-secret-test-secret-0123',
    logLevel: 'silent',
    publicUrl: undefined,
    trustProxy: false,
    webDir: undefined,
    demo: false,
    ballotSecret: TEST_BALLOT_SECRET,
    ...overrides,
  };
}

export function buildTestApp(db: Database, overrides: Partial<Config> = {}) {
  return buildApp({
    config: testConfig(overrides),
    db,
    clock: testClock(),
    // Real randomness: ballot ids and receipts must never repeat (a counter would after 256 bytes).
    random: systemRandom,
    logger: pino({ level: 'silent' }),
  });
}
