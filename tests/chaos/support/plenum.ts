import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, verifyBundle } from '@plenum/ledger/verify';
import { inParallel } from '../../../apps/api/test/scenario-helpers.ts';
import { killServer, type Running, startServer } from '../../../apps/api/test/support/server-process.ts';

/** CHAOS_FULL=1 (`pnpm test:chaos`) runs the full counts; `pnpm test` a smaller, faster subset. */
export const FULL = process.env.CHAOS_FULL === '1';
export const scale = (full: number, quick: number): number => (FULL ? full : quick);

/** Prints a test's figures, one line each, so a run can be read and compared. */
export function report(title: string, figures: Record<string, number | string>): void {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\n[chaos${FULL ? ' full' : ''}] ${title}\n${lines.join('\n')}\n`);
}

/** An HS256 token as @fastify/jwt signs it, so the tests need no login round trips. */
export function signToken(secret: string, payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...payload, iat, exp: iat + 12 * 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: like res.json(): each response's shape is asserted where it is read.
  body: any;
  retryAfter: string | null;
}

/** One HTTP call; a refused or reset connection rejects (the process is down), a status never does. */
export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? null : text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text,
    retryAfter: res.headers.get('retry-after'),
  };
}

/**
 * Like `call`, but anything but 2xx throws: for the steps around the fault, not under it. A 503
 * is tried again for up to 30 s (a busy shared test server may have no connection free).
 */
export async function ok(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: unknown,
): Promise<Reply> {
  const end = Date.now() + 30_000;
  let reply = await call(base, method, path, token, body);
  while (reply.status === 503 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 200));
    reply = await call(base, method, path, token, body);
  }
  if (reply.status >= 300)
    throw new Error(`${method} ${path} → ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply;
}

/** One API server process of a chaos test, with the settings every start shares. */
export class ApiProcess {
  running: Running;

  constructor(
    readonly env: { DATABASE_URL: string; PLENUM_JWT_SECRET: string; PLENUM_DATA_DIR: string },
    readonly port: number,
  ) {
    this.running = this.spawn();
  }

  static settings(databaseUrl: string) {
    return {
      DATABASE_URL: databaseUrl,
      PLENUM_JWT_SECRET: randomBytes(32).toString('hex'),
      PLENUM_DATA_DIR: mkdtempSync(join(tmpdir(), 'plenum-chaos-')),
    };
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get alive(): boolean {
    return this.running.child.exitCode === null && this.running.child.signalCode === null;
  }

  /** Waits until /api/health answers 200; returns how long that took. */
  async healthy(timeoutMs = 90_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (!this.alive) throw new Error(`the API process exited:\n${this.running.output().slice(-4000)}`);
      const status = await call(this.base, 'GET', '/api/health').then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return Date.now() - started;
      if (Date.now() - started > timeoutMs) throw new Error(`not healthy within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGKILL: no shutdown hook runs, requests in flight are cut off. */
  async kill(): Promise<void> {
    await killServer(this.running);
  }

  /** A new process on the same port, database, data folder (signing key) and JWT secret. */
  restart(): void {
    this.running = this.spawn();
  }

  /** SIGTERM, then the data folder (signing key) is deleted. */
  async stop(): Promise<void> {
    if (this.alive) {
      this.running.child.kill('SIGTERM');
      await this.running.exited;
    }
    rmSync(this.env.PLENUM_DATA_DIR, { recursive: true, force: true });
  }

  private spawn(): Running {
    return startServer({ PLENUM_DEMO: '0', LOG_LEVEL: 'warn', ...this.env }, this.port, { ownGroup: true });
  }
}

export interface Tokens {
  admin: string;
  desk: string;
  chair: string;
  auditor: string;
  member(memberId: string): string;
}

export function tokens(secret: string, assemblyId: () => string): Tokens {
  const staff = (role: string) =>
    signToken(secret, { kind: 'staff', sub: `staff:${role}`, username: role, role });
  return {
    admin: staff('admin'),
    desk: staff('desk'),
    chair: staff('chair'),
    auditor: staff('auditor'),
    member: (memberId) =>
      signToken(secret, {
        kind: 'member',
        sub: `member:${memberId}`,
        memberId,
        assemblyId: assemblyId(),
        memberNumber: 'M',
      }),
  };
}

/**
 * Over HTTP: an assembly with one motion, every member checked in at the desk, and an open secret
 * poll on the motion (secret on request, R24). Returns the ids.
 */
export async function openSecretPoll(
  base: string,
  staff: Pick<Tokens, 'admin' | 'desk' | 'chair'>,
  memberIds: readonly string[],
): Promise<{ assemblyId: string; pollId: string }> {
  const assembly = await ok(base, 'POST', '/api/assemblies', staff.admin, {
    title: 'Chaos-Generalversammlung',
    form: 'hybrid',
    place: 'Berlin',
    registeredSeat: 'Berlin',
    startsAt: '2026-06-20T10:00:00.000Z',
    chairName: 'Dr. Aufsichtsrat',
    statute: {},
  });
  const assemblyId = assembly.body.id as string;
  const item = await ok(base, 'POST', `/api/assemblies/${assemblyId}/items`, staff.admin, {
    kind: 'motion',
    title: 'Antrag: Photovoltaik auf dem Vereinsheim',
  });
  await ok(base, 'POST', `/api/assemblies/${assemblyId}/convene`, staff.chair, {
    invitedOn: '2026-05-20',
    channel: 'text_form_to_each_member',
    accessDetails: 'Online über die Mitgliederseite',
  });
  await ok(base, 'POST', `/api/assemblies/${assemblyId}/open`, staff.chair);
  await inParallel(memberIds, 16, (memberId, i) =>
    ok(base, 'POST', `/api/assemblies/${assemblyId}/attendance/check-in`, staff.desk, {
      memberId,
      channel: i % 2 === 0 ? 'room' : 'online',
    }),
  );
  const poll = await ok(base, 'POST', `/api/assemblies/${assemblyId}/polls`, staff.chair, {
    agendaItemId: item.body.id,
    secretRequest: { supporting: memberIds.length, validVotes: memberIds.length },
  });
  const pollId = poll.body.id as string;
  await ok(base, 'POST', `/api/polls/${pollId}/open`, staff.chair);
  const opened = await ok(base, 'GET', `/api/polls/${pollId}`, staff.chair);
  if (opened.body.secret !== true || opened.body.status !== 'open')
    throw new Error(`the poll is not an open secret poll: ${JSON.stringify(opened.body)}`);
  return { assemblyId, pollId };
}

export const CHOICES = ['yes', 'no', 'abstain'] as const;

/** What became of one member's attempts to cast. */
export interface CastOutcome {
  /** The receipt of the 201 that acknowledged the vote, if one came back. */
  receipt: string | null;
  /** 409 vote.duplicate after an unanswered attempt: an earlier attempt had committed. */
  duplicateAfterRetry: boolean;
  attempts: number;
  unavailable: number;
  networkErrors: number;
  /** Any other status: a 500 is a failure of the API, not of the database. */
  unexpected: string[];
}

/**
 * Casts one member's vote until the API answers it: after a 503 or a cut connection it tries
 * again (as the web app does), and a 409 vote.duplicate then means an earlier try committed though
 * its answer was lost. Gives up after `deadlineMs`.
 */
export async function castUntilAnswered(
  api: () => string,
  pollId: string,
  token: string,
  memberId: string,
  choice: string,
  deadlineMs = 120_000,
): Promise<CastOutcome> {
  const outcome: CastOutcome = {
    receipt: null,
    duplicateAfterRetry: false,
    attempts: 0,
    unavailable: 0,
    networkErrors: 0,
    unexpected: [],
  };
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    outcome.attempts += 1;
    let reply: Reply;
    try {
      reply = await call(api(), 'POST', `/api/polls/${pollId}/votes`, token, {
        votes: [{ memberId, choice }],
      });
    } catch {
      outcome.networkErrors += 1;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    if (reply.status === 201) {
      outcome.receipt = reply.body.receipts[0].receipt as string;
      return outcome;
    }
    if (reply.status === 409 && reply.body?.error?.code === 'vote.duplicate' && outcome.attempts > 1) {
      outcome.duplicateAfterRetry = true;
      return outcome;
    }
    if (reply.status === 503 && reply.body?.error?.code === 'server.unavailable' && reply.retryAfter) {
      outcome.unavailable += 1;
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    outcome.unexpected.push(`${reply.status} ${JSON.stringify(reply.body)}`);
    return outcome;
  }
  outcome.unexpected.push('no answer before the deadline');
  return outcome;
}

export interface Audit {
  ballots: number;
  participation: number;
  receiptsCounted: number;
  receiptsChecked: number;
  verifierViolations: string[];
}

/**
 * Closes the poll, checks every acknowledged receipt (R23), exports the signed bundle and runs the
 * ledger package's offline verifier on it.
 */
export async function closeAndAudit(
  base: string,
  staff: Pick<Tokens, 'chair' | 'auditor'>,
  assemblyId: string,
  pollId: string,
  receipts: readonly string[],
): Promise<Audit> {
  await ok(base, 'POST', `/api/polls/${pollId}/close`, staff.chair);
  const checked = await inParallel(receipts, 16, (receipt) =>
    ok(base, 'POST', `/api/polls/${pollId}/receipts/check`, undefined, { receipt }),
  );
  const bundle = (await ok(base, 'GET', `/api/assemblies/${assemblyId}/export/bundle.json`, staff.auditor))
    .body as Bundle;
  const key = (await ok(base, 'GET', '/api/ledger/key')).body as { publicKey: string };
  const result = verifyBundle(bundle, { publicKey: key.publicKey });
  const poll = bundle.polls.find((p) => p.id === pollId);
  return {
    ballots: poll?.ballots.length ?? -1,
    participation: poll?.participation.length ?? -1,
    receiptsCounted: checked.filter((r) => r.body.status === 'counted').length,
    receiptsChecked: checked.length,
    verifierViolations: result.violations.map((v) => `${v.code} ${v.where}: ${v.message}`),
  };
}
