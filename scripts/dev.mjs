#!/usr/bin/env node
// `pnpm dev`: the API with reload on change, and Vite's dev server (which proxies /api to it).
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn(join(root, 'node_modules/.bin/tsx'), ['watch', join(root, 'apps/api/src/main.ts')], {
    cwd: root,
    stdio: 'inherit',
  }),
  spawn('pnpm', ['--filter', '@plenum/web', 'dev'], { cwd: root, stdio: 'inherit' }),
];
const stopAll = (signal) => {
  for (const child of children) child.kill(signal);
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
for (const child of children)
  child.on('exit', (code) => {
    stopAll('SIGTERM');
    process.exitCode = code ?? 0;
  });
