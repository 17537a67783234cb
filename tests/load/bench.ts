/**
 * Plenum end to end over HTTP, next to this machine's own limits measured in the same run.
 *
 *   pnpm bench [--members 100000] [--clients 64] [--sse 5000] [--trials 3] [--processes 1]
 *              [--seconds 10] [--check-in-batch 500]
 *
 * A fresh database on DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 * the real API server (apps/api/src/main.ts) in 1 or more processes, the register imported as CSV,
 * every member checked in and logged in before the clock starts; then per trial: pgbench and a
 * trivial Fastify route as ceilings, and a secret poll opened, cast by every member, closed,
 * declared, exported and verified while S live-stream clients listen. Writes bench/results.json
 * and the table in docs/BENCHMARKS.md. See docs/BENCHMARKS.md for what each figure means.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { pgbenchCeiling, trivialCeiling } from './bench-ceilings.ts';
import { type ExportResult, exportAndVerify } from './bench-export.ts';
import { LoadGenerator, spread } from './bench-load.ts';
import { type PgliteDemo, pgliteDemoVote } from './bench-pglite.ts';
import { adminQuery, freshDatabase, newSecrets, type ServerProcess, startApi } from './bench-processes.ts';
import { judge, machine, type Results, write } from './bench-report.ts';
import { type Seeded, seed } from './bench-seed.ts';
import { type SseFleet, startSse } from './bench-sse.ts';
import { runTrial, type TrialResult } from './bench-trial.ts';

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '64' },
    sse: { type: 'string', default: '5000' },
    trials: { type: 'string', default: '3' },
    processes: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '10' },
    'check-in-batch': { type: 'string', default: '500' },
    'skip-pglite': { type: 'boolean', default: false },
    /** Only rewrite bench/results.json's targets and the table from an earlier run's results. */
    report: { type: 'string' },
  },
});
const opt = {
  members: Number(args.members),
  clients: Number(args.clients),
  sse: Number(args.sse),
  trials: Number(args.trials),
  processes: Number(args.processes),
  seconds: Number(args.seconds),
  checkInBatch: Number(args['check-in-batch']),
};
const SKIP_PGLITE = args['skip-pglite'] ?? false;
for (const [k, v] of Object.entries(opt)) {
  if (!Number.isInteger(v) || v < (k === 'sse' ? 0 : 1)) throw new Error(`--${k} must be a whole number`);
}
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line: string) => console.log(line);

function ulimitNoFile(): string {
  try {
    return execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** `--report <results.json>`: the targets judged again and the table written, no run. */
function report(file: string): void {
  const results = JSON.parse(readFileSync(file, 'utf8')) as Results;
  results.targets = judge(results);
  write(results);
  log(`Judged ${file} again; wrote bench/results.json and the table in docs/BENCHMARKS.md.`);
}

async function main(): Promise<void> {
  if (args.report !== undefined) return report(args.report);
  const startedAt = new Date().toISOString();
  const pgVersion = String((await adminQuery(ADMIN_URL, 'SELECT version() AS v')).rows[0]?.v ?? '');
  const limit = ulimitNoFile();
  const host = machine(pgVersion, limit);
  log(
    `Plenum bench: ${opt.members} members, ${opt.clients} clients, ${opt.sse} SSE clients, ${opt.processes} API process(es), ${opt.trials} trial(s); ${host.cores} cores, load ${host.loadAverageAtStart.join(' ')}, ulimit -n ${limit}`,
  );
  if (limit !== 'unlimited' && Number(limit) < opt.sse + 1000) {
    log(`warning: ulimit -n ${limit} is below ${opt.sse} SSE sockets + 1000; raise it in the shell first`);
  }
  const database = await freshDatabase(ADMIN_URL);
  let servers: ServerProcess[] = [];
  let load: LoadGenerator | undefined;
  let sse: SseFleet | null = null;
  // Ctrl-C: stop the servers and drop the database, as the end of a run does. (The stream clients'
  // process is in the same process group and got the signal itself.)
  const interrupted = async () => {
    log('interrupted: stopping the servers and dropping the database');
    await database.drop().catch((error: unknown) => log(`could not drop the database: ${String(error)}`));
    await Promise.all(servers.map((s) => s.stop().catch(() => {})));
    log('interrupted: done');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const secrets = newSecrets();
    servers = await startApi(database.url, secrets, opt.processes);
    load = new LoadGenerator(
      servers.map((s) => s.origin),
      opt.clients,
    );
    const origin = (servers[0] as ServerProcess).origin;
    const seeded: Seeded = await seed(
      {
        databaseUrl: database.url,
        secrets,
        origin,
        members: opt.members,
        checkInBatch: opt.checkInBatch,
      },
      load,
      log,
    );
    if (opt.sse > 0) {
      const targets = seeded.members.slice(0, opt.sse).map((m, i) => ({
        origin: (servers[i % servers.length] as ServerProcess).origin,
        path: `/api/assemblies/${seeded.assemblyId}/events`,
        token: m.token,
      }));
      sse = await startSse(targets);
      log(
        `SSE: ${sse.connected} clients connected, ${sse.failed} failed${sse.firstError ? ` (${sse.firstError})` : ''}`,
      );
    }

    const trials: TrialResult[] = [];
    const pgbench: number[] = [];
    const pgbenchClients: number[] = [];
    const trivial: number[] = [];
    const exports: ExportResult[] = [];
    for (let trial = 1; trial <= opt.trials; trial++) {
      const ceiling = await pgbenchCeiling(database.url, opt.clients, opt.seconds);
      pgbench.push(ceiling.tps);
      pgbenchClients.push(ceiling.clients);
      const route = await trivialCeiling(opt.processes, opt.clients, 1_000_000, opt.seconds);
      trivial.push(route.perSecond);
      log(
        `trial ${trial} ceilings: pgbench ${ceiling.tps.toFixed(0)} tx/s (avg ${ceiling.latencyMs} ms${ceiling.clients < opt.clients ? `, ${ceiling.clients} clients: the server had no more connections left` : ''}); trivial route ${route.perSecond.toFixed(0)}/s (p99 ${route.latency.p99.toFixed(1)} ms)`,
      );
      trials.push(await runTrial(trial, seeded, database.url, servers, load, sse, log));
      if (trial === 1) {
        for (let k = 1; k <= opt.trials; k++) {
          exports.push(await exportAndVerify(k, seeded, servers[0] as ServerProcess, log));
        }
      }
    }

    let scaling: Results['scaling'];
    if (opt.processes > 1) {
      const single = new LoadGenerator([(servers[0] as ServerProcess).origin], opt.clients);
      try {
        const one = await runTrial(opt.trials + 1, seeded, database.url, servers, single, sse, log);
        const multi = spread(trials.map((t) => t.cast.perSecond)).median;
        scaling = {
          processes: opt.processes,
          castPerSecond: multi,
          singleProcessPerSecond: one.cast.perSecond,
          factor: multi / one.cast.perSecond,
        };
        log(
          `scaling: ${opt.processes} processes ${multi.toFixed(0)}/s, one process ${one.cast.perSecond.toFixed(0)}/s`,
        );
      } finally {
        await single.close();
      }
    }

    let pglite: PgliteDemo | undefined;
    if (!SKIP_PGLITE) {
      pglite = await pgliteDemoVote(secrets.jwtSecret, opt.clients);
      log(
        `PGlite demo: started and seeded in ${(pglite.startMs / 1000).toFixed(1)} s; open ${pglite.openMs.toFixed(0)} ms, vote of ${pglite.ballots} of ${pglite.members} members ${pglite.voteMs.toFixed(0)} ms (p50 ${pglite.vote.latency.p50.toFixed(0)} ms, p99 ${pglite.vote.latency.p99.toFixed(0)} ms; refused ${JSON.stringify(pglite.vote.errorStatuses)}), close ${pglite.closeMs.toFixed(0)} ms`,
      );
    }

    const by = (f: (t: TrialResult, i: number) => number) => spread(trials.map(f));
    const figures: Results['figures'] = {
      castPerSecond: by((t) => t.cast.perSecond),
      castSeconds: by((t) => t.cast.elapsedMs / 1000),
      castErrors: by((t) => t.cast.errors),
      castP50: by((t) => t.cast.latency.p50),
      castP99: by((t) => t.cast.latency.p99),
      apiCpuMsPerBallot: by((t) => t.apiCpuMsPerBallot),
      loadCpuMsPerBallot: by((t) => t.loadCpuMsPerBallot),
      pgCpuMsPerBallot: by((t) => t.pgCpuMsPerBallot),
      machineBusyWhileCasting: by((t) => t.machineBusy),
      pgbenchTps: spread(pgbench),
      pgbenchClients: spread(pgbenchClients),
      trivialPerSecond: spread(trivial),
      castOverPgbench: by((t, i) => t.cast.perSecond / (pgbench[i] ?? 1)),
      castOverTrivial: by((t, i) => t.cast.perSecond / (trivial[i] ?? 1)),
      openMs: by((t) => t.openMs),
      closeMs: by((t) => t.closeMs),
      declareMs: by((t) => t.declareMs),
      exportMs: spread(exports.map((e) => e.exportMs)),
      exportMb: spread(exports.map((e) => e.exportMb)),
      exportPeakRssMb: spread(exports.map((e) => e.exportPeakRssMb)),
      exportRssBeforeMb: spread(exports.map((e) => e.exportRssBeforeMb)),
      exportRssIncreaseMb: spread(exports.map((e) => e.exportPeakRssMb - e.exportRssBeforeMb)),
      verifyMs: spread(exports.map((e) => e.verifyMs)),
      verifyPeakMb: spread(exports.map((e) => e.verifyPeakMb)),
    };
    if (sse) {
      const sseBy = (f: (s: NonNullable<TrialResult['sse']>) => number) =>
        by((t) => (t.sse ? f(t.sse) : Number.NaN));
      Object.assign(figures, {
        sseConnected: spread([sse.connected]),
        sseOpenP50: sseBy((s) => s.open.latency.p50),
        sseOpenP99: sseBy((s) => s.open.latency.p99),
        sseTurnoutP50: sseBy((s) => s.turnout.latency.p50),
        sseTurnoutP99: sseBy((s) => s.turnout.latency.p99),
        sseCloseP50: sseBy((s) => s.close.latency.p50),
        sseCloseP99: sseBy((s) => s.close.latency.p99),
        sseMissed: sseBy((s) => s.open.missed + s.close.missed),
      });
    }
    if (pglite) {
      Object.assign(figures, {
        pgliteStartMs: spread([pglite.startMs]),
        pgliteVoteMs: spread([pglite.voteMs]),
        pgliteOpenMs: spread([pglite.openMs]),
        pgliteCloseMs: spread([pglite.closeMs]),
        pgliteBallots: spread([pglite.ballots]),
        pgliteMembers: spread([pglite.members]),
        pgliteVoteP99: spread([pglite.vote.latency.p99]),
      });
    }
    const results: Results = {
      command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
      startedAt,
      finishedAt: new Date().toISOString(),
      options: opt,
      machine: { ...host, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
      memberTokens: 'through POST /api/auth/member/login, one client address per member (X-Forwarded-For)',
      setup: {
        importMs: seeded.timings.importMs,
        codesMs: seeded.timings.codesMs,
        checkInMs: spread([seeded.timings.checkIn.elapsedMs]),
        checkInSingles: seeded.timings.checkIn.singles,
        checkInSinglesMs: spread([seeded.timings.checkIn.single.elapsedMs]),
        checkInSinglesP99: spread([seeded.timings.checkIn.single.latency.p99]),
        checkInBulkMembers: seeded.timings.checkIn.bulkMembers,
        checkInBulkMs: spread([seeded.timings.checkIn.bulk?.elapsedMs ?? 0]),
        loginMs: spread([seeded.timings.login.elapsedMs]),
      },
      figures,
      ...(scaling ? { scaling } : {}),
      targets: [],
    };
    results.targets = judge(results);
    write(results);
    log('\nWrote bench/results.json and the table in docs/BENCHMARKS.md:');
    for (const t of results.targets) {
      log(
        `  ${t.met === null ? '   ' : t.met ? 'ok ' : 'NO '} ${t.name}: ${t.measured} (target ${t.target})`,
      );
    }
  } finally {
    await sse?.stop();
    await load?.close();
    await Promise.all(servers.map((s) => s.stop()));
    await database.drop();
  }
}

await main();
