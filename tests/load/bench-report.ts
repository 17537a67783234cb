/**
 * The benchmark's record: bench/results.json (machine, versions, every figure as the median of the
 * trials with min and max) and the generated table in docs/BENCHMARKS.md between its markers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Spread } from './bench-load.ts';
import { ROOT } from './bench-processes.ts';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  ulimitNoFile: string;
}

export function machine(postgres: string, ulimitNoFile: string): Machine {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    postgres,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    ulimitNoFile,
  };
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
}

export interface Results {
  command: string;
  startedAt: string;
  finishedAt?: string;
  options: Record<string, number>;
  machine: Machine;
  /** The member login route could be used (per-address rate limit, one address per member). */
  memberTokens: string;
  setup: Record<string, Spread | number>;
  figures: Record<string, Spread>;
  scaling?: Record<string, number>;
  targets: Target[];
}

const fmt = (s: Spread, digits = 0, unit = '') =>
  `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** Each target of docs/BENCHMARKS.md against the figures of this run. */
export function judge(r: Results): Target[] {
  const f = r.figures;
  const n = r.options.members ?? 0;
  const get = (k: string): Spread => f[k] ?? { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const castSeconds = get('castSeconds');
  const t: Target[] = [
    {
      name: `${n.toLocaleString('en')} ballots cast over HTTP`,
      target: '100,000 in < 60 s',
      measured: `${fmt(castSeconds, 1, ' s')}; ${fmt(get('castPerSecond'), 0, '/s')}${n < 100_000 ? ` → 100,000 in ~${(100_000 / get('castPerSecond').median).toFixed(0)} s at this rate` : ''}`,
      met: n >= 100_000 ? castSeconds.median < 60 : (castSeconds.median * 100_000) / n < 60 ? null : false,
    },
    {
      name: 'cast errors',
      target: '0',
      measured: fmt(get('castErrors')),
      met: get('castErrors').max === 0,
    },
    {
      name: 'cast latency p99',
      target: '< 100 ms',
      measured: `${fmt(get('castP99'), 1, ' ms')} (p50 ${fmt(get('castP50'), 1, ' ms')})`,
      met: get('castP99').median < 100,
    },
    {
      name: 'cast ÷ raw-insert ceiling (pgbench)',
      target: '≥ 0.5×',
      measured: `${fmt(get('castOverPgbench'), 2, '×')}; pgbench ${fmt(get('pgbenchTps'), 0, ' tx/s')}`,
      met: get('castOverPgbench').median >= 0.5,
    },
    {
      name: 'cast ÷ trivial Fastify route',
      target: '(context)',
      measured: `${fmt(get('castOverTrivial'), 2, '×')}; trivial ${fmt(get('trivialPerSecond'), 0, '/s')}`,
      met: null,
    },
    {
      name: 'open',
      target: '< 1 s',
      measured: fmt(get('openMs'), 0, ' ms'),
      met: get('openMs').median < 1000,
    },
    {
      name: 'close (every ballot opened and counted)',
      target: '< 1 s',
      measured: fmt(get('closeMs'), 0, ' ms'),
      met: get('closeMs').median < 1000,
    },
    { name: 'declare', target: '(context)', measured: fmt(get('declareMs'), 0, ' ms'), met: null },
    {
      name: 'CPU per ballot: API processes / PostgreSQL / load generator',
      target: '(context)',
      measured: `${fmt(get('apiCpuMsPerBallot'), 2, ' ms')} / ${fmt(get('pgCpuMsPerBallot'), 2, ' ms')} / ${fmt(get('loadCpuMsPerBallot'), 2, ' ms')}; machine busy ${fmt({ median: get('machineBusyWhileCasting').median * 100, min: get('machineBusyWhileCasting').min * 100, max: get('machineBusyWhileCasting').max * 100 }, 0, ' %')} while casting`,
      met: null,
    },
    {
      // The memory is what the export adds to the server: before it, the same process already
      // holds the live streams of S clients and what casting left behind.
      name: 'export bundle.json (memory: what the export adds to the server)',
      target: '< 5 s, < 500 MB',
      measured: `${fmt(get('exportMs'), 0, ' ms')}, ${fmt(get('exportMb'), 1, ' MB')} file, +${fmt(get('exportRssIncreaseMb'), 0, ' MB')} (server peak RSS ${fmt(get('exportPeakRssMb'), 0, ' MB')}, ${fmt(get('exportRssBeforeMb'), 0, ' MB')} before)`,
      met: get('exportMs').median < 5000 && get('exportRssIncreaseMb').max < 500,
    },
    {
      name: 'verify (pnpm verify --key)',
      target: '< 5 s, < 500 MB',
      measured: `${fmt(get('verifyMs'), 0, ' ms')}, peak ${fmt(get('verifyPeakMb'), 0, ' MB')}`,
      met: get('verifyMs').median < 5000 && get('verifyPeakMb').max < 500,
    },
  ];
  if (f.sseOpenP99) {
    const s = r.options.sse ?? 0;
    t.push({
      name: `SSE delivery to ${s.toLocaleString('en')} clients while casting (p99)`,
      target: '5,000 clients, < 250 ms',
      measured: `open ${fmt(get('sseOpenP99'), 0, ' ms')}; turnout ${fmt(get('sseTurnoutP99'), 0, ' ms')}; close ${fmt(get('sseCloseP99'), 0, ' ms')}; missed ${fmt(get('sseMissed'))}`,
      met:
        Math.max(get('sseOpenP99').median, get('sseTurnoutP99').median, get('sseCloseP99').median) < 250 &&
        s >= 5000
          ? true
          : Math.max(get('sseOpenP99').median, get('sseTurnoutP99').median, get('sseCloseP99').median) >= 250
            ? false
            : null,
    });
  }
  const checkIn = r.setup.checkInMs as Spread;
  const singles = (r.setup.checkInSingles as number | undefined) ?? n;
  const singlesMs = ((r.setup.checkInSinglesMs as Spread | undefined) ?? checkIn).median;
  const bulkMembers = (r.setup.checkInBulkMembers as number | undefined) ?? 0;
  t.push({
    name: `check-in of ${n.toLocaleString('en')} (${bulkMembers > 0 ? `${singles.toLocaleString('en')} one by one at the desk, ${bulkMembers.toLocaleString('en')} through check-in-many, ${r.options.checkInBatch} per request` : 'desk route, one by one'})`,
    target: '100,000 in < 60 s',
    measured: `${(checkIn.median / 1000).toFixed(1)} s = ${((n / checkIn.median) * 1000).toFixed(0)}/s${n < 100_000 ? ` → 100,000 in ~${((checkIn.median * 100_000) / n / 1000).toFixed(0)} s at this rate` : ''}; one by one ${((singles / singlesMs) * 1000).toFixed(0)}/s`,
    met: n >= 100_000 ? checkIn.median < 60_000 : (checkIn.median * 100_000) / n < 60_000 ? null : false,
  });
  const vote = f.pgliteVoteMs;
  t.push({
    name: `PGlite demo vote (every member of the demo cooperative over HTTP, ${r.options.clients} clients)`,
    target: '< 2 s',
    measured: vote
      ? `${vote.median.toFixed(0)} ms for ${get('pgliteBallots').median} ballots of ${get('pgliteMembers').median} members (p99 ${get('pgliteVoteP99').median.toFixed(0)} ms; open ${get('pgliteOpenMs').median.toFixed(0)} ms, close ${get('pgliteCloseMs').median.toFixed(0)} ms; first start with demo seed ${(get('pgliteStartMs').median / 1000).toFixed(1)} s)`
      : 'skipped (--skip-pglite)',
    met: vote ? vote.median < 2000 : null,
  });
  return t;
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? 'met' : 'NOT met');

export function table(r: Results): string {
  const m = r.machine;
  const lines = [
    `Run: \`${r.command}\` on ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC — ${m.cores} cores (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.postgres.split(' on ')[0]}, load average ${m.loadAverageAtStart.join(' / ')} at start. Median of ${r.options.trials} trial(s) (min–max). Member tokens: ${r.memberTokens}.`,
    '',
    '| measure | target | measured | |',
    '| --- | --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.name} | ${t.target} | ${t.measured} | ${mark(t.met)} |`),
  ];
  if (r.scaling) {
    lines.push(
      '',
      `Scaling: ${r.scaling.processes} API processes ${r.scaling.castPerSecond?.toFixed(0)} ballots/s, one process ${r.scaling.singleProcessPerSecond?.toFixed(0)} ballots/s (×${r.scaling.factor?.toFixed(2)}).`,
    );
  }
  lines.push(
    '',
    `Before the casts, not among the targets: import ${((r.setup.importMs as number) / 1000).toFixed(1)} s, access codes ${((r.setup.codesMs as number) / 1000).toFixed(1)} s, member logins ${(((r.setup.loginMs as Spread).median ?? 0) / 1000).toFixed(1)} s.`,
  );
  return lines.join('\n');
}

export function write(r: Results): void {
  mkdirSync(join(ROOT, 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(r, null, 2)}\n`);
  try {
    // Kept in the repository: formatted as `pnpm check` wants it.
    execFileSync(join(ROOT, 'node_modules/.bin/biome'), ['format', '--write', 'bench/results.json'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // biome missing: the file is still valid JSON.
  }
  const doc = join(ROOT, 'docs/BENCHMARKS.md');
  const begin = '<!-- bench:begin -->';
  const end = '<!-- bench:end -->';
  const text = existsSync(doc) ? readFileSync(doc, 'utf8') : `# Benchmarks\n\n${begin}\n${end}\n`;
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return;
  writeFileSync(doc, `${text.slice(0, a + begin.length)}\n${table(r)}\n${text.slice(b)}`);
}
