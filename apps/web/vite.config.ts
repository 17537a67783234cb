import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, loadEnv } from 'vite';

const DEFAULT_API_URL = 'http://127.0.0.1:3000';

export default defineConfig(({ mode }) => {
  // PLENUM_API_URL may come from the shell or from an .env file next to this config.
  const env = { ...loadEnv(mode, process.cwd(), 'PLENUM_'), ...process.env };
  const target = env.PLENUM_API_URL || DEFAULT_API_URL;
  const proxy = { '/api': { target, changeOrigin: false } };

  return {
    plugins: [sveltekit()],
    server: { proxy },
    preview: { proxy },
  };
});
