import { defineConfig } from 'vitest/config';

// One Vitest project per package/app. `pnpm test` runs them all (see scripts/test.mjs).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'domain',
          // Pure code, no I/O: files share one module graph per worker (half the start-up time).
          isolate: false,
          include: ['packages/domain/test/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'ledger',
          // Pure code, no I/O: files share one module graph per worker (half the start-up time).
          isolate: false,
          include: ['packages/ledger/test/**/*.test.ts'],
        },
      },
      // The web app's unit tests (Svelte 5 runes in *.svelte.ts need the Svelte plugin there).
      'apps/web/vitest.config.ts',
      {
        test: {
          name: 'api',
          include: ['apps/api/test/**/*.test.ts'],
          globalSetup: ['apps/api/test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          server: { deps: { inline: ['kysely'] } },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // Faults on purpose: API processes killed, PostgreSQL restarted and killed (tests/chaos).
          // `pnpm test` runs a smaller subset; `pnpm test:chaos` (CHAOS_FULL=1) the full counts.
          name: 'chaos',
          include: ['tests/chaos/**/*.test.ts'],
          globalSetup: ['tests/chaos/support/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          server: { deps: { inline: ['kysely'] } },
          fileParallelism: false,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'apps/api/src/**/*.ts'],
    },
  },
});
