import { randomBytes } from 'node:crypto';
import { hashReceipt } from '@plenum/ledger';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { Migrator, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, migrationProvider } from '../src/db/migrate.ts';
import type { Random } from '../src/deps.ts';
import { createAssembly } from '../src/modules/assemblies/assemblies.service.ts';
import {
  ASSEMBLY_CODE_ALPHABET,
  generateAssemblyCode,
  normaliseAssemblyCode,
} from '../src/modules/assemblies/assembly-code.ts';
import { issueAccessCodes, normaliseAccessCode } from '../src/modules/auth/access-codes.service.ts';
import { memberReceiptKey, openKeptReceipt } from '../src/modules/ballots/member-receipts.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { closePoll } from '../src/modules/polls/poll-results.service.ts';
import { grantProxy } from '../src/modules/proxies/proxies.service.ts';
import { buildTestApp, TEST_BALLOT_SECRET } from './support/app.ts';
import { memberToken, staffToken, TEST_ACCESS_CODE } from './support/auth.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { http } from './support/http.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/;
const assemblyInput = {
  title: 'Generalversammlung',
  form: 'hybrid' as const,
  registeredSeat: 'Berlin',
  startsAt: '2026-06-20T10:00:00.000Z',
};

describe('short assembly codes', () => {
  it('the alphabet has no 0, O, 1, I or L, and no character twice', () => {
    for (const c of '0O1IL') expect(ASSEMBLY_CODE_ALPHABET).not.toContain(c);
    expect(new Set(ASSEMBLY_CODE_ALPHABET).size).toBe(ASSEMBLY_CODE_ALPHABET.length);
    expect(ASSEMBLY_CODE_ALPHABET).toHaveLength(31);
  });

  it('property: any random bytes give six characters of the alphabet, read back in any spelling', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 12, maxLength: 12 }), { minLength: 2, maxLength: 8 }),
        (draws) => {
          let call = 0;
          // The last draw is all zero bytes so that generation always ends, whatever came before.
          const random: Random = {
            bytes: (n) => draws[call++] ?? new Uint8Array(n),
          };
          const code = generateAssemblyCode(random);
          expect(code).toMatch(CODE);
          expect(normaliseAssemblyCode(code)).toBe(code);
          const typed = `${code.slice(0, 3).toLowerCase()} -${code.slice(3)}`;
          expect(normaliseAssemblyCode(typed)).toBe(code);
        },
      ),
    );
  });

  it('property: strings with a character outside the alphabet or of another length are no code', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        const normal = normaliseAssemblyCode(s);
        if (normal !== undefined) expect(normal).toMatch(CODE);
      }),
    );
    for (const bad of ['K7M3Q0', 'K7M3QO', 'K7M3Q1', 'K7M3QI', 'K7M3QL', 'K7M3Q', 'K7M3QXX', ''])
      expect(normaliseAssemblyCode(bad)).toBeUndefined();
  });

  it('property: every byte value maps to the alphabet without favouring its first letters', () => {
    // 256 is not a multiple of 31: bytes from 248 up are drawn again, so each letter has 8 bytes.
    const counts = new Map<string, number>();
    for (let b = 0; b < 256; b++) {
      const bytes = [b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
      const draws = [new Uint8Array(bytes)];
      const code = generateAssemblyCode({ bytes: (n) => draws.shift() ?? new Uint8Array(n) });
      if (b < 248) counts.set(code[0] as string, (counts.get(code[0] as string) ?? 0) + 1);
      else expect(code[0]).toBe(ASSEMBLY_CODE_ALPHABET[0]);
    }
    expect([...counts.values()].every((n) => n === 8)).toBe(true);
    expect(counts.size).toBe(31);
  });
});

describe('assembly codes in the database', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: ServiceContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { loginRatePerAddress: 5, cooperativeName: 'Beispiel eG' });
    ctx = serviceContext(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('property: assemblies get unique codes even when the random source repeats itself', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 8 }),
        async (values) => {
          // Draw i yields bytes all equal to values[i], then fresh bytes: codes collide on purpose.
          let call = 0;
          const random: Random = {
            bytes: (n) =>
              call < values.length ? new Uint8Array(n).fill(values[call++] as number) : randomBytes(n),
          };
          const ids: string[] = [];
          for (let i = 0; i < 3; i++)
            ids.push((await createAssembly({ ...ctx, random }, assemblyInput, chair)).id);
          const rows = await database.db.selectFrom('assemblies').select(['id', 'code']).execute();
          expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
          for (const r of rows) expect(r.code).toMatch(CODE);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('the database refuses a second assembly with the same code or a code outside the alphabet', async () => {
    const [first] = await database.db.selectFrom('assemblies').select(['id', 'code']).limit(2).execute();
    const other = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    const set = (code: string) =>
      database.db.updateTable('assemblies').set({ code }).where('id', '=', other).execute();
    await expect(set(first?.code ?? '')).rejects.toMatchObject({ code: '23505' });
    await expect(set('ABC0EF')).rejects.toMatchObject({ code: '23514' });
  });

  it('existing assemblies get a code when the migration runs', async () => {
    const migrations = Object.keys(await migrationProvider.getMigrations()).sort();
    const mine = migrations.indexOf('20261202T1206-assembly-codes');
    const before = migrations[mine - 1] as string;
    const scratch = await createTestDatabase();
    try {
      const migrator = new Migrator({ db: scratch.db, provider: migrationProvider });
      const down = await migrator.migrateTo(before);
      expect(down.error).toBeUndefined();
      for (let i = 0; i < 5; i++) {
        await sql`INSERT INTO assemblies (title, form, registered_seat, starts_at, statute)
          VALUES (${`GV ${i}`}, 'hybrid', 'Berlin', now(), '{}'::jsonb)`.execute(scratch.db);
      }
      await migrateToLatest(scratch.db);
      const rows = await scratch.db.selectFrom('assemblies').select(['code']).execute();
      expect(rows).toHaveLength(5);
      expect(new Set(rows.map((r) => r.code)).size).toBe(5);
      for (const r of rows) expect(r.code).toMatch(CODE);
    } finally {
      await scratch.dispose();
    }
  });

  it('GET /api/assembly-codes/:code names the assembly (public fields only), in any spelling', async () => {
    const id = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    const { code } = await database.db
      .selectFrom('assemblies')
      .select('code')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const call = http(app);
    const typed = `${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`;
    const res = await call('GET', `/api/assembly-codes/${encodeURIComponent(typed)}`, { ip: '10.0.0.1' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id,
      code,
      title: 'Ordentliche Generalversammlung 2026',
      place: 'Berlin',
      startsAt: '2026-06-20T10:00:00.000Z',
      status: 'preparation',
    });
    // The assembly view carries the code too (the projector shows it).
    const view = await call('GET', `/api/assemblies/${id}`, { token: staffToken(app, 'chair') });
    expect(view.body.code).toBe(code);
  });

  it('an unknown or malformed code is 404 assembly.code_unknown, and look-ups are rate-limited per address', async () => {
    const call = http(app);
    for (const typed of ['ZZZZZ2', 'K7M3Q0', 'x']) {
      const res = await call('GET', `/api/assembly-codes/${typed}`, { ip: '10.0.0.2' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('assembly.code_unknown');
    }
    const answers: number[] = [];
    for (let i = 0; i < 4; i++)
      answers.push((await call('GET', '/api/assembly-codes/ZZZZZ2', { ip: '10.0.0.2' })).status);
    expect(answers).toEqual([404, 404, 429, 429]);
    const limited = await call('GET', '/api/assembly-codes/ZZZZZ2', { ip: '10.0.0.2' });
    expect(limited.body.error.code).toBe('auth.rate_limited');
    // Another address is not affected.
    expect((await call('GET', '/api/assembly-codes/ZZZZZ2', { ip: '10.0.0.3' })).status).toBe(404);
  });

  it('GET /api/public/assembly names the cooperative and the current assembly, nothing secret', async () => {
    const call = http(app);
    const res = await call('GET', '/api/public/assembly');
    expect(res.status).toBe(200);
    expect(res.body.cooperative).toBe('Beispiel eG');
    expect(Object.keys(res.body.assembly).sort()).toEqual([
      'code',
      'id',
      'place',
      'startsAt',
      'status',
      'title',
    ]);
    // An open assembly comes before ones in preparation.
    const open = await newAssembly(ctx, {}, 'hybrid', 'open');
    expect((await call('GET', '/api/public/assembly')).body.assembly.id).toBe(open);
  });
});

describe('receipts by code alone and in the member account', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    ctx = serviceContext(database);
    members = await seedMembers(database, 40);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  async function cast(pollId: string, voter: string, votes: { memberId: string; choice: string }[]) {
    const res = await http(app)('POST', `/api/polls/${pollId}/votes`, {
      token: memberToken(app, voter, assemblyId),
      payload: { votes },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.receipts as { memberId: string; receipt: string }[];
  }

  const check = (receipt: string) => http(app)('POST', '/api/receipts/check', { payload: { receipt } });

  for (const secret of [false, true]) {
    it(`R23: a receipt of ${secret ? 'a secret' : 'an open'} poll is found by its code alone once the poll is closed`, async () => {
      const pollId = await openItemPoll(
        ctx,
        assemblyId,
        'motion',
        {},
        secret ? { secretRequest: { supporting: 40, validVotes: 40 } } : {},
      );
      const poll = await database.db
        .selectFrom('polls')
        .select('secret')
        .where('id', '=', pollId)
        .executeTakeFirstOrThrow();
      expect(poll.secret).toBe(secret);
      const [mine] = await cast(pollId, members[0] as string, [
        { memberId: members[0] as string, choice: 'yes' },
      ]);
      await cast(pollId, members[1] as string, [{ memberId: members[1] as string, choice: 'no' }]);
      // While the poll is open its receipts are sealed with the ballots: not found yet.
      expect((await check(mine?.receipt ?? '')).body.status).toBe('not_found');
      await closePoll(ctx, pollId, chair);
      const found = await check((mine?.receipt ?? '').toLowerCase().replaceAll('-', ' '));
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({
        status: 'counted',
        pollId,
        assemblyId,
        itemTitle: 'Item motion',
        round: 1,
      });
      expect(found.body.receiptsRoot).toMatch(/^[0-9a-f]{64}$/);
      // What it answers never says how anyone voted.
      expect(JSON.stringify(found.body)).not.toMatch(/yes|no\b|choice/);
    });
  }

  it('a well-formed receipt nobody holds is not_found; a malformed one is 400 receipt.invalid', async () => {
    const unknown = await check('0000-0000-000');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('receipt.invalid');
    // A valid code (checksum included) that was never issued.
    const { createReceipt } = await import('@plenum/ledger');
    const stranger = await check(createReceipt(new Uint8Array(7).fill(42)));
    expect(stranger.body).toEqual({
      status: 'not_found',
      pollId: null,
      assemblyId: null,
      itemTitle: null,
      round: null,
      receiptsRoot: null,
    });
  });

  it('receipts follow the member to another device, with those cast as proxy holder, and no one else sees them', async () => {
    const [holder, other] = [members[10], members[12]] as [string, string];
    // The principal is not checked in: the holder votes for them.
    const [, principal] = (await seedMembers(database, 2, 'P')) as [string, string];
    await grantProxy(
      ctx,
      assemblyId,
      { principalId: principal, holderMemberId: holder, form: 'text', documentHash: 'b'.repeat(64) },
      chair,
    );
    const pollId = await openItemPoll(ctx, assemblyId);
    const given = await cast(pollId, holder, [
      { memberId: holder, choice: 'yes' },
      { memberId: principal, choice: 'no' },
    ]);
    // A second device: a new login, nothing shared with the first but the account.
    const device2 = memberToken(app, holder, assemblyId);
    const call = http(app);
    const kept = await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, { token: device2 });
    expect(kept.status).toBe(200);
    const ofPoll = kept.body.receipts.filter((r: { pollId: string }) => r.pollId === pollId);
    expect(ofPoll.map((r: { memberId: string; receipt: string }) => [r.memberId, r.receipt]).sort()).toEqual(
      given.map((g) => [g.memberId, g.receipt]).sort(),
    );
    expect(ofPoll.find((r: { memberId: string }) => r.memberId === principal).name).toBe('Erika Muster2');
    // Another member sees only their own; a staff token or another assembly's login is refused.
    const others = await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, {
      token: memberToken(app, other, assemblyId),
    });
    expect(others.body.receipts).toEqual([]);
    expect(
      (await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, { token: staffToken(app, 'chair') }))
        .status,
    ).toBe(403);
    const elsewhere = await newAssembly(ctx);
    const foreign = await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, {
      token: memberToken(app, holder, elsewhere),
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('assembly.access_denied');
    expect((await call('GET', `/api/assemblies/${assemblyId}/my-receipts`)).status).toBe(401);
  });

  it('R23: a login with the access code opens the kept receipts on any device; a new code does not open the old ones', async () => {
    const [member] = [members[15]] as [string];
    const [issued] = await issueAccessCodes(ctx, assemblyId, { memberIds: [member] });
    const login = async (code: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/member/login',
        payload: { assemblyId, memberNumber: issued?.memberNumber, code },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().token as string;
    };
    const call = http(app);
    const pollId = await openItemPoll(ctx, assemblyId);
    const phone = await login(issued?.code ?? '');
    const cast = await call('POST', `/api/polls/${pollId}/votes`, {
      token: phone,
      payload: { votes: [{ memberId: member, choice: 'yes' }] },
    });
    expect(cast.status).toBe(201);
    // The laptop: the same code typed differently (lower case, no dashes) is the same key.
    const laptop = await login((issued?.code ?? '').toLowerCase().replaceAll('-', ''));
    const kept = await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, { token: laptop });
    expect(kept.body.receipts.map((r: { receipt: string }) => r.receipt)).toEqual([
      cast.body.receipts[0].receipt,
    ]);
    // A new letter (new code): the kept receipt stays sealed under the old code's key.
    const [renewed] = await issueAccessCodes(ctx, assemblyId, { memberIds: [member], regenerate: true });
    app.sessions.forget(); // as the route that regenerates codes does
    const fresh = await login(renewed?.code ?? '');
    const after = await call('GET', `/api/assemblies/${assemblyId}/my-receipts`, { token: fresh });
    expect(after.status).toBe(200);
    expect(after.body.receipts).toEqual([]);
    await closePoll(ctx, pollId, chair);
  });

  it.skipIf(testDbMode() !== 'postgres')(
    "R23: a read-only database role cannot pair a member with a receipt of a secret poll from the members' kept receipts",
    async () => {
      const voters = members.slice(20, 40);
      const pollId = await openItemPoll(
        ctx,
        assemblyId,
        'motion',
        {},
        { secretRequest: { supporting: 40, validVotes: 40 } },
      );
      const issued: { memberId: string; receipt: string }[] = [];
      for (const [i, voter] of voters.entries()) {
        for (const r of await cast(pollId, voter, [{ memberId: voter, choice: i % 2 === 0 ? 'yes' : 'no' }]))
          issued.push(r);
      }
      await closePoll(ctx, pollId, chair);

      // The reader: SELECT on every table, nothing else (a reporting tool, a replica, a backup).
      const role = `plenum_reader_${randomBytes(4).toString('hex')}`;
      await sql.raw(`CREATE ROLE ${role} LOGIN`).execute(database.db);
      await sql.raw(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`).execute(database.db);
      const url = new URL(database.url as string);
      url.username = role;
      const reader = new pg.Client({ connectionString: url.toString() });
      await reader.connect();
      try {
        const kept = (
          await reader.query<{ x: string; member_id: string; cast_by: string | null; kept: Buffer }>(
            'SELECT xmin::text AS x, member_id, cast_by, kept FROM participation WHERE poll_id = $1',
            [pollId],
          )
        ).rows;
        const counted = (
          await reader.query<{ x: string; receipt_hash: string }>(
            'SELECT xmin::text AS x, receipt_hash FROM receipts WHERE poll_id = $1',
            [pollId],
          )
        ).rows;
        expect(kept).toHaveLength(voters.length);
        expect(counted).toHaveLength(voters.length);
        const everything = (
          await reader.query<{ t: string }>(
            `SELECT string_agg(row_to_json(t)::text, ' ') AS t FROM participation t`,
          )
        ).rows[0]?.t;

        /** Every way the reader has to pair a member with a counted receipt hash. */
        const attack = (secret: Uint8Array | null, accessCode = '') => {
          const pairs = new Map<string, string>();
          const hashes = new Set(counted.map((c) => c.receipt_hash));
          for (const row of kept) {
            const text = row.kept.toString('latin1') + row.kept.toString('hex');
            // 1. a code or hash in the clear;
            for (const h of hashes) if (text.includes(h)) pairs.set(row.member_id, h);
            // 2. the same transaction (xmin) as a counted receipt;
            for (const c of counted) if (c.x === row.x) pairs.set(row.member_id, c.receipt_hash);
            // 3. opening the row, if the key could be had.
            if (secret) {
              const caster = row.cast_by ?? row.member_id;
              const vote = { pollId, memberId: row.member_id, casterId: caster };
              const key = memberReceiptKey(secret, assemblyId, caster, normaliseAccessCode(accessCode));
              const opened = openKeptReceipt(key, vote, row.kept);
              if (opened) pairs.set(row.member_id, hashReceipt(pollId, opened));
            }
          }
          return pairs;
        };
        const truth = new Map(issued.map((r) => [r.memberId, hashReceipt(pollId, r.receipt)]));
        const correct = (pairs: Map<string, string>) =>
          [...pairs].filter(([member, hash]) => truth.get(member) === hash).length;

        // No receipt code appears anywhere in the kept receipts, in any spelling.
        for (const r of issued) {
          expect(everything).not.toContain(r.receipt);
          expect(everything).not.toContain(r.receipt.replaceAll('-', ''));
        }
        // Without the ballot secret (never in the database) the reader pairs no one …
        expect(correct(attack(null))).toBe(0);
        // … a guess at the secret does not open a row …
        const secret = new Uint8Array(Buffer.from(TEST_BALLOT_SECRET, 'base64'));
        expect(correct(attack(new Uint8Array(32), TEST_ACCESS_CODE))).toBe(0);
        // … nor does the real secret (an operator with the server's files and a backup): the key
        // also needs each member's access code, which is stored only as a hash …
        expect(correct(attack(secret))).toBe(0);
        expect(correct(attack(secret, 'AAAA-BBBB-CCCC'))).toBe(0);
        // … and the attack is real: with the secret and the codes it pairs every member.
        expect(correct(attack(secret, TEST_ACCESS_CODE))).toBe(voters.length);
        // The rows say nothing by their size either: one vote, one length.
        expect(new Set(kept.map((r) => r.kept.length)).size).toBe(1);
      } finally {
        await reader.end();
        await sql.raw(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`).execute(database.db);
        await sql.raw(`DROP ROLE ${role}`).execute(database.db);
      }
    },
  );
});
