import type { Environment } from 'vitest/environments';

/**
 * Node globals, but modules transformed for the browser: the Svelte plugin then compiles the
 * runes as the app runs them (client build, real signals), not as server-rendered plain fields.
 */
export default {
  name: 'svelte-client',
  viteEnvironment: 'client',
  setup() {
    return { teardown() {} };
  },
} satisfies Environment;
