import type { LiveChange } from '@plenum/contracts';
import { type Bundle, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem, updateAssembly } from '../src/modules/assemblies/assemblies.service.ts';
import { closeAssembly, conveneAssembly, openAssembly } from '../src/modules/assemblies/lifecycle.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import { readLedger, readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { closePoll, createPoll, declarePoll } from '../src/modules/polls/polls.service.ts';
import { buildTestApp } from './support/app.ts';
import { memberToken, staffToken } from './support/auth.ts';
import {
  chair,
  FIXTURE_CONVENING,
  newAssembly,
  openItemPoll,
  pick,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { http } from './support/http.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('lifecycle: preparation → convened → open → closed over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let call: ReturnType<typeof http>;
  let members: string[];
  let chairToken: string;
  let deskToken: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database, { signingKeySeed: Buffer.alloc(32, 5).toString('base64') });
    call = http(app);
    members = await seedMembers(database, 6);
    chairToken = staffToken(app, 'chair');
    deskToken = staffToken(app, 'desk');
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  /** A refusal answers the status and code, and leaves the ledger as it was. */
  const refused = async (
    method: 'POST' | 'PUT',
    url: string,
    token: string,
    payload: unknown,
    status: number,
    code: string,
  ) => {
    const before = await readLedgerHead(database.db);
    const res = await call(method, url, { token, payload });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(await readLedgerHead(database.db)).toEqual(before);
    return res;
  };

  it('lifecycle: each transition is answered, recorded in the ledger, and refused out of order', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    const A = `/api/assemblies/${a}`;
    const [m1, m2, holder] = pick(members, 0, 1, 2);

    // R16: no agenda yet, so nothing can be convened.
    await refused('POST', `${A}/convene`, chairToken, FIXTURE_CONVENING, 422, 'convening.agenda_missing');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    // Out of order: open and close need a convened (open) assembly.
    await refused('POST', `${A}/open`, chairToken, undefined, 409, 'assembly.transition_not_allowed');
    await refused('POST', `${A}/close`, chairToken, undefined, 409, 'assembly.transition_not_allowed');
    // In preparation: no proxies (members have not been invited), no check-in.
    await refused(
      'POST',
      `${A}/proxies`,
      deskToken,
      { principalId: m2, holderMemberId: holder, form: 'text', documentHash: 'd'.repeat(64) },
      409,
      'assembly.not_convened',
    );

    const convened = await call('POST', `${A}/convene`, { token: chairToken, payload: FIXTURE_CONVENING });
    expect(convened.status, JSON.stringify(convened.body)).toBe(200);
    expect(convened.body).toEqual({
      assembly: expect.objectContaining({
        status: 'convened',
        nextAction: 'open',
        convening: {
          invitedOn: '2026-05-20',
          channel: 'text_form_to_each_member',
          accessDetails: FIXTURE_CONVENING.accessDetails,
          proxyDeadline: null,
          at: expect.any(String),
        },
        openedAt: null,
        closedAt: null,
      }),
      warnings: [],
    });
    await refused(
      'POST',
      `${A}/convene`,
      chairToken,
      FIXTURE_CONVENING,
      409,
      'assembly.transition_not_allowed',
    );
    // Convened: proxies are registered, but nobody checks in yet.
    const proxy = await call('POST', `${A}/proxies`, {
      token: deskToken,
      payload: { principalId: m2, holderMemberId: holder, form: 'text', documentHash: 'd'.repeat(64) },
    });
    expect(proxy.status, JSON.stringify(proxy.body)).toBe(201);
    await refused(
      'POST',
      `${A}/attendance/check-in`,
      deskToken,
      { memberId: m1, channel: 'room' },
      409,
      'assembly.not_open',
    );

    const opened = await call('POST', `${A}/open`, { token: chairToken });
    expect(opened.body.assembly).toMatchObject({ status: 'open', nextAction: 'close' });
    expect(opened.body.assembly.openedAt).toEqual(expect.any(String));
    const checkedIn = await call('POST', `${A}/attendance/check-in`, {
      token: deskToken,
      payload: { memberId: m1, channel: 'room' },
    });
    expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(201);

    const closed = await call('POST', `${A}/close`, { token: chairToken });
    expect(closed.body.assembly).toMatchObject({ status: 'closed', nextAction: null });
    await refused('POST', `${A}/open`, chairToken, undefined, 409, 'assembly.transition_not_allowed');
    await refused(
      'POST',
      `${A}/attendance/check-in`,
      deskToken,
      { memberId: m2, channel: 'room' },
      409,
      'assembly.closed',
    );
    await refused(
      'POST',
      `${A}/objections`,
      deskToken,
      { memberId: m1, text: 'Widerspruch' },
      409,
      'assembly.closed',
    );

    const entries = (await readLedger(database.db)).filter((e) => e.assemblyId === a);
    const lifecycle = entries.filter((e) => e.type.startsWith('assembly.')).map((e) => e.type);
    expect(lifecycle).toEqual([
      'assembly.created',
      'assembly.convened',
      'assembly.opened',
      'assembly.closed',
    ]);
    expect(entries.find((e) => e.type === 'assembly.convened')?.payload).toMatchObject({
      invitedOn: '2026-05-20',
      channel: 'text_form_to_each_member',
      agendaItems: 1,
      warnings: [],
      by: 'staff:chair',
    });
  });

  it('R16: a convening less than two weeks ahead, by website only, or without access details is refused and changes nothing', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    const A = `/api/assemblies/${a}`;
    const late = await refused(
      'POST',
      `${A}/convene`,
      chairToken,
      { ...FIXTURE_CONVENING, invitedOn: '2026-06-10' },
      422,
      'convening.notice_period_too_short',
    );
    expect(late.body.error.details).toEqual({ days: 10, required: 14 });
    await refused(
      'POST',
      `${A}/convene`,
      chairToken,
      { ...FIXTURE_CONVENING, channel: 'website_only' },
      422,
      'convening.channel_insufficient',
    );
    await refused(
      'POST',
      `${A}/convene`,
      chairToken,
      { invitedOn: '2026-05-20', channel: 'text_form_to_each_member' },
      422,
      'convening.access_details_missing',
    );
    // The test day is 20 June 2026: an invitation dated tomorrow has not gone out.
    await refused(
      'POST',
      `${A}/convene`,
      chairToken,
      { ...FIXTURE_CONVENING, invitedOn: '2026-06-21' },
      422,
      'convening.notice_in_future',
    );
    const view = await call('GET', A, { token: chairToken });
    expect(view.body).toMatchObject({ status: 'preparation', convening: null, nextAction: 'convene' });
  });

  it('R17: a convening with an item announced less than a week ahead is refused, naming the item', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'in_person', 'preparation');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Rechtzeitig' }, chair);
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Zu spät', announcedOn: '2026-06-16' }, chair);
    const res = await refused(
      'POST',
      `/api/assemblies/${a}/convene`,
      chairToken,
      { invitedOn: '2026-05-20', channel: 'statute_public_paper' },
      422,
      'convening.item_announced_too_late',
    );
    expect(res.body.error.details).toEqual({ days: 4, position: 2 });
  });

  it('R20: an annual assembly after month six is convened with a warning, recorded in the ledger', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'in_person', 'preparation');
    await call('PATCH', `/api/assemblies/${a}`, {
      token: staffToken(app, 'admin'),
      payload: { startsAt: '2026-07-15T10:00:00Z' },
    });
    await addAgendaItem(ctx, a, { kind: 'annual_accounts', title: 'Jahresabschluss 2025' }, chair);
    const res = await call('POST', `/api/assemblies/${a}/convene`, {
      token: chairToken,
      payload: { invitedOn: '2026-06-01', channel: 'text_form_to_each_member' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.warnings).toEqual([
      { code: 'convening.annual_assembly_outside_first_half', message: expect.any(String) },
    ]);
    const entry = (await readLedger(database.db)).find(
      (e) => e.assemblyId === a && e.type === 'assembly.convened',
    );
    expect(entry?.payload.warnings).toEqual(['convening.annual_assembly_outside_first_half']);
  });

  it('lifecycle: no poll opens before the assembly is open; it cannot close while a poll is open; nothing is cast after the close', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'hybrid', 'convened');
    const item = await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    const poll = await createPoll(ctx, a, { agendaItemId: item.id }, chair);
    await refused('POST', `/api/polls/${poll.id}/open`, chairToken, undefined, 409, 'assembly.not_open');
    await openAssembly(ctx, a, chair);
    const opened = await call('POST', `/api/polls/${poll.id}/open`, { token: chairToken });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    await refused('POST', `/api/assemblies/${a}/close`, chairToken, undefined, 409, 'assembly.polls_open');
    await closePoll(ctx, poll.id, chair);
    await closeAssembly(ctx, a, chair);
    const [voter] = pick(members, 3);
    await refused(
      'POST',
      `/api/polls/${poll.id}/votes`,
      memberToken(app, voter, a),
      { votes: [{ memberId: voter, choice: 'yes' }] },
      409,
      'assembly.closed',
    );
    await refused(
      'POST',
      `/api/polls/${poll.id}/declare`,
      chairToken,
      { text: 'Der Antrag ist abgelehnt.' },
      409,
      'assembly.closed',
    );
  });

  it('C3: a proxy registered after the deadline the invitation set is refused with its reason, and the refusal is recorded', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    const [principal, holder, early, earlyHolder] = pick(members, 0, 1, 2, 3);
    // The test day is 20 June 2026, 10:00 UTC: a deadline the evening before has passed.
    const convened = await call('POST', `/api/assemblies/${a}/convene`, {
      token: chairToken,
      payload: { ...FIXTURE_CONVENING, proxyDeadline: '2026-06-19T18:00:00Z' },
    });
    expect(convened.body.assembly.convening.proxyDeadline).toBe('2026-06-19T18:00:00.000Z');
    const late = await call('POST', `/api/assemblies/${a}/proxies`, {
      token: deskToken,
      payload: { principalId: principal, holderMemberId: holder, form: 'text', documentHash: 'd'.repeat(64) },
    });
    expect(late.status, JSON.stringify(late.body)).toBe(422);
    expect(late.body.error).toMatchObject({
      code: 'proxy.deadline_passed',
      details: { deadline: '2026-06-19T18:00:00.000Z' },
    });
    const rejected = (await readLedger(database.db)).filter(
      (e) => e.assemblyId === a && e.type === 'proxy.rejected',
    );
    expect(rejected.map((e) => e.payload.reason)).toEqual(['proxy.deadline_passed']);
    // Without a deadline in the invitation, the same proxy is taken.
    const b = await newAssembly(ctx, {}, 'hybrid', 'convened');
    const taken = await call('POST', `/api/assemblies/${b}/proxies`, {
      token: deskToken,
      payload: {
        principalId: early,
        holderMemberId: earlyHolder,
        form: 'text',
        documentHash: 'e'.repeat(64),
      },
    });
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
  });

  it('R29: a correction is appended through the domain, points to the declaration it corrects, is recorded in the ledger and verifies; the corrected one stays', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx);
    const [v1, v2, v3] = pick(members, 0, 1, 2);
    for (const v of [v1, v2, v3]) await checkIn(ctx, a, v, 'room', chair);
    const pollId = await openItemPoll(ctx, a);
    for (const [voter, choice] of [
      [v1, 'yes'],
      [v2, 'yes'],
      [v3, 'no'],
    ] as const)
      await castBallots(ctx, { pollId, voterId: voter, votes: [{ memberId: voter, choice }] });
    await closePoll(ctx, pollId, chair);
    const url = `/api/polls/${pollId}/declaration-corrections`;
    const body = {
      text: 'Der Antrag ist mit 2 zu 1 Stimmen angenommen.',
      outcome: 'passed',
      reason: 'Tippfehler',
    };
    // Nothing to correct before the declaration.
    await refused('POST', url, chairToken, body, 409, 'poll.not_declared');
    const first = await declarePoll(
      ctx,
      pollId,
      { text: 'Der Antrag ist mit 2 zu 2 Stimmen angenommen.' },
      chair,
    );
    await refused(
      'POST',
      url,
      chairToken,
      { ...body, reason: '   ' },
      422,
      'poll.correction_reason_required',
    );
    await refused('POST', url, chairToken, { text: body.text, outcome: 'passed' }, 400, 'request.invalid');
    const res = await call('POST', url, { token: chairToken, payload: body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.declaration).toMatchObject({ text: body.text, outcome: 'passed' });
    const stored = await database.db
      .selectFrom('declarations')
      .select(['id', 'corrects_id', 'text'])
      .where('poll_id', '=', pollId)
      .orderBy('corrects_id', 'desc')
      .execute();
    expect(stored).toEqual([
      { id: first.declaration.id, corrects_id: null, text: 'Der Antrag ist mit 2 zu 2 Stimmen angenommen.' },
      { id: expect.any(String), corrects_id: first.declaration.id, text: body.text },
    ]);
    const entry = (await readLedger(database.db)).filter((e) => e.type === 'poll.declared').at(-1);
    expect(entry?.payload).toMatchObject({
      corrects: first.declaration.id,
      correctionReason: 'Tippfehler',
      by: 'staff:chair',
    });
    // The live result shows the correction.
    const live = await call('GET', `/api/assemblies/${a}/live`, { token: chairToken });
    expect(live.body.result).toMatchObject({ outcome: 'passed' });
    // The export verifies with the correction in it.
    const bundle = await call('GET', `/api/assemblies/${a}/export/bundle.json`, {
      token: staffToken(app, 'auditor'),
    });
    expect(bundle.status, JSON.stringify(bundle.body).slice(0, 300)).toBe(200);
    const parsed = (typeof bundle.body === 'string' ? JSON.parse(bundle.body) : bundle.body) as Bundle;
    expect(verifyBundle(parsed).violations.map((v) => `${v.code} ${v.message}`)).toEqual([]);
    // After the close of the assembly nothing is corrected any more.
    await closeAssembly(ctx, a, chair);
    await refused('POST', url, chairToken, body, 409, 'assembly.closed');
  });

  it('R27: the minutes are a draft until the assembly is closed; then final, stating the convening; checkMinutes findings keep them a draft', async () => {
    const ctx = serviceContext(database);
    const auditor = staffToken(app, 'auditor');
    const minutes = async (a: string, lang = 'de') =>
      (await call('GET', `/api/assemblies/${a}/export/minutes.html?lang=${lang}`, { token: auditor }))
        .body as string;
    const a = await newAssembly(ctx);
    const open = await minutes(a);
    expect(open).toContain('ENTWURF – diese Niederschrift ist noch nicht endgültig.');
    expect(open).toContain('Die Versammlung ist noch nicht geschlossen.');
    expect(open).toContain('Einladung zugegangen am 20. Mai 2026: Brief oder E-Mail an jedes Mitglied');
    await closeAssembly(ctx, a, chair);
    const final = await minutes(a);
    expect(final).not.toContain('ENTWURF');
    expect(await minutes(a, 'en')).toContain(
      'Invitation received on 20 May 2026: letter or e-mail to each member',
    );
    // Without a chair named, checkMinutes finds required content missing: still a draft after the close.
    const b = await newAssembly(ctx, {}, 'in_person', 'preparation');
    await updateAssembly(ctx, b, { chairName: null }, chair);
    await addAgendaItem(ctx, b, { kind: 'information_only', title: 'Bericht' }, chair);
    await conveneAssembly(ctx, b, { invitedOn: '2026-05-20', channel: 'text_form_to_each_member' }, chair);
    await openAssembly(ctx, b, chair);
    await closeAssembly(ctx, b, chair);
    const unsigned = await minutes(b);
    expect(unsigned).toContain('ENTWURF');
    expect(unsigned).toContain('Es fehlen Pflichtangaben');
    expect(unsigned).not.toContain('noch nicht geschlossen');
  });

  it('R19: with an audit report pending, the convening needs the item where it is heard', async () => {
    const ctx = serviceContext(database);
    const a = await newAssembly(ctx, {}, 'in_person', 'preparation');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    const body = { invitedOn: '2026-05-20', channel: 'text_form_to_each_member', auditReportPending: true };
    await refused(
      'POST',
      `/api/assemblies/${a}/convene`,
      chairToken,
      body,
      422,
      'convening.audit_report_missing',
    );
    await addAgendaItem(
      ctx,
      a,
      {
        kind: 'information_only',
        title: 'Bericht über die gesetzliche Prüfung',
        details: { auditReport: true },
      },
      chair,
    );
    const res = await call('POST', `/api/assemblies/${a}/convene`, { token: chairToken, payload: body });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const entry = (await readLedger(database.db)).find(
      (e) => e.assemblyId === a && e.type === 'assembly.convened',
    );
    expect(entry?.payload.auditReportPending).toBe(true);
  });

  it('lifecycle: every transition is a live change, sent after the commit', async () => {
    const changes: LiveChange[] = [];
    const ctx = { ...serviceContext(database), afterCommit: (c: LiveChange) => changes.push(c) };
    const a = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    await addAgendaItem(ctx, a, { kind: 'motion', title: 'Antrag' }, chair);
    await conveneAssembly(ctx, a, FIXTURE_CONVENING, chair);
    await openAssembly(ctx, a, chair);
    await closeAssembly(ctx, a, chair);
    expect(changes.filter((c) => c.type.startsWith('assembly.'))).toEqual([
      { type: 'assembly.convened', assemblyId: a },
      { type: 'assembly.opened', assemblyId: a },
      { type: 'assembly.closed', assemblyId: a },
    ]);
  });
});
