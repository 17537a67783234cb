/**
 * One trial: a new secret poll on the assembly of every member, opened, every member's ballot cast
 * over HTTP, closed (every ballot counted) and declared; with the live-stream clients' delivery
 * latencies of the open, the turnout and the close.
 */
import { call, type LatencySummary, type LoadGenerator, type LoadRun, summarise } from './bench-load.ts';
import { backendCpu, cpuMsOf, machineTicks, type ServerProcess } from './bench-processes.ts';
import type { Seeded } from './bench-seed.ts';
import type { SseFleet } from './bench-sse.ts';

const CHOICES = ['yes', 'yes', 'no', 'abstain'] as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SseDelivery {
  clients: number;
  /** Clients that never saw the event. */
  missed: number;
  latency: LatencySummary;
}

export interface TrialResult {
  openMs: number;
  cast: LoadRun;
  /** CPU ms per accepted ballot: all API processes together, and the load generator. */
  apiCpuMsPerBallot: number;
  loadCpuMsPerBallot: number;
  /** CPU ms per accepted ballot of this database's PostgreSQL backends. */
  pgCpuMsPerBallot: number;
  /** Share of the machine's CPU time that was busy while casting (all processes, other users too). */
  machineBusy: number;
  closeMs: number;
  declareMs: number;
  sse: { open: SseDelivery; turnout: SseDelivery; close: SseDelivery } | null;
}

/** Delivery latency (receipt − reference, never below 0: an event may beat the HTTP answer). */
function delivery(receipts: readonly number[], reference: number): SseDelivery {
  const got = receipts.filter((t) => t > 0);
  return {
    clients: receipts.length,
    missed: receipts.length - got.length,
    latency: summarise(got.map((t) => Math.max(0, t - reference))),
  };
}

/**
 * How stale the turnout shown was: for an update showing `voted = v`, the time since the load
 * generator had received the v-th successful answer (completions are in order of arrival).
 */
function turnoutDelivery(pairs: readonly number[], completions: readonly number[], clients: number) {
  const latencies: number[] = [];
  for (let k = 0; k + 1 < pairs.length; k += 2) {
    const voted = pairs[k] as number;
    if (voted <= 0) continue;
    const done = completions[Math.min(voted, completions.length) - 1] as number;
    latencies.push(Math.max(0, (pairs[k + 1] as number) - done));
  }
  return { clients, missed: 0, latency: summarise(latencies) };
}

export async function runTrial(
  trial: number,
  seeded: Seeded,
  databaseUrl: string,
  servers: readonly ServerProcess[],
  load: LoadGenerator,
  sse: SseFleet | null,
  log: (line: string) => void,
): Promise<TrialResult> {
  const origin = (servers[0] as ServerProcess).origin;
  const { staff, assemblyId, members } = seeded;
  const A = `/api/assemblies/${assemblyId}`;
  const item = await call<{ id: string }>(origin, 'POST', `${A}/items`, {
    token: staff.admin,
    json: { kind: 'motion', title: `Antrag ${trial}` },
    expect: 201,
  });
  await call(origin, 'PUT', `${A}/current-item`, { token: staff.chair, json: { itemId: item.body.id } });
  // R24: a secret ballot on request, supported by everyone who voted on the request.
  const created = await call<{ id: string; secret: boolean }>(origin, 'POST', `${A}/polls`, {
    token: staff.chair,
    json: { agendaItemId: item.body.id, secretRequest: { supporting: 100, validVotes: 100 } },
    expect: 201,
  });
  if (!created.body.secret) throw new Error('the poll is not secret');
  const pollId = created.body.id;
  await sleep(500);
  const opened = await call(origin, 'POST', `/api/polls/${pollId}/open`, { token: staff.chair });
  const apiCpu0 = servers.reduce((sum, s) => sum + cpuMsOf(s.pid), 0);
  const loadCpu0 = process.cpuUsage();
  const pgCpu0 = await backendCpu(databaseUrl);
  const ticks0 = machineTicks();
  const cast = await load.run(
    members.length,
    (i) => {
      const m = members[i] as Seeded['members'][number];
      return {
        method: 'POST',
        path: `/api/polls/${pollId}/votes`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${m.token}` },
        body: JSON.stringify({ votes: [{ memberId: m.id, choice: CHOICES[i % CHOICES.length] }] }),
      };
    },
    201,
  );
  const apiCpuMs = servers.reduce((sum, s) => sum + cpuMsOf(s.pid), 0) - apiCpu0;
  const loadCpu = process.cpuUsage(loadCpu0);
  const ticks1 = machineTicks();
  const machineBusy = (ticks1.busy - ticks0.busy) / Math.max(1, ticks1.total - ticks0.total);
  let pgCpuMs = 0;
  for (const [pid, ms] of await backendCpu(databaseUrl)) pgCpuMs += ms - (pgCpu0.get(pid) ?? 0);
  const accepted = Math.max(1, cast.completions.length);
  log(
    `trial ${trial} cast    : ${cast.requests} ballots in ${(cast.elapsedMs / 1000).toFixed(1)} s = ${cast.perSecond.toFixed(0)}/s, p50 ${cast.latency.p50.toFixed(1)} ms, p99 ${cast.latency.p99.toFixed(1)} ms, ${cast.errors} errors${cast.firstError ? ` (${cast.firstError})` : ''}; CPU per ballot: API ${(apiCpuMs / accepted).toFixed(2)} ms, load generator ${((loadCpu.user + loadCpu.system) / 1000 / accepted).toFixed(2)} ms, PostgreSQL ${(pgCpuMs / accepted).toFixed(2)} ms; machine ${(machineBusy * 100).toFixed(0)}% busy`,
  );
  // Let the last turnout update (at most 250 ms behind) reach the clients before the close.
  await sleep(600);
  const closed = await call<{ tally: { counts: Record<string, number> } }>(
    origin,
    'POST',
    `/api/polls/${pollId}/close`,
    { token: staff.chair },
  );
  const counted = Object.values(closed.body.tally.counts).reduce((a, b) => a + b, 0);
  if (counted !== cast.completions.length) {
    throw new Error(`close counted ${counted} ballots, ${cast.completions.length} were accepted`);
  }
  await sleep(1000);
  const declared = await call(origin, 'POST', `/api/polls/${pollId}/declare`, {
    token: staff.chair,
    json: { text: `Antrag ${trial}: Ergebnis festgestellt.` },
  });

  let sseResult: TrialResult['sse'] = null;
  if (sse) {
    const seen = await sse.report(pollId);
    sseResult = {
      open: delivery(seen.open, opened.at),
      turnout: turnoutDelivery(seen.turnout, cast.completions, seen.open.length),
      close: delivery(seen.closed, closed.at),
    };
  }

  const result: TrialResult = {
    openMs: opened.ms,
    cast,
    apiCpuMsPerBallot: apiCpuMs / accepted,
    loadCpuMsPerBallot: (loadCpu.user + loadCpu.system) / 1000 / accepted,
    pgCpuMsPerBallot: pgCpuMs / accepted,
    machineBusy,
    closeMs: closed.ms,
    declareMs: declared.ms,
    sse: sseResult,
  };
  log(
    `trial ${trial} open ${result.openMs.toFixed(0)} ms, close ${result.closeMs.toFixed(0)} ms, declare ${result.declareMs.toFixed(0)} ms`,
  );
  if (sseResult) {
    const f = (d: SseDelivery) =>
      `p50 ${d.latency.p50.toFixed(0)} ms, p99 ${d.latency.p99.toFixed(0)} ms${d.missed ? `, ${d.missed} missed` : ''}`;
    log(
      `trial ${trial} SSE     : open ${f(sseResult.open)}; turnout ${f(sseResult.turnout)}; close ${f(sseResult.close)}`,
    );
  }
  return result;
}
