import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineProject } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));
// tsconfig.json extends the generated .svelte-kit/tsconfig.json: generate it in a fresh checkout.
if (!existsSync(`${here}.svelte-kit/tsconfig.json`)) {
  spawnSync(`${here}node_modules/.bin/svelte-kit`, ['sync'], { cwd: here, stdio: 'inherit' });
}

// Unit tests of the web app's state classes (`*.svelte.ts`, Svelte 5 runes): the Svelte plugin
// compiles the runes, the browser build of Svelte runs them. Only the network edge (fetch,
// EventSource) is replaced in the tests. Runs under the root config as project `web`.
export default defineProject({
  plugins: [svelte()],
  resolve: {
    alias: { $lib: `${here}src/lib` },
    conditions: ['browser'],
  },
  test: {
    name: 'web',
    include: ['src/**/*.test.ts'],
    environment: './test/client-environment.ts',
    // Every test replaces fetch/EventSource/localStorage itself and restores them afterwards, so
    // the files can share one module graph per worker (half the start-up time).
    isolate: false,
  },
});
