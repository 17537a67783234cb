import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bundle, formatViolation, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import type { DB } from '../src/db/schema.ts';
import { systemRandom } from '../src/deps.ts';
import { setCurrentItem } from '../src/modules/assemblies/agenda.service.ts';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { chainWaitingAttendance } from '../src/modules/attendance/attendance-chainer.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import { readLedger } from '../src/modules/ledger/ledger.queries.ts';
import { closePoll, declarePoll } from '../src/modules/polls/poll-results.service.ts';
import { openPoll } from '../src/modules/polls/polls.service.ts';
import { testConfig } from './support/app.ts';
import { memberToken, staffToken } from './support/auth.ts';
import { type TestClock, testClock } from './support/clock.ts';
import { chair, newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { http } from './support/http.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

type Motion = {
  id: string;
  kind: string;
  status: string;
  order: number | null;
  pollId: string | null;
  text: string;
};

/** Motions from the floor through the HTTP API: submission, admission, order, votes, results, evidence. */
describe('floor motions', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let clock: TestClock;
  let call: ReturnType<typeof http>;
  let assemblyId: string;
  let itemId: string;
  let lateItemId: string;
  let boardItemId: string;
  let members: string[];
  let chairToken: string;
  const token = (i: number) => memberToken(app, members[i] as string, assemblyId);
  const base = () => `/api/assemblies/${assemblyId}/floor-motions`;
  const ctx = () => serviceContext(database, clock);
  const state = async () => ({
    motions: await database.db.selectFrom('floor_motions').select(['id', 'status']).orderBy('seq').execute(),
    polls: (await database.db.selectFrom('polls').select('id').execute()).length,
    ledger: (await readLedger(database.db)).length,
  });
  const submit = (i: number, kind: string, text: string) =>
    call('POST', base(), { token: token(i), payload: { kind, text } });
  const list = async (): Promise<Motion[]> => {
    const res = await call('GET', base(), { token: chairToken });
    expect(res.status).toBe(200);
    return res.body.motions as Motion[];
  };
  /** Opens the poll, has members 0–3 vote `choice`, closes it and declares it as computed. */
  const vote = async (pollId: string, choice: 'yes' | 'no') => {
    await openPoll(ctx(), pollId, chair);
    for (const i of [0, 1, 2, 3])
      await castBallots(ctx(), {
        pollId,
        voterId: members[i] as string,
        votes: [{ memberId: members[i] as string, choice }],
      });
    await closePoll(ctx(), pollId, chair);
    await declarePoll(ctx(), pollId, { text: choice === 'yes' ? 'Angenommen.' : 'Abgelehnt.' }, chair);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = testClock();
    app = await buildApp({
      config: testConfig({ dataDir: mkdtempSync(join(tmpdir(), 'plenum-floor-')) }),
      db: database,
      clock,
      random: systemRandom,
      logger: pino({ level: 'silent' }),
    });
    call = http(app);
    members = await seedMembers(database, 6);
    assemblyId = await newAssembly(ctx());
    itemId = (
      await addAgendaItem(
        ctx(),
        assemblyId,
        {
          kind: 'statute_amendment',
          title: 'Änderung der Satzung (§ 12)',
          body: 'Die Generalversammlung beschließt, § 12 der Satzung neu zu fassen.',
        },
        chair,
      )
    ).id;
    // Announced four days before the assembly day (2026-06-20): R17 bars resolutions on it.
    lateItemId = (
      await addAgendaItem(
        ctx(),
        assemblyId,
        { kind: 'motion', title: 'Nachgereichter Antrag', announcedOn: '2026-06-16' },
        chair,
      )
    ).id;
    boardItemId = (
      await addAgendaItem(
        ctx(),
        assemblyId,
        {
          kind: 'statute_amendment',
          title: 'Größe des Vorstands (§ 12)',
          body: '§ 12 lautet: Der Vorstand besteht aus drei Personen.',
        },
        chair,
      )
    ).id;
    for (const [i, channel] of [
      [0, 'room'],
      [1, 'room'],
      [2, 'online'],
      [3, 'room'],
    ] as const)
      await checkIn(ctx(), assemblyId, members[i] as string, channel, chair);
    // The check-ins reach the ledger in a batch of their own; in before the tests count entries.
    await chainWaitingAttendance(database.db);
    chairToken = staffToken(app, 'chair');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('before an item is called up, and for a member not checked in, a motion is refused and nothing changes', async () => {
    let before = await state();
    const none = await submit(0, 'adjourn', '');
    expect([none.status, none.body.error.code]).toEqual([409, 'floor_motion.no_current_item']);
    expect(await state()).toEqual(before);
    await setCurrentItem(ctx(), assemblyId, itemId, chair);
    before = await state();
    const absent = await submit(4, 'amendment', 'x');
    expect([absent.status, absent.body.error.code]).toEqual([403, 'floor_motion.not_present']);
    const bad = await call('POST', base(), {
      token: token(0),
      payload: { kind: 'adjourn', text: '', extra: 1 },
    });
    expect(bad.status).toBe(400);
    const unknown = await call('POST', base(), {
      token: token(0),
      payload: { kind: 'filibuster', text: '' },
    });
    expect(unknown.status).toBe(400);
    expect(await state()).toEqual(before);
  });

  it('R17: a motion to add a new resolution item is refused, and nothing is recorded', async () => {
    const before = await state();
    const res = await submit(0, 'new_item', 'Neuer Tagesordnungspunkt: Verkauf des Grundstücks');
    expect([res.status, res.body.error.code]).toEqual([422, 'floor_motion.new_item_not_announced']);
    expect(await state()).toEqual(before);
  });

  it('R17: on an item announced late an amendment is refused, a procedural motion is taken', async () => {
    await setCurrentItem(ctx(), assemblyId, lateItemId, chair);
    const before = await state();
    const amendment = await submit(0, 'amendment', 'Der Betrag wird halbiert.');
    expect([amendment.status, amendment.body.error.code]).toEqual([422, 'convening.item_announced_too_late']);
    expect(await state()).toEqual(before);
    const adjourn = await submit(1, 'adjourn', 'Vertagung auf die nächste Versammlung');
    expect(adjourn.status).toBe(201);
    expect(adjourn.body).toMatchObject({ kind: 'adjourn', status: 'submitted', itemId: lateItemId });
    const rejected = await call('POST', `${base()}/${adjourn.body.id}/reject`, {
      token: chairToken,
      payload: { reason: 'Nicht unterstützt.' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: 'Nicht unterstützt.' });
    await setCurrentItem(ctx(), assemblyId, itemId, chair);
  });

  it('members submit from their phones; the chair sees them, admits with a reach rank or rejects with a reason', async () => {
    const a1 = await submit(0, 'amendment', '§ 12 Abs. 2 entfällt.');
    const a2 = await submit(1, 'amendment', '§ 12 erhält die Fassung der Anlage B.');
    const counter = await submit(2, 'counter_motion', '§ 12 bleibt unverändert.');
    const close = await submit(3, 'close_debate', '');
    const dup = await submit(3, 'agenda_order', 'TOP 5 vor TOP 4');
    for (const r of [a1, a2, counter, close, dup]) expect(r.status).toBe(201);
    const mine = await call('GET', `${base()}/mine`, { token: token(3) });
    expect(mine.body.motions.map((m: Motion) => m.kind)).toEqual(['close_debate', 'agenda_order']);

    const bad = await call('POST', `${base()}/${a1.body.id}/admit`, {
      token: chairToken,
      payload: { reach: 0 },
    });
    expect(bad.status).toBe(400);
    const memberTries = await call('POST', `${base()}/${a1.body.id}/admit`, {
      token: token(0),
      payload: { reach: 1 },
    });
    expect(memberTries.status).toBe(403);
    for (const [m, reach] of [
      [a1, 2],
      [a2, 1],
      [counter, 1],
      [close, 1],
    ] as const) {
      const res = await call('POST', `${base()}/${m.body.id}/admit`, {
        token: chairToken,
        payload: { reach },
      });
      expect(res.body).toMatchObject({ status: 'admitted', reach });
    }
    await call('POST', `${base()}/${dup.body.id}/reject`, {
      token: chairToken,
      payload: { reason: 'Die Tagesordnung ist bereits beschlossen.' },
    });
    const again = await call('POST', `${base()}/${dup.body.id}/admit`, {
      token: chairToken,
      payload: { reach: 1 },
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'floor_motion.not_submitted']);

    const motions = (await list()).filter((m) => m.status === 'admitted');
    // C11: procedural first, then the counter-motion, then amendments by reach.
    const ordered = [...motions].sort((x, y) => (x.order ?? 0) - (y.order ?? 0)).map((m) => m.id);
    expect(ordered).toEqual([close.body.id, counter.body.id, a2.body.id, a1.body.id]);
  });

  it('C11: admitted motions are put to the vote in order, one at a time, with the right threshold; an adopted counter-motion makes the rest lapse', async () => {
    const first = await call('POST', `${base()}/vote`, { token: chairToken });
    expect(first.status).toBe(201);
    expect(first.body.motion.kind).toBe('close_debate');
    const poll = await database.db
      .selectFrom('polls')
      .select(['item_kind', 'threshold_num', 'threshold_den', 'round', 'agenda_item_id', 'config'])
      .where('id', '=', first.body.pollId)
      .executeTakeFirstOrThrow();
    // R13: a procedural motion takes a simple majority, on the item, round 1 of its own.
    expect(poll).toMatchObject({
      item_kind: 'procedural_motion',
      threshold_num: 1,
      threshold_den: 2,
      round: 1,
    });
    expect((poll.config as { floorMotion: { text: string } }).floorMotion.text).toBe('');
    const pending = await call('POST', `${base()}/vote`, { token: chairToken });
    expect([pending.status, pending.body.error.code]).toEqual([409, 'floor_motion.vote_pending']);
    const early = await call('POST', `${base()}/${first.body.motion.id}/result`, {
      token: chairToken,
      payload: {},
    });
    expect([early.status, early.body.error.code]).toEqual([409, 'floor_motion.not_declared']);
    await vote(first.body.pollId, 'no');
    const defeated = await call('POST', `${base()}/${first.body.motion.id}/result`, {
      token: chairToken,
      payload: {},
    });
    expect(defeated.body.status).toBe('defeated');

    const second = await call('POST', `${base()}/vote`, { token: chairToken });
    expect(second.body.motion.kind).toBe('counter_motion');
    const counterPoll = await database.db
      .selectFrom('polls')
      .select(['item_kind', 'threshold_num', 'threshold_den'])
      .where('id', '=', second.body.pollId)
      .executeTakeFirstOrThrow();
    // R14: the counter-motion takes the threshold of the statute amendment it replaces (3/4).
    expect(counterPoll).toEqual({ item_kind: 'statute_amendment', threshold_num: 3, threshold_den: 4 });
    await vote(second.body.pollId, 'yes');
    const adopted = await call('POST', `${base()}/${second.body.motion.id}/result`, {
      token: chairToken,
      payload: {},
    });
    expect(adopted.body.status).toBe('adopted');
    const after = await list();
    expect(after.filter((m) => m.kind === 'amendment').map((m) => m.status)).toEqual(['lapsed', 'lapsed']);
    const nothing = await call('POST', `${base()}/vote`, { token: chairToken });
    expect([nothing.status, nothing.body.error.code]).toEqual([409, 'floor_motion.nothing_to_vote']);
    const decided = (await readLedger(database.db)).filter((e) => e.type === 'floor_motion.decided');
    expect(decided.at(-1)?.payload).toMatchObject({ outcome: 'adopted', mainMotionLapses: true });
    // The main motion lapsed: the item's own poll is refused, and nothing is written.
    const before = await state();
    const main = await call('POST', `/api/assemblies/${assemblyId}/polls`, {
      token: chairToken,
      payload: { agendaItemId: itemId },
    });
    expect([main.status, main.body.error.code]).toEqual([409, 'floor_motion.main_motion_lapsed']);
    expect(await state()).toEqual(before);
  });

  it('C11: an adopted amendment records the main motion as amended', async () => {
    const lapsed = await submit(0, 'amendment', 'Zu spät: der Gegenantrag ist angenommen.');
    expect([lapsed.status, lapsed.body.error.code]).toEqual([409, 'floor_motion.main_motion_lapsed']);
    await setCurrentItem(ctx(), assemblyId, boardItemId, chair);
    const a = await submit(0, 'amendment', 'In § 12 wird „drei“ durch „zwei“ ersetzt.');
    await call('POST', `${base()}/${a.body.id}/admit`, { token: chairToken, payload: { reach: 1 } });
    const put = await call('POST', `${base()}/vote`, { token: chairToken });
    await vote(put.body.pollId, 'yes');
    const missing = await call('POST', `${base()}/${a.body.id}/result`, { token: chairToken, payload: {} });
    expect([missing.status, missing.body.error.code]).toEqual([400, 'floor_motion.amended_text_required']);
    const res = await call('POST', `${base()}/${a.body.id}/result`, {
      token: chairToken,
      payload: { amendedText: '§ 12 lautet: Der Vorstand besteht aus zwei Personen.' },
    });
    expect(res.body).toMatchObject({
      status: 'adopted',
      amendedText: '§ 12 lautet: Der Vorstand besteht aus zwei Personen.',
    });
    // The main motion is then voted in that wording: its poll records it (and poll.created with it).
    const main = await call('POST', `/api/assemblies/${assemblyId}/polls`, {
      token: chairToken,
      payload: { agendaItemId: boardItemId },
    });
    expect(main.status).toBe(201);
    expect(main.body.config).toMatchObject({
      amendedText: '§ 12 lautet: Der Vorstand besteht aus zwei Personen.',
    });
    expect(main.body.round).toBe(1);
  });

  it('evidence: the export binds every floor motion; a text edited in the database is caught by plenum-verify', async () => {
    const exportBundle = async () => {
      const res = await call('GET', `/api/assemblies/${assemblyId}/export/bundle.json`, {
        token: chairToken,
      });
      expect(res.status).toBe(200);
      return res.body as Bundle;
    };
    const clean = await exportBundle();
    expect(clean.floorMotions?.length).toBe(7);
    expect(verifyBundle(clean).violations.map(formatViolation)).toEqual([]);

    const target = (clean.floorMotions ?? []).find((m) => m.kind === 'counter_motion');
    const edit = async (trx: Kysely<DB>, text: string) => {
      await sql`UPDATE floor_motions SET text = ${text} WHERE id = ${String(target?.id)}`.execute(trx);
    };
    await database.db.transaction().execute((trx) => edit(trx, '§ 12 wird gestrichen.'));
    const tampered = await exportBundle();
    const lines = verifyBundle(tampered).violations.map(formatViolation);
    expect(lines.length).toBeGreaterThan(0);
    expect(
      lines.every((l) => l.startsWith(`evidence.floor_motion_mismatch floor motion ${target?.id}:`)),
    ).toBe(true);
    await database.db.transaction().execute((trx) => edit(trx, String(target?.text)));
    expect(verifyBundle(await exportBundle()).violations).toEqual([]);
  });

  it('the minutes list each item’s floor motions, who moved them, the decision and the results in order (de, en)', async () => {
    const de = await call('GET', `/api/assemblies/${assemblyId}/export/minutes.html?lang=de`, {
      token: chairToken,
    });
    expect(de.status).toBe(200);
    const html = String(de.body);
    expect(html).toContain('Anträge aus der Versammlung');
    expect(html).toContain('Gegenantrag');
    expect(html).toContain('§ 12 bleibt unverändert.');
    expect(html).toContain('Nicht zugelassen');
    expect(html).toContain('Die Tagesordnung ist bereits beschlossen.');
    expect(html).toContain('§ 12 lautet: Der Vorstand besteht aus zwei Personen.');
    expect(html).toContain('Abgestimmt wurde über den Hauptantrag in der geänderten Fassung');
    expect(html.indexOf('Schluss der Debatte')).toBeLessThan(html.indexOf('§ 12 bleibt unverändert.'));
    const en = await call('GET', `/api/assemblies/${assemblyId}/export/minutes.html?lang=en`, {
      token: chairToken,
    });
    expect(String(en.body)).toContain('Motions from the floor');
    expect(String(en.body)).toContain('Counter-motion');
    const pdf = await app.inject({
      method: 'GET',
      url: `/api/assemblies/${assemblyId}/export/minutes.pdf?lang=de`,
      headers: { authorization: `Bearer ${chairToken}` },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });
});
