/**
 * The demo on the embedded database (PGlite), as `pnpm start` without DATABASE_URL runs it: the
 * demo cooperative seeded on first start, its printed staff logins used as a visitor would; then
 * the whole cooperative votes: fresh access codes for every member (the admin's CSV), everyone
 * checked in at the desk (check-in-many) and logged in, one poll opened by the chair, and every
 * member's ballot cast over HTTP with C clients — timed from the first cast to the last answer.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, LoadGenerator, type LoadRun } from './bench-load.ts';
import { API_ENTRY, freePort, spawnServer, waitHealthy } from './bench-processes.ts';
import { ipOf, parseCodes } from './bench-seed.ts';

export interface PgliteDemo {
  startMs: number;
  openMs: number;
  /** The whole vote: every member's cast, C at a time, first request to last answer. */
  voteMs: number;
  ballots: number;
  members: number;
  vote: LoadRun;
  closeMs: number;
}

export async function pgliteDemoVote(jwtSecret: string, clients: number): Promise<PgliteDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-bench-pglite-'));
  const t0 = performance.now();
  const server = spawnServer(
    API_ENTRY,
    {
      LOG_LEVEL: 'warn',
      PLENUM_DEMO: 'true',
      PLENUM_DATA_DIR: dataDir,
      PLENUM_JWT_SECRET: jwtSecret,
      // Every simulated member logs in from an address of their own (X-Forwarded-For).
      PLENUM_TRUST_PROXY: '1',
    },
    await freePort(),
  );
  const load = new LoadGenerator([server.origin], clients);
  try {
    await waitHealthy(server, 300_000);
    const startMs = performance.now() - t0;
    const logins = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8');
    const password = (user: string) => new RegExp(`^ +${user} +(\\S+)`, 'm').exec(logins)?.[1] ?? '';
    // The join links carry the assembly's short code, which the join page resolves as a visitor's does.
    const assemblyCode = /[?&]code=([A-Z0-9]{6})/.exec(logins)?.[1] ?? '';
    if (!password('chair') || !password('admin') || !password('desk') || !assemblyCode)
      throw new Error(`demo logins not understood:\n${logins}`);
    const o = server.origin;
    const assemblyId = (await call<{ id: string }>(o, 'GET', `/api/assembly-codes/${assemblyCode}`)).body.id;
    const staff = async (username: string) =>
      (
        await call<{ token: string }>(o, 'POST', '/api/auth/staff/login', {
          json: { username, password: password(username) },
        })
      ).body.token;
    const [admin, chair, desk] = [await staff('admin'), await staff('chair'), await staff('desk')];
    const A = `/api/assemblies/${assemblyId}`;

    // Every member of the demo register with a fresh code, checked in and logged in.
    const issued = await call<string>(o, 'POST', `${A}/access-codes`, {
      token: admin,
      json: { regenerate: true },
    });
    const codes = [...parseCodes(issued.text)];
    for (let i = 0; i < codes.length; i += 500)
      await call(o, 'POST', `${A}/attendance/check-in-many`, {
        token: desk,
        json: { memberNumbers: codes.slice(i, i + 500).map(([n]) => n) },
      });
    const voters: { token: string; memberId: string }[] = [];
    const login = await load.run(
      codes.length,
      (i) => ({
        method: 'POST',
        path: '/api/auth/member/login',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': ipOf(i + 1) },
        body: JSON.stringify({ assemblyId, memberNumber: codes[i]?.[0], code: codes[i]?.[1] }),
      }),
      200,
      Number.POSITIVE_INFINITY,
      (_i, text) => {
        const body = JSON.parse(text) as { token: string; user: { memberId: string } };
        voters.push({ token: body.token, memberId: body.user.memberId });
      },
    );
    if (voters.length === 0) throw new Error(`demo: no member could log in (${login.firstError ?? ''})`);

    const items = await call<{ id: string; kind: string; decision: string }[]>(o, 'GET', `${A}/items`, {
      token: chair,
    });
    // The first item that takes a yes/no vote.
    let pollId = '';
    for (const item of items.body.filter((i) => i.decision !== 'election' && i.decision !== 'none')) {
      await call(o, 'PUT', `${A}/current-item`, { token: chair, json: { itemId: item.id } });
      const res = await fetch(`${o}${A}/polls`, {
        method: 'POST',
        headers: { authorization: `Bearer ${chair}`, 'content-type': 'application/json' },
        body: JSON.stringify({ agendaItemId: item.id, method: 'electronic' }),
      });
      const body = (await res.json()) as { id?: string };
      if (res.status === 201 && body.id) {
        pollId = body.id;
        break;
      }
    }
    if (!pollId) throw new Error('demo: no item takes a vote');
    const opened = await call(o, 'POST', `/api/polls/${pollId}/open`, { token: chair });
    const choices = ['yes', 'no', 'abstain'];
    // Members the roll or §43(6) keeps from voting are refused (403/409): counted, not timed out.
    const vote = await load.run(
      voters.length,
      (i) => ({
        method: 'POST',
        path: `/api/polls/${pollId}/votes`,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${voters[i]?.token}`,
        },
        body: JSON.stringify({ votes: [{ memberId: voters[i]?.memberId, choice: choices[i % 3] }] }),
      }),
      201,
    );
    const closed = await call(o, 'POST', `/api/polls/${pollId}/close`, { token: chair });
    return {
      startMs,
      openMs: opened.ms,
      voteMs: vote.elapsedMs,
      ballots: vote.requests - vote.errors,
      members: codes.length,
      vote,
      closeMs: closed.ms,
    };
  } finally {
    await load.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
