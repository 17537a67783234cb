import { publicKeyToBase64, signingKeyFromSeed } from '@plenum/ledger';
import { verifyBundle } from '@plenum/ledger/verify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemRandom } from '../src/deps.ts';
import { presenceFromLog, presenceRows } from '../src/modules/attendance/attendance.queries.ts';
import { checkIn, checkInMany, checkOut } from '../src/modules/attendance/attendance.service.ts';
import { chainWaitingAttendance } from '../src/modules/attendance/attendance-chainer.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { buildBundle } from '../src/modules/exports/bundle.service.ts';
import { appendLedger, readLedger } from '../src/modules/ledger/ledger.queries.ts';
import { testConfig } from './support/app.ts';
import { testClock } from './support/clock.ts';
import { chair, newAssembly, pick, seedMembers, serviceContext, settle } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const key = signingKeyFromSeed(Buffer.alloc(32, 9));

/** The attendance events in the ledger, from single entries (earlier versions) and batches. */
async function chainedEvents(database: TestDatabase, assemblyId: string) {
  const entries = (await readLedger(database.db)).filter((e) => e.assemblyId === assemblyId);
  return entries.flatMap((e) =>
    e.type === 'attendance.chained'
      ? (e.payload.events as { memberId: string; event: string }[]).map((x) => `${x.memberId}:${x.event}`)
      : [],
  );
}

describe('attendance in batches and the presence rows', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  const clock = testClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = serviceContext(database, clock);
    members = await seedMembers(database, 40);
    assemblyId = await newAssembly(ctx, {}, 'hybrid');
  });
  afterAll(async () => database?.dispose());

  it('R27, R30: a check-in is acknowledged before the ledger; the next batch chains every check-in, check-out and refusal, and the bundle verifies', async () => {
    const [a, b, c] = pick(members, 0, 1, 2);
    const before = (await readLedger(database.db)).length;
    await checkIn(ctx, assemblyId, a, 'room', chair);
    await checkIn(ctx, assemblyId, b, 'online', chair);
    await checkOut(ctx, assemblyId, a, chair);
    await database.db
      .updateTable('members')
      .set({ expulsion_letter_sent_at: '2026-06-01T09:00:00Z' })
      .where('id', '=', c)
      .execute();
    await expect(checkIn(ctx, assemblyId, c, 'room', chair)).rejects.toMatchObject({
      code: 'attendance.not_admitted',
    });
    // No entry yet: the check-ins did not wait for the ledger head.
    expect((await readLedger(database.db)).length).toBe(before);
    expect(await chainWaitingAttendance(database.db)).toBe(1);
    expect(await chainedEvents(database, assemblyId)).toEqual([
      `${a}:check_in`,
      `${b}:check_in`,
      `${a}:check_out`,
      `${c}:refused`,
    ]);
    // Nothing waits any more: a second run writes nothing.
    expect(await chainWaitingAttendance(database.db)).toBe(0);
    const bundle = await buildBundle(database.db, assemblyId, key, clock.now());
    expect(bundle.attendance).toHaveLength(4);
    expect(verifyBundle(bundle, { publicKey: publicKeyToBase64(key.publicKey) }).violations).toEqual([]);
  });

  it('R27: an acknowledged check-in survives a process that dies before its batch: the next start chains it, and so does any other ledger append before its own entry', async () => {
    const [d, e] = pick(members, 3, 4);
    // The process that acknowledged this check-in never ran its chainer (killed right after).
    await checkIn(ctx, assemblyId, d, 'room', chair);
    const app = await buildApp({
      config: testConfig(),
      db: database,
      clock,
      random: systemRandom,
      logger: pino({ level: 'silent' }),
    });
    await app.ready();
    await app.attendanceChainer.runOnce();
    expect(await chainedEvents(database, assemblyId)).toContain(`${d}:check_in`);
    await app.close();
    // Any other append (here a staff account's entry) chains what waits first, in its transaction.
    await checkIn(ctx, assemblyId, e, 'room', chair);
    const written = await database.db.transaction().execute((trx) =>
      appendLedger(trx, [
        {
          type: 'staff_user.created',
          at: clock.now(),
          payload: { userId: 'probe', username: 'probe', role: 'desk', by: 'admin' },
        },
      ]),
    );
    const all = await readLedger(database.db);
    const seq = written[0]?.seq as number;
    expect(all[seq - 1]?.type).toBe('staff_user.created');
    expect(all[seq - 2]?.type).toBe('attendance.chained');
    expect(await chainedEvents(database, assemblyId)).toContain(`${e}:check_in`);
  });

  it('R3, R30: the desk checks many members in at once; unknown numbers, those present and duplicates get their own line, refusals are recorded and chained', async () => {
    const numbers = ['M000031', 'M000032', 'M000033', 'M000002', 'X999999', 'M000031'];
    const [m31, m32, m33] = pick(members, 30, 31, 32);
    await database.db
      .updateTable('members')
      .set({ expulsion_letter_sent_at: '2026-06-01T09:00:00Z' })
      .where('id', '=', m33)
      .execute();
    const answer = await checkInMany(ctx, assemblyId, numbers, 'room', chair);
    expect(answer.checkedIn).toBe(2);
    expect(answer.results.map((r) => [r.memberNumber, r.outcome, r.reason])).toEqual([
      ['M000031', 'checked_in', null],
      ['M000032', 'checked_in', null],
      ['M000033', 'attendance.not_admitted', 'attendance.expelled'],
      ['M000002', 'attendance.already_present', null],
      ['X999999', 'member.not_found', null],
      ['M000031', 'attendance.already_present', null],
    ]);
    await chainWaitingAttendance(database.db);
    const chained = await chainedEvents(database, assemblyId);
    expect(chained.slice(-3)).toEqual([`${m31}:check_in`, `${m32}:check_in`, `${m33}:refused`]);
    // Both at once with the single route: each member ends up checked in once.
    const [m35, m36] = pick(members, 34, 35);
    const raced = await settle<unknown>([
      checkInMany(ctx, assemblyId, ['M000035', 'M000036'], 'room', chair),
      checkIn(ctx, assemblyId, m35, 'room', chair),
      checkIn(ctx, assemblyId, m36, 'online', chair),
    ]);
    expect(raced.every((r) => r.ok || r.code === 'attendance.already_present')).toBe(true);
    const log = await presenceFromLog(database.db, assemblyId);
    expect(log.filter((r) => r.member_id === m35 || r.member_id === m36).every((r) => r.present)).toBe(true);
    const events = await database.db
      .selectFrom('attendance')
      .select('member_id')
      .where('member_id', 'in', [m35, m36])
      .where('event', '=', 'check_in')
      .execute();
    expect(events).toHaveLength(2);
  });

  it('presence rows always agree with the attendance log, also when two desks check the same member in or out at once', async () => {
    const some = members.slice(10, 30);
    // Everyone twice at once: exactly one check-in each is accepted.
    const ins = await settle(
      some.flatMap((m) => [0, 1].map(() => checkIn(ctx, assemblyId, m, 'room', chair))),
    );
    expect(ins.filter((r) => r.ok)).toHaveLength(some.length);
    expect(new Set(ins.filter((r) => !r.ok).map((r) => r.code))).toEqual(
      new Set(['attendance.already_present']),
    );
    // Half of them leave, each twice at once: one check-out each.
    const leaving = some.slice(0, 10);
    const outs = await settle(leaving.flatMap((m) => [0, 1].map(() => checkOut(ctx, assemblyId, m, chair))));
    expect(outs.filter((r) => r.ok)).toHaveLength(leaving.length);
    expect(new Set(outs.filter((r) => !r.ok).map((r) => r.code))).toEqual(
      new Set(['attendance.not_present']),
    );
    // Some come back online.
    for (const m of leaving.slice(0, 4)) await checkIn(ctx, assemblyId, m, 'online', chair);
    const fromLog = (await presenceFromLog(database.db, assemblyId)).sort((x, y) =>
      x.member_id.localeCompare(y.member_id),
    );
    const rows = await presenceRows(database.db, assemblyId);
    // Those still in from above (b, d, e, 31, 32, 35, 36) and the 20 here, of whom 10 left and 4 came back.
    expect(rows.map((r) => ({ ...r }))).toEqual(fromLog.map((r) => ({ ...r })));
    expect(rows.filter((r) => r.present)).toHaveLength(some.length - 10 + 4 + 3 + 4);
    // The log has exactly one event per accepted action: no double check-in slipped through.
    await chainWaitingAttendance(database.db);
    const bundle = await buildBundle(database.db, assemblyId, key, clock.now());
    expect(verifyBundle(bundle, { publicKey: publicKeyToBase64(key.publicKey) }).violations).toEqual([]);
  });
});
