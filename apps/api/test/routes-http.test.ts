import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainWaitingAttendance } from '../src/modules/attendance/attendance-chainer.ts';
import { readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import { addOffice, pick, seedMembers } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** Every route of assemblies, agenda, polls, attendance, proxies and objections over HTTP. */
describe('HTTP routes: success and bad input', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let members: string[];
  let admin: Record<string, string>;
  let chair: Record<string, string>;
  let desk: Record<string, string>;
  let assemblyId: string;
  const as = (memberId: string) => bearer(memberToken(app, memberId, assemblyId));
  /** A bad request is refused with its code and changes nothing (the ledger head does not move). */
  const refused = async (req: InjectOptions, status: number, code: string): Promise<void> => {
    // Check-ins of earlier requests reach the ledger in batches of their own: in before comparing.
    await chainWaitingAttendance(database.db);
    const before = await readLedgerHead(database.db);
    const res = await app.inject(req);
    expect(res.statusCode, res.body).toBe(status);
    expect(res.json().error.code).toBe(code);
    expect(await readLedgerHead(database.db)).toEqual(before);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    members = await seedMembers(database, 12);
    admin = bearer(staffToken(app, 'admin'));
    chair = bearer(staffToken(app, 'chair'));
    desk = bearer(staffToken(app, 'desk'));
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('creates, reads and edits an assembly; refuses bad input', async () => {
    const body = {
      title: 'GV 2026',
      form: 'hybrid',
      registeredSeat: 'Berlin',
      startsAt: '2026-06-20T10:00:00Z',
    };
    const res = await app.inject({ method: 'POST', url: '/api/assemblies', headers: admin, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    assemblyId = res.json().id;
    expect(res.json()).toMatchObject({ title: 'GV 2026', status: 'preparation', form: 'hybrid' });
    expect((await app.inject({ url: `/api/assemblies/${assemblyId}`, headers: chair })).json().title).toBe(
      'GV 2026',
    );
    expect((await app.inject({ url: '/api/assemblies', headers: chair })).json()).toHaveLength(1);
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/assemblies/${assemblyId}`,
      headers: admin,
      payload: { place: 'Leipzig' },
    });
    expect(patched.json().place).toBe('Leipzig');
    await refused(
      { method: 'POST', url: '/api/assemblies', headers: admin, payload: { ...body, colour: 'red' } },
      400,
      'request.unknown_field',
    );
    await refused(
      { method: 'POST', url: '/api/assemblies', headers: admin, payload: { ...body, form: 'telepathic' } },
      400,
      'request.invalid',
    );
    // R15: a statute that lowers a legal threshold is refused with its reason.
    await refused(
      {
        method: 'POST',
        url: '/api/assemblies',
        headers: admin,
        payload: { ...body, statute: { thresholds: { dissolution: { num: 1, den: 2 } } } },
      },
      422,
      'statute.threshold_below_legal_minimum',
    );
    await refused(
      { method: 'GET', url: '/api/assemblies/not-a-uuid', headers: chair },
      400,
      'request.invalid',
    );
    await refused(
      { method: 'GET', url: '/api/assemblies/00000000-0000-4000-8000-000000000000', headers: chair },
      404,
      'assembly.not_found',
    );
  });

  it('builds the agenda with candidates (R21) and moves the current item', async () => {
    const [cand, vorstand] = pick(members, 0, 1);
    await addOffice(database, vorstand, 'management_board', '2020-01-01');
    const item = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/items`,
      headers: admin,
      payload: { kind: 'supervisory_board_election', title: 'Wahl AR', details: { seats: 1 } },
    });
    expect(item.statusCode, item.body).toBe(201);
    const itemId = item.json().id;
    const ok = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/items/${itemId}/candidates`,
      headers: admin,
      payload: { memberId: cand },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/items/${itemId}/candidates`,
        headers: admin,
        payload: { memberId: cand },
      },
      409,
      'agenda.candidate_exists',
    );
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/items/${itemId}/candidates`,
        headers: admin,
        payload: { memberId: vorstand },
      },
      422,
      'election.candidate_on_management_board',
    );
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/items`,
        headers: admin,
        payload: { kind: 'coup', title: 'x' },
      },
      400,
      'request.invalid',
    );
    const items = await app.inject({ url: `/api/assemblies/${assemblyId}/items`, headers: chair });
    expect(items.json()[0]).toMatchObject({
      kind: 'supervisory_board_election',
      decision: 'election',
      candidates: [{ memberId: cand }],
    });
    // Lifecycle: the chair moves through the agenda only in the open assembly.
    await refused(
      {
        method: 'PUT',
        url: `/api/assemblies/${assemblyId}/current-item`,
        headers: chair,
        payload: { itemId },
      },
      409,
      'assembly.not_open',
    );
    const convened = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/convene`,
      headers: chair,
      payload: {
        invitedOn: '2026-05-20',
        channel: 'text_form_to_each_member',
        accessDetails: 'Online-Zugang per Brief',
      },
    });
    expect(convened.statusCode, convened.body).toBe(200);
    const opened = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/open`,
      headers: chair,
    });
    expect(opened.json().assembly).toMatchObject({ status: 'open', nextAction: 'close' });
    const current = await app.inject({
      method: 'PUT',
      url: `/api/assemblies/${assemblyId}/current-item`,
      headers: chair,
      payload: { itemId },
    });
    expect(current.json()).toEqual({ assemblyId, currentItemId: itemId });
    await refused(
      {
        method: 'PUT',
        url: `/api/assemblies/${assemblyId}/current-item`,
        headers: chair,
        payload: { itemId: '00000000-0000-4000-8000-000000000000' },
      },
      404,
      'agenda.item_not_found',
    );
  });

  it('checks members in and out at the desk and online; proxies; attendance summary', async () => {
    const [m1, m2, holder, principal] = pick(members, 2, 3, 4, 5);
    const number = (
      await database.db
        .selectFrom('members')
        .select('member_number')
        .where('id', '=', m1)
        .executeTakeFirstOrThrow()
    ).member_number;
    const byNumber = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/attendance/check-in`,
      headers: desk,
      payload: { memberNumber: number },
    });
    expect(byNumber.statusCode, byNumber.body).toBe(201);
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/attendance/check-in`,
        headers: desk,
        payload: { memberId: m1 },
      },
      409,
      'attendance.already_present',
    );
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/attendance/check-in`,
        headers: desk,
        payload: { memberNumber: 'nobody' },
      },
      404,
      'member.not_found',
    );
    const self = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/attendance/self`,
      headers: as(m2),
    });
    expect(self.json()).toMatchObject({ channel: 'online', event: 'check_in' });
    const grant = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/proxies`,
      headers: desk,
      payload: { principalId: principal, holderMemberId: holder, form: 'text', documentHash: 'd'.repeat(64) },
    });
    expect(grant.statusCode, grant.body).toBe(201);
    await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/attendance/check-in`,
      headers: desk,
      payload: { memberId: holder },
    });
    const summary = await app.inject({ url: `/api/assemblies/${assemblyId}/attendance`, headers: desk });
    expect(summary.json()).toMatchObject({
      presentMembers: 3,
      inRoom: 2,
      online: 1,
      representedByProxy: 1,
      votesRepresented: 4,
    });
    const list = await app.inject({ url: `/api/assemblies/${assemblyId}/proxies`, headers: desk });
    expect(list.json()).toEqual([expect.objectContaining({ principalId: principal, status: 'active' })]);
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/proxies`,
        headers: desk,
        payload: { principalId: principal, holderMemberId: holder, form: 'text', documentHash: 'nothex' },
      },
      400,
      'request.invalid',
    );
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/proxies/${grant.json().id}/revoke`,
      headers: desk,
      payload: { by: 'principal' },
    });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/proxies/${grant.json().id}/revoke`,
        headers: desk,
        payload: { by: 'holder' },
      },
      409,
      'proxy.already_revoked',
    );
    const out = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/attendance/check-out`,
      headers: desk,
      payload: { memberId: m1 },
    });
    expect(out.json()).toEqual({ memberId: m1, present: false });
    // The desk sees where each searched member stands: room, online, checked out, never came.
    const standing = await app.inject({
      url: `/api/assemblies/${assemblyId}/attendance/standing?memberIds=${[m1, m2, holder, principal].join(',')}`,
      headers: desk,
    });
    expect(standing.statusCode, standing.body).toBe(200);
    expect(standing.json()).toEqual([
      { memberId: m1, presence: 'checked_out' },
      { memberId: m2, presence: 'online' },
      { memberId: holder, presence: 'room' },
      { memberId: principal, presence: 'absent' },
    ]);
    await refused(
      { url: `/api/assemblies/${assemblyId}/attendance/standing?memberIds=not-a-uuid`, headers: desk },
      400,
      'request.invalid',
    );
    // Proxies carry member numbers and come sorted by the principal's member number.
    const numbered = (
      await app.inject({ url: `/api/assemblies/${assemblyId}/proxies`, headers: desk })
    ).json();
    expect(numbered[0]).toMatchObject({
      principalNumber: expect.any(String),
      holderNumber: expect.any(String),
    });
    const numbers = numbered.map((g: { principalNumber: string }) => g.principalNumber);
    expect(numbers).toEqual([...numbers].sort((a, b) => a.localeCompare(b, 'de', { numeric: true })));
  });

  it('takes a motion from draft to declared, with votes, my-votes, receipts and objections', async () => {
    const [voter] = pick(members, 3);
    const item = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/items`,
      headers: admin,
      payload: { kind: 'motion', title: 'Antrag A' },
    });
    const created = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/polls`,
      headers: chair,
      payload: { agendaItemId: item.json().id },
    });
    expect(created.statusCode, created.body).toBe(201);
    const pollId = created.json().id;
    expect(created.json()).toMatchObject({ status: 'draft', threshold: { num: 1, den: 2 }, secret: false });
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: as(voter),
        payload: { votes: [{ memberId: voter, choice: 'yes' }] },
      },
      409,
      'poll.not_open',
    );
    expect(
      (await app.inject({ method: 'POST', url: `/api/polls/${pollId}/open`, headers: chair })).json().status,
    ).toBe('open');
    const mine = await app.inject({ url: `/api/polls/${pollId}/my-votes`, headers: as(voter) });
    expect(mine.json()).toMatchObject({
      present: true,
      votes: [{ memberId: voter, capacity: 'own', cast: false }],
    });
    await refused(
      { method: 'POST', url: `/api/polls/${pollId}/votes`, headers: as(voter), payload: { votes: [] } },
      400,
      'request.invalid',
    );
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: as(voter),
        payload: { votes: [{ memberId: voter, choice: 'perhaps' }] },
      },
      400,
      'request.invalid',
    );
    const cast = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/votes`,
      headers: as(voter),
      payload: { votes: [{ memberId: voter, choice: 'yes' }] },
    });
    expect(cast.statusCode, cast.body).toBe(201);
    const receipt = cast.json().receipts[0].receipt;
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: as(voter),
        payload: { votes: [{ memberId: voter, choice: 'no' }] },
      },
      409,
      'vote.duplicate',
    );
    // R23: no interim result while open.
    const open = await app.inject({ url: `/api/polls/${pollId}`, headers: chair });
    expect(open.json()).toMatchObject({ voted: 1, tally: null });
    await refused(
      { method: 'POST', url: `/api/polls/${pollId}/receipts/check`, payload: { receipt } },
      409,
      'receipt.poll_not_closed',
    );
    expect(
      (await app.inject({ method: 'POST', url: `/api/polls/${pollId}/close`, headers: chair })).json(),
    ).toMatchObject({
      status: 'closed',
      tally: { counts: { yes: 1, no: 0 }, passed: true },
    });
    const checked = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/receipts/check`,
      payload: { receipt },
    });
    expect(checked.json()).toMatchObject({ status: 'counted' });
    await refused(
      { method: 'POST', url: `/api/polls/${pollId}/declare`, headers: chair, payload: { text: '' } },
      400,
      'request.invalid',
    );
    const declared = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/declare`,
      headers: chair,
      payload: { text: 'Angenommen.' },
    });
    expect(declared.json()).toMatchObject({
      status: 'declared',
      declaration: { outcome: 'passed', text: 'Angenommen.' },
    });
    await refused(
      { method: 'POST', url: `/api/polls/${pollId}/declare`, headers: chair, payload: { text: 'Again' } },
      409,
      'poll.already_declared',
    );
    expect(
      (await app.inject({ url: `/api/assemblies/${assemblyId}/polls`, headers: as(voter) })).json(),
    ).toHaveLength(1);
    const objection = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/objections`,
      headers: chair,
      payload: { pollId, memberId: voter, text: 'Widerspruch gegen den Beschluss.' },
    });
    expect(objection.statusCode, objection.body).toBe(201);
    const refusedObjection = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/objections`,
      headers: chair,
      payload: { memberNumber: 'X-999', text: 'Widerspruch', status: 'refused', reason: 'Kein Mitglied' },
    });
    expect(refusedObjection.json()).toMatchObject({
      status: 'refused',
      reason: 'Kein Mitglied',
      memberId: null,
    });
    await refused(
      {
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/objections`,
        headers: chair,
        payload: { text: 'anonymous' },
      },
      400,
      'objection.member_required',
    );
    const objections = await app.inject({ url: `/api/assemblies/${assemblyId}/objections`, headers: chair });
    expect(objections.json()).toHaveLength(2);
  });

  it('runs an election round and records acceptance (R22)', async () => {
    const items = (await app.inject({ url: `/api/assemblies/${assemblyId}/items`, headers: chair })).json();
    const election = items.find((i: { kind: string }) => i.kind === 'supervisory_board_election');
    const created = await app.inject({
      method: 'POST',
      url: `/api/assemblies/${assemblyId}/polls`,
      headers: chair,
      payload: { agendaItemId: election.id },
    });
    expect(created.json()).toMatchObject({
      kind: 'election',
      secret: true,
      config: { seats: 1, votesPerBallot: 1 },
    });
    const pollId = created.json().id;
    await app.inject({ method: 'POST', url: `/api/polls/${pollId}/open`, headers: chair });
    const [voter] = pick(members, 3);
    const [cand] = pick(members, 0);
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${pollId}/votes`,
        headers: as(voter),
        payload: { votes: [{ memberId: voter, choice: { kind: 'candidates', choices: [voter] } }] },
      },
      400,
      'vote.invalid_choice',
    );
    const cast = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/votes`,
      headers: as(voter),
      payload: { votes: [{ memberId: voter, choice: { kind: 'candidates', choices: [cand] } }] },
    });
    expect(cast.statusCode, cast.body).toBe(201);
    const closed = await app.inject({ method: 'POST', url: `/api/polls/${pollId}/close`, headers: chair });
    expect(closed.json().tally).toMatchObject({
      elected: [{ candidateId: cand, votes: 1 }],
      outcome: 'election.all_seats_filled',
    });
    const accepted = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/acceptances`,
      headers: chair,
      payload: { memberId: cand, accepted: true },
    });
    expect(accepted.json().awards).toEqual([expect.objectContaining({ memberId: cand, status: 'accepted' })]);
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${pollId}/acceptances`,
        headers: chair,
        payload: { memberId: cand, accepted: false },
      },
      422,
      'election.acceptance_already_recorded',
    );
  });

  it('R22: an acceptance names the elected member by member id, as the tally counts them; the old field is refused', async () => {
    const spec = (await app.inject({ url: '/api/openapi.json' })).json();
    const body =
      spec.paths['/api/polls/{pollId}/acceptances'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['accepted', 'memberId']);
    expect(body.properties.memberId.description).toMatch(/member id/);
    const polls = (await app.inject({ url: `/api/assemblies/${assemblyId}/polls`, headers: chair })).json();
    const election = polls.find((p: { kind: string; status: string }) => p.kind === 'election');
    const elected = election.tally.elected[0].candidateId;
    expect(members).toContain(elected);
    await refused(
      {
        method: 'POST',
        url: `/api/polls/${election.id}/acceptances`,
        headers: chair,
        payload: { candidateId: elected, accepted: true },
      },
      400,
      'request.invalid',
    );
  });

  describe('bad input is a 4xx with a stable code and changes nothing', () => {
    const NUL = 'Ab\u0000c';
    const SURROGATE = 'Ab\uD800c';
    const invalidText = async (req: InjectOptions, field: string) => {
      await chainWaitingAttendance(database.db);
      const before = await readLedgerHead(database.db);
      const res = await app.inject(req);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'request.invalid',
        details: {
          field,
          issues: expect.arrayContaining([
            expect.objectContaining({ message: 'must not contain a NUL character or an unpaired surrogate' }),
          ]),
        },
      });
      expect(await readLedgerHead(database.db)).toEqual(before);
    };

    it('refuses a NUL character in every kind of string: logins, search, titles, objections, check-in, proxy holder', async () => {
      const [principal] = pick(members, 6);
      await invalidText(
        {
          method: 'POST',
          url: '/api/auth/staff/login',
          payload: { username: NUL, password: 'x'.repeat(12) },
        },
        'username',
      );
      await invalidText(
        { method: 'POST', url: '/api/auth/staff/login', payload: { username: 'admin', password: NUL } },
        'password',
      );
      await invalidText(
        {
          method: 'POST',
          url: '/api/auth/member/login',
          payload: { assemblyId, memberNumber: NUL, code: 'ABCD' },
        },
        'memberNumber',
      );
      await invalidText({ url: '/api/members?q=%00', headers: desk }, 'q');
      await invalidText({ url: '/api/members?q=M%00', headers: desk }, 'q');
      const assembly = {
        title: NUL,
        form: 'hybrid',
        registeredSeat: 'Berlin',
        startsAt: '2026-06-20T10:00:00Z',
      };
      await invalidText(
        { method: 'POST', url: '/api/assemblies', headers: admin, payload: assembly },
        'title',
      );
      await invalidText(
        { method: 'PATCH', url: `/api/assemblies/${assemblyId}`, headers: admin, payload: { place: NUL } },
        'place',
      );
      await invalidText(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/items`,
          headers: admin,
          payload: { kind: 'motion', title: 'Antrag', body: NUL },
        },
        'body',
      );
      await invalidText(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/objections`,
          headers: desk,
          payload: { memberId: principal, text: NUL },
        },
        'text',
      );
      await invalidText(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/attendance/check-in`,
          headers: desk,
          payload: { memberNumber: NUL },
        },
        'memberNumber',
      );
      await invalidText(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/proxies`,
          headers: desk,
          payload: { principalId: principal, holderName: NUL, form: 'text', documentHash: 'd'.repeat(64) },
        },
        'holderName',
      );
    });

    it('refuses an unpaired surrogate in any string the ledger would record', async () => {
      const [member] = pick(members, 6);
      // Sent as JSON text: "\ud800" is valid JSON and parses to an unpaired surrogate.
      const json = (value: object) => ({
        'content-type': 'application/json',
        ...admin,
        payload: JSON.stringify(value),
      });
      for (const title of [SURROGATE, '\uDC00', 'x\uDBFF']) {
        const { payload, ...headers } = json({
          title,
          form: 'hybrid',
          registeredSeat: 'Berlin',
          startsAt: '2026-06-20T10:00:00Z',
        });
        await invalidText({ method: 'POST', url: '/api/assemblies', headers, payload }, 'title');
      }
      await invalidText(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/objections`,
          headers: desk,
          payload: { memberId: member, text: SURROGATE },
        },
        'text',
      );
      // A well-formed pair (an emoji) is fine.
      const emoji = await app.inject({
        method: 'POST',
        url: `/api/assemblies/${assemblyId}/objections`,
        headers: desk,
        payload: { memberId: member, text: 'Widerspruch \uD83D\uDE00' },
      });
      expect(emoji.statusCode, emoji.body).toBe(201);
      expect(emoji.json().text).toBe('Widerspruch 😀');
    });

    it('refuses a proxy for a principal who is not on the register with proxy.principal_not_found', async () => {
      const [holder] = pick(members, 7);
      const before = await database.db
        .selectFrom('proxies')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      await refused(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/proxies`,
          headers: desk,
          payload: {
            principalId: '00000000-0000-4000-8000-000000000000',
            holderMemberId: holder,
            form: 'text',
            documentHash: 'd'.repeat(64),
          },
        },
        404,
        'proxy.principal_not_found',
      );
      const after = await database.db
        .selectFrom('proxies')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      expect(after).toEqual(before);
    });

    it('bounds numeric query parameters: Infinity, 1e400, NaN, 0, 201 and 1.5 are a 400', async () => {
      for (const limit of ['Infinity', '-Infinity', '1e400', 'NaN', '0', '201', '1.5', '']) {
        await refused({ url: `/api/members?limit=${limit}`, headers: desk }, 400, 'request.invalid');
      }
      const res = await app.inject({ url: '/api/members?limit=1e1', headers: desk });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toHaveLength(10);
      // A JSON number too big for a double is Infinity after parsing: refused as well.
      await refused(
        {
          method: 'POST',
          url: `/api/assemblies/${assemblyId}/items`,
          headers: { ...admin, 'content-type': 'application/json' },
          payload: '{"kind":"supervisory_board_election","title":"Wahl","details":{"seats":"1e400"}}',
        },
        400,
        'request.invalid',
      );
    });

    it('refuses bad URLs in the error shape: bad percent-encoding, an overlong path parameter', async () => {
      await refused({ url: '/api/assemblies/%ZZ', headers: chair }, 400, 'request.invalid');
      await refused({ url: '/api/assemblies/%C0%80', headers: chair }, 400, 'request.invalid');
      await refused({ url: `/api/assemblies/${'x'.repeat(1000)}`, headers: chair }, 414, 'request.invalid');
    });

    it('PATCH: an empty body is a 400; a partial statute is merged into the current one and checked again', async () => {
      // A fresh assembly: only one in preparation can be changed (the shared one is open by now).
      const created = await app.inject({
        method: 'POST',
        url: '/api/assemblies',
        headers: admin,
        payload: {
          title: 'GV 2027',
          form: 'in_person',
          registeredSeat: 'Berlin',
          startsAt: '2027-06-20T10:00:00Z',
        },
      });
      const assemblyId: string = created.json().id;
      await refused(
        { method: 'PATCH', url: `/api/assemblies/${assemblyId}`, headers: admin, payload: {} },
        400,
        'request.invalid',
      );
      const patch = (statute: object) =>
        app.inject({
          method: 'PATCH',
          url: `/api/assemblies/${assemblyId}`,
          headers: admin,
          payload: { statute },
        });
      const on = await patch({ channels: { advanceVoting: true }, proxies: { maxPrincipalsPerHolder: 1 } });
      expect(on.statusCode, on.body).toBe(200);
      // Only thresholds: advance voting and the proxy cap stay as they were.
      const thresholds = await patch({ thresholds: { motion: { num: 2, den: 3 } } });
      expect(thresholds.statusCode, thresholds.body).toBe(200);
      expect(thresholds.json().statute).toMatchObject({
        channels: { advanceVoting: true, precedence: ['personal', 'proxy', 'advance'] },
        proxies: { maxPrincipalsPerHolder: 1, form: 'text' },
        thresholds: { motion: { num: 2, den: 3 } },
      });
      // One field of a section: the section's other fields stay.
      const form = await patch({ proxies: { form: 'written' } });
      expect(form.json().statute.proxies).toMatchObject({ form: 'written', maxPrincipalsPerHolder: 1 });
      // The merged result is checked by the domain: 3 votes while multiple votes are off is refused.
      await refused(
        {
          method: 'PATCH',
          url: `/api/assemblies/${assemblyId}`,
          headers: admin,
          payload: { statute: { multipleVotes: { maxVotes: 3 } } },
        },
        422,
        'statute.multiple_votes_invalid',
      );
      await refused(
        {
          method: 'PATCH',
          url: `/api/assemblies/${assemblyId}`,
          headers: admin,
          payload: { statute: { proxies: 'all' } },
        },
        400,
        'request.invalid',
      );
      await refused(
        {
          method: 'PATCH',
          url: `/api/assemblies/${assemblyId}`,
          headers: admin,
          payload: { statute: { colour: 'red' } },
        },
        400,
        'request.unknown_field',
      );
      const current = await app.inject({ url: `/api/assemblies/${assemblyId}`, headers: chair });
      expect(current.json().statute).toMatchObject({
        channels: { advanceVoting: true },
        multipleVotes: { enabled: false, maxVotes: 1 },
        proxies: { form: 'written', maxPrincipalsPerHolder: 1 },
      });
    });
  });
});
