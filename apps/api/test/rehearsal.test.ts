import { type Bundle, formatViolation, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { chair as chairActor, newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * Rehearsal polls (Probeabstimmung): the ordinary poll machinery with a `rehearsal` flag. Members
 * answer it on their phones; it counts nowhere and is never exported.
 */
describe('rehearsal polls', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  let itemId: string;
  const SEED = Buffer.alloc(32, 9).toString('base64');

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { signingKeySeed: SEED });
    members = await seedMembers(database, 3);
    const ctx = serviceContext(database);
    assemblyId = await newAssembly(ctx);
    for (const m of members) await checkIn(ctx, assemblyId, m, 'room', chairActor);
    const item = await addAgendaItem(
      ctx,
      assemblyId,
      { kind: 'motion', title: 'Antrag Fahrradständer' },
      chairActor,
    );
    itemId = item.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const chair = () => bearer(staffToken(app, 'chair'));
  const auditor = () => bearer(staffToken(app, 'auditor'));
  const post = (url: string, payload?: object) =>
    app.inject({ method: 'POST', url, headers: chair(), ...(payload ? { payload } : {}) });
  const exported = (file: string) =>
    app.inject({ url: `/api/assemblies/${assemblyId}/export/${file}`, headers: auditor() });

  async function castAll(pollId: string, choices: string[]) {
    for (const [i, choice] of choices.entries()) {
      const member = members[i] as string;
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: bearer(memberToken(app, member, assemblyId)),
        payload: { votes: [{ memberId: member, choice }] },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  }

  /** Creates, opens, casts in and closes one poll over HTTP; returns its view when closed. */
  async function runPoll(rehearsal: boolean, choices: string[]) {
    const created = await post(`/api/assemblies/${assemblyId}/polls`, { agendaItemId: itemId, rehearsal });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    expect(created.json().rehearsal).toBe(rehearsal);
    const opened = await post(`/api/polls/${id}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    await castAll(id, choices);
    const open = (await app.inject({ url: `/api/polls/${id}`, headers: chair() })).json();
    expect(open.voted).toBe(choices.length);
    const closed = await post(`/api/polls/${id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    return closed.json();
  }

  it('a rehearsal is opened, answered with a live turnout, closed and repeated', async () => {
    const first = await runPoll(true, ['yes', 'no', 'abstain']);
    expect(first).toMatchObject({
      rehearsal: true,
      round: 1,
      status: 'closed',
      secret: false,
      ballotCount: 3,
    });
    expect(first.options).toEqual(['yes', 'no', 'abstain']);
    const live = await app.inject({ url: `/api/assemblies/${assemblyId}/live`, headers: chair() });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json().poll).toMatchObject({ id: first.id, rehearsal: true });
    // A rehearsal has no declaration: refused with a stable code, and nothing changes.
    const declare = await post(`/api/polls/${first.id}/declare`, { text: 'Angenommen.' });
    expect(declare.statusCode, declare.body).toBe(409);
    expect(declare.json().error.code).toBe('poll.rehearsal_not_declared');
    const still = (await app.inject({ url: `/api/polls/${first.id}`, headers: chair() })).json();
    expect(still).toMatchObject({ status: 'closed', declaration: null });
    const again = await runPoll(true, ['no', 'no']);
    expect(again).toMatchObject({ rehearsal: true, round: 2, status: 'closed', ballotCount: 2 });
  });

  it('the real poll of the item keeps its own first round after rehearsals on the same item', async () => {
    const real = await runPoll(false, ['yes', 'yes', 'no']);
    expect(real).toMatchObject({ rehearsal: false, round: 1, status: 'closed', ballotCount: 3 });
  });

  it('R27: a rehearsal appears in neither the minutes, nor results.csv, nor the bundle, which still verifies', async () => {
    const polls = (
      await app.inject({ url: `/api/assemblies/${assemblyId}/polls`, headers: chair() })
    ).json() as { id: string; rehearsal: boolean }[];
    const rehearsals = polls.filter((p) => p.rehearsal).map((p) => p.id);
    const real = polls.filter((p) => !p.rehearsal).map((p) => p.id);
    expect(rehearsals).toHaveLength(2);
    expect(real).toHaveLength(1);

    const bundleRes = await exported('bundle.json');
    expect(bundleRes.statusCode, bundleRes.body).toBe(200);
    const bundle = bundleRes.json() as Bundle;
    expect(bundle.polls.map((p) => p.id)).toEqual(real);
    expect(verifyBundle(bundle).violations.map(formatViolation)).toEqual([]);

    const csv = await exported('results.csv?lang=de');
    expect(csv.statusCode).toBe(200);
    const rows = csv.body.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    for (const id of rehearsals) expect(csv.body).not.toContain(id);

    const minutes = await exported('minutes.html?lang=de');
    expect(minutes.statusCode).toBe(200);
    for (const id of rehearsals) expect(minutes.body).not.toContain(id);
    expect(minutes.body).not.toMatch(/Probeabstimmung/);
  });
});
