import {
  ballotsRoot,
  createReceipt,
  checkReceipt as ledgerCheck,
  RECEIPT_RANDOM_BYTES,
  verifyChain,
} from '@plenum/ledger';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerBallot } from '../src/modules/ballots/ballot-leaf.ts';
import { castBallots, checkReceipt } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { readLedger } from '../src/modules/ledger/ledger.queries.ts';
import { closePoll } from '../src/modules/polls/polls.service.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  seedMembers,
  serviceContext,
  settle,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

/** Every append-only table, with a column to try to update. */
const APPEND_ONLY: Record<string, string> = {
  ballots: 'poll_id',
  receipts: 'poll_id',
  participation: 'poll_id',
  attendance: 'assembly_id',
  proxies: 'assembly_id',
  declarations: 'poll_id',
  objections: 'assembly_id',
  ledger: 'type',
  poll_roll: 'poll_id',
  poll_excluded_persons: 'poll_id',
};

describe.each(['postgres', 'pglite'] as const)('ballot store integrity on %s', (driver) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  let secretPoll: string;
  let receipts: string[];
  beforeAll(async () => {
    database = await createTestDatabase({ driver: driver === 'postgres' ? testDbMode() : 'pglite' });
    ctx = serviceContext(database);
    members = await seedMembers(database, 60);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
    // A secret poll: the supervisory-board election kind is secret by default (R24); here a motion
    // made secret on request by a quarter of the valid votes.
    secretPoll = await openItemPoll(
      ctx,
      assemblyId,
      'motion',
      {},
      { secretRequest: { supporting: 15, validVotes: 60 } },
    );
    const outcomes = await settle(
      members.map((m, i) =>
        castBallots(ctx, {
          pollId: secretPoll,
          voterId: m,
          votes: [{ memberId: m, choice: i % 4 === 0 ? 'no' : 'yes' }],
        }),
      ),
    );
    receipts = outcomes.flatMap((o) => (o.ok ? o.value.map((r) => r.receipt) : []));
    await closePoll(ctx, secretPoll, chair);
  });
  afterAll(async () => database?.dispose());

  it('ballot store: update, delete and truncate are rejected on every append-only table', async () => {
    for (const [table, column] of Object.entries(APPEND_ONLY)) {
      for (const statement of [
        `UPDATE ${table} SET ${column} = ${column}`,
        `DELETE FROM ${table}`,
        `TRUNCATE ${table} CASCADE`,
      ]) {
        // Every table holds at least one row here except declarations/objections; the statement
        // trigger rejects TRUNCATE regardless, and the row triggers fire on any row present.
        const count = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(
          ctx.db,
        );
        if (statement.startsWith('TRUNCATE') || (count.rows[0]?.n ?? 0) > 0) {
          await expect(sql.raw(statement).execute(ctx.db), `${statement}`).rejects.toThrow(/append-only/);
        }
      }
    }
  });

  it('R23: ballot store: no path links a secret ballot to its voter', async () => {
    // Schema: ballots and receipts have no time, sequence, member or participation reference.
    const columns = await sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      column_default: string | null;
    }>`
      SELECT table_name, column_name, data_type, column_default FROM information_schema.columns
      WHERE table_name IN ('ballots', 'receipts', 'participation') ORDER BY table_name, ordinal_position`.execute(
      ctx.db,
    );
    const of = (t: string) => columns.rows.filter((c) => c.table_name === t);
    expect(of('ballots').map((c) => c.column_name)).toEqual([
      'id',
      'poll_id',
      'secret',
      'member_id',
      'weight',
      'choice',
    ]);
    expect(of('receipts').map((c) => c.column_name)).toEqual(['poll_id', 'receipt_hash']);
    // request_tag: a keyed hash of a cast's request id (idempotent retries); kept: the caster's
    // receipt sealed under a key that needs their access code. Neither names a choice or a time.
    expect(of('participation').map((c) => c.column_name)).toEqual([
      'poll_id',
      'member_id',
      'channel',
      'cast_by',
      'request_tag',
      'kept',
    ]);
    for (const c of [...of('ballots'), ...of('receipts'), ...of('participation')]) {
      expect(c.data_type).not.toMatch(/timestamp|date|time/);
      expect(c.column_default ?? '').not.toMatch(/nextval|now\(\)|clock/);
    }
    const fks = await sql<{ table_name: string; foreign_table: string }>`
      SELECT tc.table_name, ccu.table_name AS foreign_table FROM information_schema.table_constraints tc
      JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name
      WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_name IN ('ballots', 'receipts')`.execute(ctx.db);
    expect(fks.rows.every((f) => f.foreign_table !== 'participation' && f.foreign_table !== 'receipts')).toBe(
      true,
    );
    // Rows: a secret ballot carries no member; no ballot shares a transaction with a participation
    // row (the cast's transaction id would pair them); receipts are apart from ballots.
    const ballots = await ctx.db
      .selectFrom('ballots')
      .selectAll()
      .where('poll_id', '=', secretPoll)
      .execute();
    expect(ballots).toHaveLength(60);
    expect(ballots.every((b) => b.secret && b.member_id === null)).toBe(true);
    const shared = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ballots b JOIN participation p ON p.xmin = b.xmin
      WHERE b.poll_id = ${secretPoll}`.execute(ctx.db);
    expect(shared.rows[0]?.n).toBe(0);
    const sealed = await ctx.db.selectFrom('sealed_ballots').select('poll_id').execute();
    expect(sealed).toEqual([]);
    // The whole poll was written at once, in ballot-id order (random), not in cast order.
    const physical = await sql<{ id: string; x: string }>`
      SELECT id, xmin::text AS x FROM ballots WHERE poll_id = ${secretPoll} ORDER BY ctid`.execute(ctx.db);
    expect(new Set(physical.rows.map((r) => r.x)).size).toBe(1);
    expect(physical.rows.map((r) => r.id)).toEqual(physical.rows.map((r) => r.id).sort());
  });

  it('ledger: the chain verifies after concurrent casting and the close commits to every ballot at once', async () => {
    const entries = await readLedger(ctx.db);
    expect(verifyChain(entries)).toEqual([]);
    const ballots = await ctx.db
      .selectFrom('ballots')
      .selectAll()
      .where('poll_id', '=', secretPoll)
      .execute();
    // No entry names a smaller group of this poll's ballots than the whole poll.
    expect(entries.filter((e) => e.type === 'ballots.chained')).toEqual([]);
    const closed = entries.find((e) => e.type === 'poll.closed' && e.payload.pollId === secretPoll);
    expect(closed?.payload).toMatchObject({ ballots: 60, receipts: 60, participation: 60 });
    expect(closed?.payload.ballotsRoot).toBe(
      ballotsRoot(ballots.map((b) => ledgerBallot(secretPoll)({ ...b, memberId: b.member_id }))),
    );
    // 45 yes, 15 no.
    expect(closed?.payload.tally).toMatchObject({ counts: { yes: 45, no: 15 }, passed: true });
  });

  it('receipts: a receipt proves inclusion and nothing about the choice', async () => {
    expect(receipts).toHaveLength(60);
    for (const code of receipts.slice(0, 10)) {
      expect(await checkReceipt(ctx, secretPoll, code)).toMatchObject({ status: 'counted' });
    }
    // A well-formed code nobody was given is not counted; a malformed one is refused.
    const neverIssued = createReceipt(new Uint8Array(RECEIPT_RANDOM_BYTES).fill(7));
    expect(await checkReceipt(ctx, secretPoll, neverIssued)).toMatchObject({ status: 'not_found' });
    await expect(checkReceipt(ctx, secretPoll, 'ZZZZ-ZZZZ-ZZZ')).rejects.toMatchObject({
      code: 'receipt.invalid',
    });
    // The code depends only on the random bytes drawn, never on the choice: the same draw for a
    // yes and for a no gives the same code.
    const codeFor = async (choice: string) => {
      const pollId = await openItemPoll(ctx, assemblyId);
      // The receipt is the first draw of the cast; later draws (the ballot id) stay random.
      let first = true;
      const bytes = (n: number) => {
        if (!first) return ctx.random.bytes(n);
        first = false;
        return new Uint8Array(n).fill(42);
      };
      const seeded = { ...ctx, random: { bytes } };
      const voter = members[0] as string;
      const [cast] = await castBallots(seeded, {
        pollId,
        voterId: voter,
        votes: [{ memberId: voter, choice }],
      });
      await closePoll(seeded, pollId, chair).catch(() => {});
      return cast?.receipt;
    };
    expect(await codeFor('yes')).toBe(await codeFor('no'));
    // The stored receipt hashes are a table of their own, with nothing that pairs one with a ballot.
    const hashes = await ctx.db
      .selectFrom('receipts')
      .select('receipt_hash')
      .where('poll_id', '=', secretPoll)
      .execute();
    const poll = await ctx.db
      .selectFrom('polls')
      .selectAll()
      .where('id', '=', secretPoll)
      .executeTakeFirstOrThrow();
    const recorded = {
      pollId: secretPoll,
      ballots: 60,
      ballotsRoot: poll.ballots_root ?? '',
      receipts: 60,
      receiptsRoot: poll.receipts_root ?? '',
    };
    const hashList = hashes.map((h) => h.receipt_hash);
    expect(ledgerCheck(secretPoll, receipts[5] ?? '', hashList, recorded)).toBe('counted');
    // Before close, a receipt cannot be checked (no interim information, R23).
    const open = await openItemPoll(ctx, assemblyId);
    await expect(checkReceipt(ctx, open, receipts[0] ?? '')).rejects.toMatchObject({
      code: 'receipt.poll_not_closed',
    });
  });
});

describe('ledger tampering in the database', () => {
  it('ledger: modifying, deleting, inserting or reordering any entry breaks verification', async () => {
    const database = await createTestDatabase();
    try {
      const ctx = serviceContext(database);
      const members = await seedMembers(database, 20);
      const assemblyId = await newAssembly(ctx);
      await checkInAll(database, assemblyId, members);
      const pollId = await openItemPoll(ctx, assemblyId);
      for (const m of members)
        await castBallots(ctx, { pollId, voterId: m, votes: [{ memberId: m, choice: 'yes' }] });
      await closePoll(ctx, pollId, chair);
      expect(verifyChain(await readLedger(ctx.db))).toEqual([]);
      const tamper = async (statement: string) => {
        await ctx.db
          .transaction()
          .execute(async (trx) => {
            // As a superuser with the append-only triggers switched off, then rolled back.
            await sql`SET LOCAL session_replication_role = replica`.execute(trx);
            await sql.raw(statement).execute(trx);
            const violations = verifyChain(await readLedger(trx));
            expect(violations.length, statement).toBeGreaterThan(0);
            throw new RollbackSignal();
          })
          .catch((e: unknown) => {
            if (!(e instanceof RollbackSignal)) throw e;
          });
      };
      await tamper(`UPDATE ledger SET payload = jsonb_set(payload, '{by}', '"staff:mallory"') WHERE seq = 2`);
      await tamper(`DELETE FROM ledger WHERE seq = 3`);
      await tamper(
        `INSERT INTO ledger SELECT seq + 1000, at, type, assembly_id, payload, prev_hash, hash || 'x' FROM ledger WHERE seq = 4`,
      );
      await tamper(
        `UPDATE ledger SET seq = 100000 WHERE seq = 4; UPDATE ledger SET seq = 4 WHERE seq = 5; UPDATE ledger SET seq = 5 WHERE seq = 100000`,
      );
      expect(verifyChain(await readLedger(ctx.db))).toEqual([]);
    } finally {
      await database.dispose();
    }
  });
});

class RollbackSignal extends Error {}
