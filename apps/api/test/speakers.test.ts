import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyChain } from '@plenum/ledger';
import { type Bundle, formatViolation, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { systemRandom } from '../src/deps.ts';
import { setCurrentItem } from '../src/modules/assemblies/agenda.service.ts';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { chainWaitingAttendance } from '../src/modules/attendance/attendance-chainer.ts';
import { readLedger } from '../src/modules/ledger/ledger.queries.ts';
import { testConfig } from './support/app.ts';
import { memberToken, staffToken } from './support/auth.ts';
import { type TestClock, testClock } from './support/clock.ts';
import { chair, newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { http } from './support/http.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** The speakers' list of the current item, through the HTTP API. */
describe('speakers list', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;
  let call: ReturnType<typeof http>;
  let assemblyId: string;
  let itemId: string;
  let secondItemId: string;
  let members: string[];
  let chairToken: string;
  const token = (i: number) => memberToken(app, members[i] as string, assemblyId);
  const base = () => `/api/assemblies/${assemblyId}/speakers`;
  /** Rows of the two tables, to show that a refused request changed nothing. */
  const state = async () => ({
    requests: await database.db
      .selectFrom('speaker_requests')
      .select(['id', 'status', 'call_no'])
      .orderBy('seq')
      .execute(),
    lists: await database.db
      .selectFrom('speaker_lists')
      .select(['agenda_item_id', 'closed', 'current_request_id', 'timer_started_at'])
      .execute(),
    ledger: (await readLedger(database.db)).length,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = testClock();
    app = await buildApp({
      config: testConfig({ dataDir: mkdtempSync(join(tmpdir(), 'plenum-speakers-')) }),
      db: database,
      clock,
      random: systemRandom,
      logger: pino({ level: 'silent' }),
    });
    call = http(app);
    const ctx = serviceContext(database, clock);
    members = await seedMembers(database, 6);
    assemblyId = await newAssembly(ctx);
    itemId = (await addAgendaItem(ctx, assemblyId, { kind: 'motion', title: 'Neubau Hofgebäude' }, chair)).id;
    secondItemId = (await addAgendaItem(ctx, assemblyId, { kind: 'motion', title: 'Verschiedenes' }, chair))
      .id;
    // Members 0–3 are present (in the room and online); 4 and 5 are not.
    // Through the check-in service, so the attendance is in the ledger too (the export verifies).
    for (const [i, channel] of [
      [0, 'room'],
      [1, 'room'],
      [2, 'online'],
      [3, 'online'],
    ] as const) {
      await checkIn(ctx, assemblyId, members[i] as string, channel, chair);
    }
    // Their batch goes into the ledger now, not in the middle of a test that counts entries.
    await chainWaitingAttendance(database.db);
    chairToken = staffToken(app, 'chair');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('before the chair calls up an item a request is refused with a stable code', async () => {
    const before = await state();
    const res = await call('POST', `${base()}/mine`, { token: token(0), payload: {} });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('speakers.no_current_item');
    expect(await state()).toEqual(before);
    await setCurrentItem(serviceContext(database, clock), assemblyId, itemId, chair);
  });

  it('R25: a member who has not checked in cannot ask to speak, and nothing changes', async () => {
    const before = await state();
    const res = await call('POST', `${base()}/mine`, { token: token(4), payload: {} });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('speakers.not_present');
    expect(await state()).toEqual(before);
    // The phone learns why before the member tries.
    expect((await call('GET', `${base()}/mine`, { token: token(4) })).body).toMatchObject({
      present: false,
      request: null,
    });
    expect((await call('GET', `${base()}/mine`, { token: token(2) })).body.present).toBe(true);
  });

  it('R25: members in the room and online request alike; points of order go first', async () => {
    const first = await call('POST', `${base()}/mine`, { token: token(0), payload: {} });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body.request).toMatchObject({ place: 1, pointOfOrder: false });
    clock.advance(1000);
    expect((await call('POST', `${base()}/mine`, { token: token(2), payload: {} })).status).toBe(201);
    clock.advance(1000);
    const order = await call('POST', `${base()}/mine`, { token: token(1), payload: { pointOfOrder: true } });
    expect(order.status).toBe(201);
    expect(order.body.request).toMatchObject({ place: 1, pointOfOrder: true });
    // The first member moved down one place.
    const mine = await call('GET', `${base()}/mine`, { token: token(0) });
    expect(mine.body).toMatchObject({ itemId, closed: false, request: { place: 2 }, speaking: false });

    const queue = await call('GET', base(), { token: chairToken });
    expect(queue.status).toBe(200);
    expect(
      queue.body.queue.map((e: { memberNumber: string; pointOfOrder: boolean }) => [
        e.memberNumber,
        e.pointOfOrder,
      ]),
    ).toEqual([
      ['M000002', true],
      ['M000001', false],
      ['M000003', false],
    ]);
    expect(queue.body.queue[0].name).toBe('Erika Muster2');
  });

  it('one open request per member and item: a second one is refused, also when sent at once', async () => {
    const before = await state();
    const again = await call('POST', `${base()}/mine`, { token: token(0), payload: { pointOfOrder: true } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('speakers.already_requested');
    expect(await state()).toEqual(before);

    const burst = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', `${base()}/mine`, { token: token(3), payload: {} })),
    );
    expect(burst.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('a member withdraws their request; withdrawing again is refused', async () => {
    const out = await call('DELETE', `${base()}/mine`, { token: token(3) });
    expect(out.status).toBe(200);
    expect(out.body.request).toBeNull();
    const again = await call('DELETE', `${base()}/mine`, { token: token(3) });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('speakers.not_waiting');
    expect((await call('GET', base(), { token: chairToken })).body.queue).toHaveLength(3);
  });

  it('the chair calls the next speaker, starts and stops the speaking time; the live snapshot shows it', async () => {
    const next = await call('POST', `${base()}/next`, { token: chairToken });
    expect(next.status).toBe(200);
    expect(next.body.current).toMatchObject({ memberNumber: 'M000002', pointOfOrder: true });
    expect(next.body.timerStartedAt).toBeNull();
    expect((await call('GET', `${base()}/mine`, { token: token(1) })).body.speaking).toBe(true);

    const start = await call('POST', `${base()}/timer/start`, {
      token: chairToken,
      payload: { seconds: 120 },
    });
    expect(start.status).toBe(200);
    expect(start.body.timerStartedAt).toBe(clock.now().toISOString());
    expect(start.body.speakingSeconds).toBe(120);

    const live = await call('GET', `/api/assemblies/${assemblyId}/live`, { token: token(5) });
    expect(live.status).toBe(200);
    expect(live.body.speakers).toEqual({
      itemId,
      closed: false,
      speakingSeconds: 120,
      current: { name: 'Erika Muster2', pointOfOrder: true },
      startedAt: clock.now().toISOString(),
      next: [
        { name: 'Erika Muster1', pointOfOrder: false },
        { name: 'Erika Muster3', pointOfOrder: false },
      ],
      waiting: 2,
    });
    // Names for the room, never member ids.
    expect(JSON.stringify(live.body.speakers)).not.toContain(members[1] as string);

    expect(
      (await call('POST', `${base()}/timer/stop`, { token: chairToken })).body.timerStartedAt,
    ).toBeNull();
    const stopAgain = await call('POST', `${base()}/timer/stop`, { token: chairToken });
    expect(stopAgain.status).toBe(409);
    expect(stopAgain.body.error.code).toBe('speakers.timer_not_running');
  });

  it('the chair can call a specific waiting request out of turn, not one that is gone', async () => {
    const queue = (await call('GET', base(), { token: chairToken })).body.queue;
    const last = queue[queue.length - 1];
    const called = await call('POST', `${base()}/call`, {
      token: chairToken,
      payload: { requestId: last.requestId },
    });
    expect(called.status).toBe(200);
    expect(called.body.current.requestId).toBe(last.requestId);
    const again = await call('POST', `${base()}/call`, {
      token: chairToken,
      payload: { requestId: last.requestId },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('speakers.not_waiting');
  });

  it('closing the list refuses new requests with a stable 409; those waiting still speak; reopening lets them in', async () => {
    expect((await call('POST', `${base()}/close`, { token: chairToken })).body.closed).toBe(true);
    const before = await state();
    const refused = await call('POST', `${base()}/mine`, { token: token(3), payload: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('speakers.list_closed');
    const twice = await call('POST', `${base()}/close`, { token: chairToken });
    expect(twice.status).toBe(409);
    expect(await state()).toEqual(before);

    const next = await call('POST', `${base()}/next`, { token: chairToken });
    expect(next.status).toBe(200);
    expect(next.body.current.memberNumber).toBe('M000001');
    const empty = await call('POST', `${base()}/next`, { token: chairToken });
    expect(empty.status).toBe(409);
    expect(empty.body.error.code).toBe('speakers.queue_empty');

    expect((await call('POST', `${base()}/reopen`, { token: chairToken })).body.closed).toBe(false);
    expect((await call('POST', `${base()}/mine`, { token: token(3), payload: {} })).status).toBe(201);
    expect((await call('DELETE', `${base()}/mine`, { token: token(3) })).status).toBe(200);
  });

  it('every request, withdrawal, call and list change is a ledger entry; the chain verifies', async () => {
    const ledger = await readLedger(database.db);
    expect(verifyChain(ledger)).toEqual([]);
    const ours = ledger.filter((e) => e.type.startsWith('speakers.'));
    const count = (type: string) => ours.filter((e) => e.type === type).length;
    expect(count('speakers.requested')).toBe(5);
    expect(count('speakers.withdrawn')).toBe(2);
    expect(count('speakers.called')).toBe(3);
    expect(count('speakers.list_closed')).toBe(1);
    expect(count('speakers.list_reopened')).toBe(1);
    const calls = ours.filter((e) => e.type === 'speakers.called');
    expect(calls.map((e) => e.payload.callNo)).toEqual([1, 2, 3]);
    expect(calls.every((e) => e.payload.itemId === itemId && e.assemblyId === assemblyId)).toBe(true);
    // The signed export carries them, and plenum-verify accepts the bundle.
    const res = await call('GET', `/api/assemblies/${assemblyId}/export/bundle.json`, { token: chairToken });
    expect(res.status).toBe(200);
    const bundle = res.body as Bundle;
    expect(bundle.ledger.entries.filter((e) => e.type.startsWith('speakers.'))).toHaveLength(ours.length);
    expect(verifyBundle(bundle).violations.map(formatViolation)).toEqual([]);
  });

  it('a new item has its own list: the old requests and the closed state do not carry over', async () => {
    await setCurrentItem(serviceContext(database, clock), assemblyId, secondItemId, chair);
    const view = await call('GET', base(), { token: chairToken });
    expect(view.body).toMatchObject({
      itemId: secondItemId,
      closed: false,
      current: null,
      queue: [],
      spoken: [],
    });
    expect((await call('POST', `${base()}/mine`, { token: token(0), payload: {} })).status).toBe(201);
    expect((await call('POST', `${base()}/next`, { token: chairToken })).status).toBe(200);
  });

  it('the minutes list the speakers per item in the order called, in both languages', async () => {
    const url = `/api/assemblies/${assemblyId}/export/minutes.html`;
    const de = await call('GET', `${url}?lang=de`, { token: chairToken });
    expect(de.status).toBe(200);
    const html = String(de.body);
    expect(html).toContain('Wortmeldungen (in der Reihenfolge des Aufrufs)');
    const first = html.slice(html.indexOf('Neubau Hofgebäude'), html.indexOf('Verschiedenes'));
    const names = [...first.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(names).toEqual([
      'Erika Muster2 (M000002) (zur Geschäftsordnung)',
      'Erika Muster3 (M000003)',
      'Erika Muster1 (M000001)',
    ]);
    const second = html.slice(html.indexOf('Verschiedenes'));
    expect([...second.matchAll(/<ol class="speakers">(.*?)<\/ol>/g)].map((m) => m[1])).toEqual([
      '<li>Erika Muster1 (M000001)</li>',
    ]);
    const en = await call('GET', `${url}?lang=en`, { token: chairToken });
    expect(String(en.body)).toContain('Erika Muster2 (M000002) (point of order)');
    const pdf = await app.inject({
      url: `/api/assemblies/${assemblyId}/export/minutes.pdf?lang=de`,
      headers: { authorization: `Bearer ${chairToken}` },
    });
    expect(pdf.statusCode).toBe(200);
  });

  it('members may not run the list, the desk may not read it', async () => {
    expect((await call('POST', `${base()}/next`, { token: token(0) })).status).toBe(403);
    expect((await call('GET', base(), { token: staffToken(app, 'desk') })).status).toBe(403);
    const unknown = await call('POST', `${base()}/mine`, { token: token(0), payload: { speaker: 'me' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('request.unknown_field');
    const short = await call('POST', `${base()}/timer/start`, { token: chairToken, payload: { seconds: 5 } });
    expect(short.status).toBe(400);
  });
});
