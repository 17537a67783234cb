#!/usr/bin/env node
// `pnpm test`: every Vitest project (domain, ledger, api, …), then one plain closing line
// "Tests: N passed, N failed" that CI and people can read at a glance. Extra arguments go to Vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const report = join(mkdtempSync(join(tmpdir(), 'plenum-test-')), 'vitest.json');
const run = spawnSync(
  join(root, 'node_modules/.bin/vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenFiles = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = result.numFailedTests ?? 0;
  // A file that fails to load (or a failing hook) has no failed test of its own: count the file.
  brokenFiles = (result.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed'),
  ).length;
  skipped = (result.numPendingTests ?? 0) + (result.numTodoTests ?? 0);
}
const code = run.status ?? 1;
if (code !== 0 && failed === 0 && brokenFiles === 0) brokenFiles = 1;
const broken = brokenFiles
  ? `, ${brokenFiles} file${brokenFiles === 1 ? '' : 's'} failed outside a test`
  : '';
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${broken}`);
process.exit(code);
