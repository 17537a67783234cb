/**
 * The demo on the embedded database (PGlite), as `pnpm start` without DATABASE_URL runs it: the
 * demo cooperative seeded on first start, its printed logins used as a visitor would, one poll
 * opened by the chair and the sample member's vote timed (the HTTP answer of the cast).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './bench-load.ts';
import { API_ENTRY, freePort, spawnServer, waitHealthy } from './bench-processes.ts';

export interface PgliteDemo {
  startMs: number;
  openMs: number;
  voteMs: number;
  closeMs: number;
}

export async function pgliteDemoVote(jwtSecret: string): Promise<PgliteDemo> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenum-bench-pglite-'));
  const t0 = performance.now();
  const server = spawnServer(
    API_ENTRY,
    { LOG_LEVEL: 'warn', PLENUM_DEMO: 'true', PLENUM_DATA_DIR: dataDir, PLENUM_JWT_SECRET: jwtSecret },
    await freePort(),
  );
  try {
    await waitHealthy(server, 300_000);
    const startMs = performance.now() - t0;
    const logins = readFileSync(join(dataDir, 'demo-logins.txt'), 'utf8');
    const chairPassword = /^ +chair +(\S+)/m.exec(logins)?.[1] ?? '';
    const member = /^ +(\S+) +(\S+) +.*\(an ordinary member\)$/m.exec(logins);
    const assemblyId = /[?&]a=([0-9a-f-]{36})/.exec(logins)?.[1] ?? '';
    if (!member || !chairPassword || !assemblyId) throw new Error(`demo logins not understood:\n${logins}`);
    const o = server.origin;
    const chair = (
      await call<{ token: string }>(o, 'POST', '/api/auth/staff/login', {
        json: { username: 'chair', password: chairPassword },
      })
    ).body.token;
    const login = await call<{ token: string; user: { memberId: string } }>(
      o,
      'POST',
      '/api/auth/member/login',
      {
        json: { assemblyId, memberNumber: member[1], code: member[2] },
      },
    );
    const token = login.body.token;
    const A = `/api/assemblies/${assemblyId}`;
    const self = await fetch(`${o}${A}/attendance/self`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    await self.text();
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
        body: JSON.stringify({ agendaItemId: item.id }),
      });
      const body = (await res.json()) as { id?: string };
      if (res.status === 201 && body.id) {
        pollId = body.id;
        break;
      }
    }
    if (!pollId) throw new Error('demo: no item takes a vote');
    const opened = await call(o, 'POST', `/api/polls/${pollId}/open`, { token: chair });
    const vote = await call(o, 'POST', `/api/polls/${pollId}/votes`, {
      token,
      json: { votes: [{ memberId: login.body.user.memberId, choice: 'yes' }] },
      expect: 201,
    });
    const closed = await call(o, 'POST', `/api/polls/${pollId}/close`, { token: chair });
    return { startMs, openMs: opened.ms, voteMs: vote.ms, closeMs: closed.ms };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
