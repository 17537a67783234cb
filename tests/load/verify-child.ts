/**
 * `pnpm verify --key <key> <bundle.json>` in a process of its own, reporting how long the check
 * took (reading and parsing the file included) and the process's peak memory:
 *   node --import tsx tests/load/verify-child.ts --key <key> <file>  →  one JSON line on stdout
 */
import { performance } from 'node:perf_hooks';
import { main } from '../../packages/ledger/src/verify/cli.ts';

const lines: string[] = [];
const t0 = performance.now();
const code = main(
  process.argv.slice(2),
  (line) => lines.push(line),
  (line) => lines.push(line),
);
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ code, ms, peakMb: process.resourceUsage().maxRSS / 1024, output: lines.slice(0, 5) })}\n`,
);
