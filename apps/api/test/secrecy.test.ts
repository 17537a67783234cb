import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashReceipt } from '@plenum/ledger';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemRandom } from '../src/deps.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { testConfig } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { testClock } from './support/clock.ts';
import { checkInAll, newAssembly, openItemPoll, seedMembers, serviceContext } from './support/fixtures.ts';
import { freePort, health, startServer } from './support/server-process.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

/*
 * Secret ballots against everyone who can realistically look: a database role with SELECT polling
 * while members vote, a superuser reading raw pages (dead rows included), the logs at trace level,
 * the chair's who-has-not-voted list together with the auditor's export, and a crash mid-poll.
 * The choices are laid out so that any link would show: the first half of the voters say yes, the
 * second half no.
 */
const postgres = testDbMode() === 'postgres';
const N = 200;
const choiceOf = (i: number) => (i < N / 2 ? 'yes' : 'no');

interface Seen {
  table: string;
  xmin: string;
  ctid: string;
  row: Record<string, unknown>;
  firstSeen: number;
}

describe.skipIf(!postgres)('secret ballots', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  const logLines: string[] = [];
  const issued: { pollId: string; memberId: string; receipt: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildApp({
      config: testConfig({ logLevel: 'trace', signingKeySeed: Buffer.alloc(32, 9).toString('base64') }),
      db: database,
      clock: testClock(),
      random: systemRandom,
      logger: pino({ level: 'trace' }, { write: (line: string) => logLines.push(line) }),
    });
    ctx = serviceContext(database);
    members = await seedMembers(database, N);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const secretPoll = () =>
    openItemPoll(ctx, assemblyId, 'motion', {}, { secretRequest: { supporting: N / 4, validVotes: N } });

  async function cast(pollId: string, i: number): Promise<void> {
    const memberId = members[i] as string;
    const res = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/votes`,
      headers: bearer(memberToken(app, memberId, assemblyId)),
      payload: { votes: [{ memberId, choice: choiceOf(i) }] },
    });
    expect(res.statusCode, res.body).toBe(201);
    for (const r of res.json().receipts as { memberId: string; receipt: string }[])
      issued.push({ pollId, memberId: r.memberId, receipt: r.receipt });
  }

  async function close(pollId: string): Promise<void> {
    const res = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/close`,
      headers: bearer(staffToken(app, 'chair')),
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  it('secrecy: a read-only database role polling during casting links no member to a choice', async () => {
    const role = `plenum_reader_${randomBytes(4).toString('hex')}`;
    await sql.raw(`CREATE ROLE ${role} LOGIN`).execute(database.db);
    await sql.raw(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`).execute(database.db);
    const url = new URL(database.url as string);
    url.username = role;
    const reader = new pg.Client({ connectionString: url.toString() });
    await reader.connect();
    try {
      const tables = (
        await reader.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`)
      ).rows.map((r) => r.t);
      const seen = new Map<string, Seen>();
      let round = 0;
      const look = async () => {
        round += 1;
        for (const table of tables) {
          const { rows } = await reader.query<{ x: string; c: string; j: Record<string, unknown> }>(
            `SELECT xmin::text AS x, ctid::text AS c, row_to_json(t) AS j FROM "${table}" t`,
          );
          for (const r of rows) {
            const key = `${table}|${r.c}|${r.x}`;
            if (!seen.has(key)) seen.set(key, { table, xmin: r.x, ctid: r.c, row: r.j, firstSeen: round });
          }
        }
      };
      const pollId = await secretPoll();
      let casting = true;
      const watcher = (async () => {
        while (casting) {
          await look();
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      await Promise.all(members.map((_, i) => cast(pollId, i)));
      casting = false;
      await watcher;
      await look();
      expect(round).toBeGreaterThan(2);

      // While the poll is open: the rows written with a member's participation are that row (with
      // the member's receipt sealed under their own key) and one ciphertext of the same length as
      // every other; no ballot and no receipt exists yet.
      const rows = [...seen.values()];
      const participation = rows.filter((r) => r.table === 'participation' && r.row.poll_id === pollId);
      expect(participation).toHaveLength(N);
      const castXmins = new Set(participation.map((r) => r.xmin));
      const companions = rows.filter((r) => castXmins.has(r.xmin) && r.table !== 'participation');
      expect(new Set(companions.map((r) => r.table))).toEqual(new Set(['sealed_ballots']));
      expect(new Set(companions.map((r) => String(r.row.sealed).length)).size).toBe(1);
      expect(new Set(participation.map((r) => String(r.row.kept).length)).size).toBe(1);
      // No receipt code is readable anywhere.
      const codes = issued.filter((r) => r.pollId === pollId).map((r) => r.receipt);
      for (const r of rows) {
        const text = JSON.stringify(r.row);
        expect(codes.some((c) => text.includes(c) || text.includes(c.replaceAll('-', '')))).toBe(false);
      }
      const forPoll = (table: string) => rows.filter((r) => r.table === table && r.row.poll_id === pollId);
      expect(forPoll('ballots')).toEqual([]);
      expect(forPoll('receipts')).toEqual([]);

      // After the close: every ballot and receipt was written by the one close transaction, in an
      // order that has nothing to do with who voted when.
      await close(pollId);
      await look();
      const after = [...seen.values()];
      const ballots = after
        .filter((r) => r.table === 'ballots' && r.row.poll_id === pollId)
        .sort((a, b) => physical(a.ctid) - physical(b.ctid));
      const receipts = after.filter((r) => r.table === 'receipts' && r.row.poll_id === pollId);
      expect(ballots).toHaveLength(N);
      expect(new Set([...ballots, ...receipts].map((r) => r.xmin)).size).toBe(1);
      expect(castXmins.has(ballots[0]?.xmin as string)).toBe(false);
      // The attacker's best alignment: the k-th member seen voting owns the k-th ballot on disk.
      const byArrival = [...participation].sort(
        (a, b) => a.firstSeen - b.firstSeen || physical(a.ctid) - physical(b.ctid),
      );
      let right = 0;
      byArrival.forEach((p, k) => {
        const truth = choiceOf(members.indexOf(String(p.row.member_id)));
        if (ballots[k]?.row.choice === truth) right += 1;
      });
      // A random order is right about half the time; 70 % has a chance below 1e-8 with 200 ballots.
      expect(right / N).toBeLessThan(0.7);
    } finally {
      await reader.end();
      await sql.raw(`DROP OWNED BY ${role}`).execute(database.db);
      await sql.raw(`DROP ROLE ${role}`).execute(database.db);
    }
  });

  it('secrecy: dead rows and logs at trace level hold no secret choice before or after close', async () => {
    await sql`CREATE EXTENSION IF NOT EXISTS pageinspect`.execute(database.db);
    const pollId = await secretPoll();
    await Promise.all(members.slice(0, 60).map((_, i) => cast(pollId, i)));
    const castXmins = new Set(
      (
        await sql<{ x: string }>`SELECT xmin::text AS x FROM participation WHERE poll_id = ${pollId}`.execute(
          database.db,
        )
      ).rows.map((r) => r.x),
    );
    expect(castXmins.size).toBe(60);
    const receiptHashes = issued
      .filter((r) => r.pollId === pollId)
      .map((r) => hashReceipt(pollId, r.receipt));
    const check = async (phase: string) => {
      const tuples = await rawTuples(database);
      // Everything a cast transaction wrote, live or dead: its participation row (with the
      // member's receipt sealed under their own key) and a ciphertext.
      const written = tuples.filter((t) => castXmins.has(t.xmin));
      expect(new Set(written.map((t) => t.table)), phase).toEqual(
        new Set(['participation', 'sealed_ballots']),
      );
      const codes = issued.filter((r) => r.pollId === pollId).map((r) => r.receipt);
      for (const t of tuples) {
        // No tuple of any table, dead or alive, holds a choice with its ballot key or a receipt hash
        // — except the receipts the close wrote, all in one transaction.
        expect(t.data.includes('"v":"'), `${phase}: ${t.table}`).toBe(false);
        expect(
          codes.some((c) => t.data.includes(c) || t.data.includes(c.replaceAll('-', ''))),
          `${phase}: ${t.table}`,
        ).toBe(false);
        if (t.table !== 'receipts')
          expect(
            receiptHashes.some((h) => t.data.includes(h)),
            `${phase}: ${t.table}`,
          ).toBe(false);
      }
      return tuples;
    };
    await check('before close');
    await close(pollId);
    const after = await check('after close');
    const closeXmins = new Set(
      (
        await sql<{ x: string }>`SELECT xmin::text AS x FROM ballots WHERE poll_id = ${pollId}`.execute(
          database.db,
        )
      ).rows.map((r) => r.x),
    );
    expect(closeXmins.size).toBe(1);
    const withReceipts = after.filter((t) => receiptHashes.some((h) => t.data.includes(h)));
    expect(new Set(withReceipts.map((t) => t.xmin))).toEqual(closeXmins);
    // The sealed rows are gone (dead, deleted by the close) and held only ciphertext.
    expect(after.some((t) => t.table === 'sealed_ballots' && t.live)).toBe(false);

    // Logs at trace level: no choice, no receipt, no ciphertext in any line.
    expect(logLines.length).toBeGreaterThan(100);
    const receipts = issued.map((r) => r.receipt);
    for (const line of logLines) {
      expect(line).not.toMatch(/"choice"|"votes"|sealed/);
      expect(receipts.some((r) => line.includes(r))).toBe(false);
    }
  });

  it("secrecy: the chair's missing list and the export together reveal no choice of any member", async () => {
    const pollId = await secretPoll();
    const chairHeaders = bearer(staffToken(app, 'chair'));
    const missing = async () =>
      new Set(
        (
          (await app.inject({ url: `/api/polls/${pollId}/missing`, headers: chairHeaders })).json() as {
            members: { memberId: string }[];
          }
        ).members.map((m) => m.memberId),
      );
    // 30 voters one after the other: all yes, the last one no. The chair knows the order exactly.
    const voters = members.slice(0, 30);
    const order: string[] = [];
    let before = await missing();
    for (const [k, memberId] of voters.entries()) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: bearer(memberToken(app, memberId, assemblyId)),
        payload: { votes: [{ memberId, choice: k === voters.length - 1 ? 'no' : 'yes' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      const now = await missing();
      const gone = [...before].filter((m) => !now.has(m));
      expect(gone).toEqual([memberId]);
      order.push(...gone);
      before = now;
    }
    await close(pollId);
    const exported = await app.inject({
      url: `/api/assemblies/${assemblyId}/export/bundle.json`,
      headers: bearer(staffToken(app, 'auditor')),
    });
    expect(exported.statusCode, exported.body).toBe(200);
    const text = exported.body;
    const bundle = exported.json() as {
      polls: { id: string; ballots: { ballotId: string; choice: { v: string } }[] }[];
      ledger: { entries: { type: string; payload: Record<string, unknown> }[] };
    };
    const poll = bundle.polls.find((p) => p.id === pollId);
    expect(poll?.ballots).toHaveLength(30);
    // Each ballot is named exactly once in the whole export: in the poll's full list, which is in
    // ballot-id order (random). No ledger entry names a ballot or a smaller group of them.
    for (const b of poll?.ballots ?? []) expect(text.split(b.ballotId).length - 1).toBe(1);
    const ids = (poll?.ballots ?? []).map((b) => b.ballotId);
    expect(ids).toEqual([...ids].sort());
    const entries = bundle.ledger.entries.filter((e) => e.payload.pollId === pollId);
    expect(entries.map((e) => e.type)).toEqual(['poll.created', 'poll.opened', 'poll.closed']);
    // The last voter's choice is knowable only from the whole tally (29 yes, 1 no), as for anyone.
    expect(order.at(-1)).toBe(voters.at(-1));
    expect(poll?.ballots.filter((b) => b.choice.v === 'no')).toHaveLength(1);
  });
});

describe.skipIf(!postgres)('secret ballots across a crash', () => {
  let database: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'plenum-secrecy-'));
  });
  afterAll(async () => {
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('secrecy: a server restarted while a secret poll is open closes it with every ballot counted', async () => {
    const ctx = serviceContext(database);
    const members = await seedMembers(database, 40);
    const assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
    const pollId = await openItemPoll(
      ctx,
      assemblyId,
      'motion',
      {},
      { secretRequest: { supporting: 10, validVotes: 40 } },
    );
    const jwtSecret = randomBytes(32).toString('hex');
    const signer = await buildApp({
      config: testConfig({ jwtSecret }),
      db: database,
      clock: testClock(),
      random: systemRandom,
      logger: pino({ level: 'silent' }),
    });
    const env = {
      DATABASE_URL: database.url as string,
      PLENUM_DATA_DIR: dataDir,
      PLENUM_JWT_SECRET: jwtSecret,
      PLENUM_DEMO: 'false',
    };
    const receipts: string[] = [];
    const castThrough = async (port: number, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const memberId = members[i] as string;
        const res = await fetch(`http://127.0.0.1:${port}/api/polls/${pollId}/votes`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...bearer(memberToken(signer, memberId, assemblyId)),
          },
          body: JSON.stringify({ votes: [{ memberId, choice: i % 2 ? 'yes' : 'no' }] }),
        });
        expect(res.status).toBe(201);
        receipts.push(
          ((await res.json()) as { receipts: { receipt: string }[] }).receipts[0]?.receipt as string,
        );
      }
    };
    const first = startServer(env, await freePort());
    await health(first.port);
    await castThrough(first.port, 0, 25);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = startServer(env, await freePort());
    try {
      await health(second.port);
      await castThrough(second.port, 25, 40);
      const closed = await fetch(`http://127.0.0.1:${second.port}/api/polls/${pollId}/close`, {
        method: 'POST',
        headers: bearer(staffToken(signer, 'chair')),
      });
      expect(closed.status, await closed.clone().text()).toBe(200);
      const view = (await closed.json()) as {
        ballotCount: number;
        tally: { counts: Record<string, number> };
      };
      expect(view.ballotCount).toBe(40);
      expect(view.tally.counts).toMatchObject({ yes: 20, no: 20 });
      for (const receipt of receipts) {
        const res = await fetch(`http://127.0.0.1:${second.port}/api/polls/${pollId}/receipts/check`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ receipt }),
        });
        expect(((await res.json()) as { status: string }).status).toBe('counted');
      }
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
      await signer.close();
    }
  });
});

/** A ctid "(page,offset)" as one sortable number. */
function physical(ctid: string): number {
  const [page, offset] = ctid.replace(/[()]/g, '').split(',').map(Number);
  return (page ?? 0) * 10_000 + (offset ?? 0);
}

interface RawTuple {
  table: string;
  xmin: string;
  live: boolean;
  /** The tuple's bytes read as latin-1, so any ASCII text inside shows as itself. */
  data: string;
}

/** Every heap tuple of every table, live or dead, straight from the pages (superuser). */
async function rawTuples(database: TestDatabase): Promise<RawTuple[]> {
  const tables = (
    await sql<{ t: string }>`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'`.execute(
      database.db,
    )
  ).rows.map((r) => r.t);
  const out: RawTuple[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ x: string; xmax: string; d: string | null }>`
      SELECT h.t_xmin::text AS x, h.t_xmax::text AS xmax, encode(h.t_data, 'hex') AS d
      FROM generate_series(0, (pg_relation_size(${table}::regclass) / current_setting('block_size')::int) - 1) AS b,
        LATERAL heap_page_items(get_raw_page(${table}, b::int)) AS h
      WHERE h.t_data IS NOT NULL`.execute(database.db);
    const live = new Set(
      (
        await sql<{ x: string }>`SELECT xmin::text AS x FROM ${sql.table(table)}`.execute(database.db)
      ).rows.map((r) => r.x),
    );
    for (const r of rows) {
      const data = Buffer.from(r.d ?? '', 'hex').toString('latin1');
      out.push({ table, xmin: r.x, live: live.has(r.x) && r.xmax === '0', data });
    }
  }
  return out;
}
