import { type Bundle, formatViolation, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { createStaffUser } from '../src/modules/auth/staff-users.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { chair as chairActor, newAssembly, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const PASSWORD = 'correct horse battery staple';

/**
 * Voting in the hall (C5, R24, R27): a hybrid assembly votes by voting cards in the hall, counted
 * by two tellers, while the members online vote on their phones in the same poll.
 */
describe('hall counts by tellers', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  let pollId: string;
  const tellers: Record<string, string> = {};
  const SEED = Buffer.alloc(32, 9).toString('base64');

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { signingKeySeed: SEED });
    members = await seedMembers(database, 6);
    const ctx = serviceContext(database);
    assemblyId = await newAssembly(ctx);
    // Four members in the hall, two online.
    for (const m of members.slice(0, 4)) await checkIn(ctx, assemblyId, m, 'room', chairActor);
    for (const m of members.slice(4)) await checkIn(ctx, assemblyId, m, 'online', chairActor);
    for (const [username, displayName] of [
      ['anna', 'Anna Zählerin'],
      ['ben', 'Ben Zähler'],
    ] as const) {
      const user = await createStaffUser(ctx, { username, password: PASSWORD, role: 'teller', displayName });
      tellers[username] = user.id;
    }
    const desk = await createStaffUser(ctx, { username: 'deskuser', password: PASSWORD, role: 'desk' });
    tellers.desk = desk.id;
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const chair = () => bearer(staffToken(app, 'chair'));
  const teller = (username: string) => bearer(staffToken(app, 'teller', username));
  const post = (url: string, payload?: object, headers = chair()) =>
    app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const hallCount = (username: string, count: { yes: number; no: number; abstain: number }) =>
    post(`/api/polls/${pollId}/hall-count`, count, teller(username));
  const hallStatus = async () => {
    const res = await app.inject({ url: `/api/assemblies/${assemblyId}/hall-counts`, headers: chair() });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().polls as { pollId: string; status: string }[]).find((p) => p.pollId === pollId);
  };
  const item = async (title: string) =>
    (await addAgendaItem(serviceContext(database), assemblyId, { kind: 'motion', title }, chairActor)).id;

  it('R24: a request for a secret ballot with enough support forces a secret poll; voting cards are refused', async () => {
    const agendaItemId = await item('Antrag Satzungsänderung Beiträge');
    const secretRequest = { supporting: 2, validVotes: 6, basis: 'members_present' };
    const cards = await post(`/api/assemblies/${assemblyId}/polls`, {
      agendaItemId,
      method: 'voting_cards',
      secretRequest,
    });
    expect(cards.statusCode, cards.body).toBe(422);
    expect(cards.json().error.code).toBe('poll.method_not_secret');
    const paper = await post(`/api/assemblies/${assemblyId}/polls`, {
      agendaItemId,
      method: 'ballot_paper',
      secretRequest,
    });
    expect(paper.statusCode, paper.body).toBe(201);
    expect(paper.json()).toMatchObject({ secret: true, method: 'ballot_paper' });
    expect(paper.json().config).toMatchObject({
      secrecyReason: 'secret.requested',
      secretRequest: { supporting: 2, base: 6, basis: 'members_present' },
    });
    // Too little support: the poll stays open (not secret), and the request is still recorded.
    const weak = await post(`/api/assemblies/${assemblyId}/polls`, {
      agendaItemId: await item('Antrag Sommerfest'),
      method: 'show_of_hands',
      secretRequest: { supporting: 1, validVotes: 6, basis: 'valid_votes' },
    });
    expect(weak.statusCode, weak.body).toBe(201);
    expect(weak.json()).toMatchObject({ secret: false, method: 'show_of_hands' });
    const { rows } = await sql<{ payload: { config: Record<string, unknown> } }>`
      SELECT payload FROM ledger WHERE type = 'poll.created' AND payload ->> 'pollId' = ${paper.json().id}`.execute(
      database.db,
    );
    expect(rows[0]?.payload.config.secretRequest).toMatchObject({ supporting: 2, base: 6 });
  });

  it('the chair appoints tellers: staff accounts with the role teller, each once', async () => {
    const url = `/api/assemblies/${assemblyId}/tellers`;
    const desk = await post(url, { userId: tellers.desk });
    expect(desk.statusCode, desk.body).toBe(404);
    expect(desk.json().error.code).toBe('teller.not_found');
    expect((await post(url, { userId: tellers.anna })).statusCode).toBe(201);
    const both = await post(url, { userId: tellers.ben });
    expect(both.statusCode).toBe(201);
    expect(both.json().appointed.map((t: { name: string }) => t.name)).toEqual([
      'Anna Zählerin',
      'Ben Zähler',
    ]);
    const again = await post(url, { userId: tellers.anna });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('teller.already_appointed');
    const byTeller = await post(url, { userId: tellers.anna }, teller('anna'));
    expect(byTeller.statusCode).toBe(403);
  });

  it('teller counts need two confirmations by different tellers', async () => {
    const created = await post(`/api/assemblies/${assemblyId}/polls`, {
      agendaItemId: await item('Antrag Fahrradständer'),
      method: 'voting_cards',
    });
    expect(created.statusCode, created.body).toBe(201);
    pollId = created.json().id;
    expect((await post(`/api/polls/${pollId}/open`)).statusCode).toBe(200);
    // Online members vote on their phones; members in the hall show their cards.
    for (const [member, choice] of [
      [members[4], 'yes'],
      [members[5], 'no'],
    ] as const) {
      const res = await post(
        `/api/polls/${pollId}/votes`,
        { votes: [{ memberId: member, choice }] },
        bearer(memberToken(app, member as string, assemblyId)),
      );
      expect(res.statusCode, res.body).toBe(201);
    }
    const inHall = await post(
      `/api/polls/${pollId}/votes`,
      { votes: [{ memberId: members[0], choice: 'yes' }] },
      bearer(memberToken(app, members[0] as string, assemblyId)),
    );
    expect(inHall.statusCode).toBe(409);
    expect(inHall.json().error.code).toBe('vote.counted_in_hall');
    const mine = await app.inject({
      url: `/api/polls/${pollId}/my-votes`,
      headers: bearer(memberToken(app, members[0] as string, assemblyId)),
    });
    expect(mine.json()).toMatchObject({ votes: [], reason: 'vote.counted_in_hall' });
    // Before the close there is nothing to count.
    expect((await hallCount('anna', { yes: 3, no: 1, abstain: 0 })).json().error.code).toBe(
      'hall.poll_not_closed',
    );
    expect((await post(`/api/polls/${pollId}/close`)).statusCode).toBe(200);
    expect(await hallStatus()).toMatchObject({ status: 'awaiting_count', hallVotes: 4, count: null });

    const first = await hallCount('anna', { yes: 3, no: 1, abstain: 0 });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('awaiting_confirmation');
    // The same teller again only enters the count again.
    const same = await hallCount('anna', { yes: 3, no: 1, abstain: 0 });
    expect(same.json().status).toBe('awaiting_confirmation');
    expect(await hallStatus()).toMatchObject({
      status: 'awaiting_confirmation',
      enteredBy: { name: 'Anna Zählerin' },
      count: null,
    });
    const chairCounts = await post(`/api/polls/${pollId}/hall-count`, { yes: 3, no: 1, abstain: 0 });
    expect(chairCounts.statusCode).toBe(403);
    const admin = await post(
      `/api/polls/${pollId}/hall-count`,
      { yes: 3, no: 1, abstain: 0 },
      bearer(staffToken(app, 'admin')),
    );
    expect(admin.json().error.code).toBe('hall.not_teller');

    const confirmed = await hallCount('ben', { yes: 3, no: 1, abstain: 0 });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().status).toBe('confirmed');
    expect(await hallStatus()).toMatchObject({
      status: 'confirmed',
      enteredBy: { name: 'Anna Zählerin' },
      confirmedBy: { name: 'Ben Zähler' },
      count: { yes: 3, no: 1, abstain: 0 },
      tally: { counts: { yes: 4, no: 2, abstain: 0, invalid: 0 }, passed: true },
    });
    const later = await hallCount('anna', { yes: 3, no: 1, abstain: 0 });
    expect(later.json().error.code).toBe('hall.already_confirmed');
    const entries = await sql<{ type: string }>`
      SELECT type FROM ledger WHERE type LIKE 'hall.%' AND payload ->> 'pollId' = ${pollId} ORDER BY seq`.execute(
      database.db,
    );
    expect(entries.rows.map((r) => r.type)).toEqual([
      'hall.count_entered',
      'hall.count_entered',
      'hall.count_confirmed',
    ]);
  });

  it('a mismatch, an implausible count and a declaration before the confirmation are refused and change nothing', async () => {
    const created = await post(`/api/assemblies/${assemblyId}/polls`, {
      agendaItemId: await item('Antrag Gartenbank'),
      method: 'show_of_hands',
    });
    pollId = created.json().id;
    expect((await post(`/api/polls/${pollId}/open`)).statusCode).toBe(200);
    expect((await post(`/api/polls/${pollId}/close`)).statusCode).toBe(200);
    const early = await post(`/api/polls/${pollId}/declare`, { text: 'Angenommen.' });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('hall.count_not_confirmed');
    // Six members may vote, but only four are in the hall and nobody voted online here.
    const tooMany = await hallCount('anna', { yes: 3, no: 2, abstain: 0 });
    expect(tooMany.statusCode).toBe(422);
    expect(tooMany.json().error.code).toBe('hall.count_implausible');
    expect((await hallCount('anna', { yes: 2, no: 2, abstain: 0 })).statusCode).toBe(200);
    const mismatch = await hallCount('ben', { yes: 3, no: 1, abstain: 0 });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().error.code).toBe('hall.count_mismatch');
    expect(await hallStatus()).toMatchObject({ status: 'awaiting_confirmation', count: null });
    // The first teller recounts and enters again; the second confirms.
    expect((await hallCount('anna', { yes: 3, no: 1, abstain: 0 })).statusCode).toBe(200);
    expect((await hallCount('ben', { yes: 3, no: 1, abstain: 0 })).json().status).toBe('confirmed');
    const declared = await post(`/api/polls/${pollId}/declare`, { text: 'Der Antrag ist angenommen.' });
    expect(declared.statusCode, declared.body).toBe(200);
    const view = (await app.inject({ url: `/api/polls/${pollId}`, headers: chair() })).json();
    expect(view.declaration).toMatchObject({ outcome: 'passed' });
  });

  it('R27: the minutes and results.csv state the method, the counts per channel, the tellers and who took part how', async () => {
    const auditor = bearer(staffToken(app, 'auditor'));
    const get = (file: string) =>
      app.inject({ url: `/api/assemblies/${assemblyId}/export/${file}`, headers: auditor });
    const de = await get('minutes.html?lang=de');
    expect(de.statusCode, de.body).toBe(200);
    expect(de.body).toContain('im Saal ausgezählt (Handzeichen): Ja 3 · Nein 1 · Enthaltung 0');
    expect(de.body).toContain('Anna Zählerin (gezählt), Ben Zähler (bestätigt)');
    expect(de.body).toContain(
      'elektronisch abgegeben: Ja 1 · Nein 1 · Enthaltung 0 · ungültig 0 (2 Stimmen: online 2)',
    );
    expect(de.body).toContain('im Saal anwesend (Saalzählung) (4)');
    expect(de.body).toContain(
      'Antrag auf geheime Abstimmung: unterstützt von 2 von 6 (anwesenden Mitgliedern)',
    );
    const en = await get('minutes.html?lang=en');
    expect(en.body).toContain('counted in the hall (voting cards): Yes 3 · No 1 · Abstain 0');
    expect(en.body).toContain(
      'cast electronically: Yes 1 · No 1 · Abstain 0 · invalid 0 (2 votes: online 2)',
    );
    expect(en.body).toContain('Participation in this vote by channel (never the choices)');
    for (const lang of ['de', 'en']) {
      const pdf = await get(`minutes.pdf?lang=${lang}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const csv = await get('results.csv?lang=en');
    expect(csv.statusCode).toBe(200);
    const [header, ...lines] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(header).toContain('"Voting method","Hall yes","Hall no","Hall abstain","Electronic yes"');
    const cards = lines.find((l) => l.includes('Antrag Fahrradständer')) ?? '';
    expect(cards).toContain(
      '"voting cards","3","1","0","1","1","0","0","0","2","0","0","Anna Zählerin, Ben Zähler"',
    );
    const deCsv = await get('results.csv?lang=de');
    expect(deCsv.body).toContain('"Abstimmungsart";"Saal Ja";"Saal Nein"');
  });

  it('the verifier recomputes the tally with the hall count and catches a tampered hall count', async () => {
    const auditor = bearer(staffToken(app, 'auditor'));
    const exportBundle = async () => {
      const res = await app.inject({
        url: `/api/assemblies/${assemblyId}/export/bundle.json`,
        headers: auditor,
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Bundle;
    };
    const clean = await exportBundle();
    expect(verifyBundle(clean).violations.map(formatViolation)).toEqual([]);
    const hall = clean.polls.find((p) => p.id === pollId)?.hallCounts ?? [];
    expect(hall.map((h) => [h.action, h.teller])).toEqual([
      ['entered', 'Anna Zählerin'],
      ['entered', 'Anna Zählerin'],
      ['confirmed', 'Ben Zähler'],
    ]);
    // An insider with superuser rights changes the confirmed hall count in the database.
    await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`UPDATE hall_counts SET yes = yes + 1 WHERE poll_id = ${pollId} AND action = 'confirmed'`.execute(
        trx,
      );
    });
    const tampered = await exportBundle();
    const findings = verifyBundle(tampered).violations.map(formatViolation);
    expect(findings.some((f) => f.startsWith(`poll.hall_count_altered poll ${pollId}`))).toBe(true);
  });
});
