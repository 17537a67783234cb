import { createHash } from 'node:crypto';
import { seededRandom } from '@plenum/domain';
import { LEDGER_EVENT_TYPES, verifyChain } from '@plenum/ledger';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { buildRegister } from '../src/demo/demo-register.ts';
import { type DemoSeed, seedDemo } from '../src/demo/demo-seed.ts';
import { systemRandom } from '../src/deps.ts';
import { readLedger } from '../src/modules/ledger/ledger.queries.ts';
import {
  expectedElection,
  expectedMotion,
  http,
  inParallel,
  ipOf,
  type MotionChoice,
  motionChooser,
  type Reply,
  tiedElectionBallots,
} from './scenario-helpers.ts';
import { testConfig } from './support/app.ts';
import { testClock } from './support/clock.ts';
import { serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The demo assembly end to end over HTTP: 900 members on the register, about 600 present (some
 * online), proxies (a third one refused, R7), every poll kind with §43(6) exclusions, a tied
 * election decided by lot, and every result checked against a count made here from the votes sent.
 */
describe('scenario: the demo annual assembly over HTTP', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let call: ReturnType<typeof http>;
  let seed: DemoSeed;
  const staff: Record<string, string> = {};
  /** Member id → token, for everyone who logged in. */
  const tokens = new Map<string, string>();
  const present = new Set<string>();
  /** Holder → principals whose votes they carry (absent principals only, R5). */
  const carries = new Map<string, string[]>();
  const itemId = (kind: string, nth = 0) => seed.items.filter((i) => i.kind === kind)[nth]?.id ?? '';
  const A = () => `/api/assemblies/${seed.assemblyId}`;
  /** The counts made here, printed at the end for the record. */
  const summary: Record<string, unknown> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    seed = await seedDemo(serviceContext(database, testClock('2026-05-20T09:00:00.000Z')), {
      publicUrl: 'http://localhost:3000',
    });
    // systemRandom: receipts and ballot ids must never repeat; the lot is checked by its record.
    app = await buildApp({
      config: testConfig(),
      db: database,
      clock: testClock('2026-06-20T10:00:00.000Z'),
      random: systemRandom,
      logger: pino({ level: 'silent' }),
    });
    call = http(app);
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('staff and ~600 members log in; the desk checks them in, some check in online', async () => {
    for (const s of seed.staff) {
      const res = await call('POST', '/api/auth/staff/login', {
        payload: { username: s.username, password: s.password },
      });
      expect(res.status).toBe(200);
      staff[s.role] = res.body.token;
    }
    const r = seed.roles;
    const principals = new Set(seed.proxies.map((p) => p.principalId));
    const register = buildRegister();
    const idOf = new Map(seed.codes.map((c) => [c.memberNumber, c.memberId] as const));
    const legal = new Set([r.kulturzentrum, r.atelierhaus]);
    const mustAttend = new Set([
      ...r.supervisoryBoard,
      r.supervisoryLeft,
      ...r.managementBoard,
      r.prokura,
      ...r.candidates,
      r.kulturzentrumRepresentative,
      ...seed.proxies.map((p) => p.holderId),
    ]);
    const random = seededRandom(600);
    const attending = seed.codes.filter((c) => {
      if (legal.has(c.memberId) || principals.has(c.memberId) || c.memberId === r.expelled) return false;
      return mustAttend.has(c.memberId) || random() < 0.67;
    });
    expect(attending.length).toBeGreaterThan(560);
    expect(attending.length).toBeLessThan(640);
    await inParallel(attending, 16, async (c, i) => {
      const res = await call('POST', '/api/auth/member/login', {
        payload: { assemblyId: seed.assemblyId, memberNumber: c.memberNumber, code: c.code },
        ip: ipOf(i + 1),
      });
      expect(res.status, `${c.memberNumber} ${JSON.stringify(res.body)}`).toBe(200);
      tokens.set(c.memberId, res.body.token);
    });
    // Every sixth member joins online by themself (R25), the rest at the desk by member number.
    await inParallel(attending, 16, async (c, i) => {
      const res =
        i % 6 === 5
          ? await call('POST', `${A()}/attendance/self`, { token: tokens.get(c.memberId) ?? '' })
          : await call('POST', `${A()}/attendance/check-in`, {
              token: staff.desk,
              payload: { memberNumber: c.memberNumber },
            });
      expect(res.status, c.memberNumber).toBe(201);
      present.add(c.memberId);
    });
    const online = attending.filter((_, i) => i % 6 === 5).length;
    summary.attendance = { present: attending.length, online };
    // R3: the expelled member and one who left are turned away (and the refusals recorded).
    const expelledNumber = seed.codes.find((c) => c.memberId === r.expelled)?.memberNumber;
    const gone = register.members[register.exited[0] ?? 0]?.memberNumber;
    for (const [number, reason] of [
      [expelledNumber, 'attendance.expelled'],
      [gone, 'attendance.not_a_member'],
    ] as const) {
      const res = await call('POST', `${A()}/attendance/check-in`, {
        token: staff.desk,
        payload: { memberNumber: number },
      });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'attendance.not_admitted', details: { reason } });
    }
    const again = await call('POST', `${A()}/attendance/check-in`, {
      token: staff.desk,
      payload: { memberNumber: attending[0]?.memberNumber },
    });
    expect(again.status).toBe(409);
    const counted = await call('GET', `${A()}/attendance`, { token: staff.chair });
    expect(counted.body).toMatchObject({
      presentMembers: attending.length,
      inRoom: attending.length - online,
      online,
      representedByProxy: 5,
    });
    expect(idOf.size).toBe(894);
  }, 600_000);

  it('R7: the desk registers one more proxy and refuses a third one for the same holder', async () => {
    const register = buildRegister();
    const idOf = new Map(seed.codes.map((c) => [c.memberNumber, c.memberId] as const));
    // An absent ordinary member gives a proxy to a present one.
    const absent = seed.codes.filter(
      (c) =>
        !present.has(c.memberId) &&
        !seed.proxies.some((p) => p.principalId === c.memberId) &&
        c.memberId !== seed.roles.expelled &&
        c.memberId !== seed.roles.kulturzentrum &&
        c.memberId !== seed.roles.atelierhaus,
    );
    const [principal, third] = absent;
    const holder = [...present].find(
      (id) => !seed.proxies.some((p) => p.holderId === id) && !Object.values(seed.roles).flat().includes(id),
    );
    expect(principal && third && holder).toBeTruthy();
    const doc = (text: string) => createHash('sha256').update(text).digest('hex');
    const ok = await call('POST', `${A()}/proxies`, {
      token: staff.desk,
      payload: {
        principalId: principal?.memberId,
        holderMemberId: holder,
        form: 'text',
        documentHash: doc('Vollmacht 6'),
      },
    });
    expect(ok.status).toBe(201);
    const capped = seed.proxies[0]?.holderId ?? '';
    const refused = await call('POST', `${A()}/proxies`, {
      token: staff.desk,
      payload: {
        principalId: third?.memberId,
        holderMemberId: capped,
        form: 'text',
        documentHash: doc('V7'),
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('proxy.holder_cap_reached');
    const list = await call('GET', `${A()}/proxies`, { token: staff.auditor });
    expect(list.body.filter((p: { status: string }) => p.status === 'active')).toHaveLength(6);
    expect(list.body.filter((p: { status: string }) => p.status === 'rejected')).toHaveLength(1);
    for (const p of [...seed.proxies, { holderId: holder ?? '', principalId: principal?.memberId ?? '' }]) {
      carries.set(p.holderId, [...(carries.get(p.holderId) ?? []), p.principalId]);
    }
    expect(register.members).toHaveLength(900);
    expect(idOf.has(register.members[0]?.memberNumber ?? '')).toBe(true);
  });

  it('there is no vote on an information item (§46(3) GenG)', async () => {
    const opening = itemId('information_only');
    const moved = await call('PUT', `${A()}/current-item`, {
      token: staff.chair,
      payload: { itemId: opening },
    });
    expect(moved.status).toBe(200);
    const res = await call('POST', `${A()}/polls`, {
      token: staff.chair,
      payload: { agendaItemId: opening },
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('poll.item_not_votable');
    expect((await call('GET', `${A()}/polls`, { token: staff.auditor })).body).toEqual([]);
  });

  /** Everyone present who may vote casts; holders and the gGmbH's representative cast for others too. */
  function ballotsFor(excludedPersons: ReadonlySet<string>) {
    const r = seed.roles;
    const requests: { voter: string; memberIds: string[] }[] = [];
    for (const voter of [...present].sort()) {
      if (excludedPersons.has(voter)) continue;
      const others = [...(carries.get(voter) ?? [])];
      if (voter === r.kulturzentrumRepresentative) others.push(r.kulturzentrum);
      if (voter === r.atelierhausRepresentative) others.push(r.atelierhaus);
      requests.push({ voter, memberIds: [voter, ...others] });
    }
    return requests;
  }

  async function runPoll(kind: string) {
    const chair = staff.chair ?? '';
    expect(
      (await call('PUT', `${A()}/current-item`, { token: chair, payload: { itemId: itemId(kind) } })).status,
    ).toBe(200);
    const created = await call('POST', `${A()}/polls`, {
      token: chair,
      payload: { agendaItemId: itemId(kind) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const opened = await call('POST', `/api/polls/${created.body.id}/open`, { token: chair });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    return opened.body;
  }

  async function castAll(
    pollId: string,
    requests: { voter: string; memberIds: string[] }[],
    choice: (memberId: string) => unknown,
  ) {
    const sent: { memberId: string; choice: unknown }[] = [];
    const receipts: string[] = [];
    await inParallel(requests, 16, async (req) => {
      const votes = req.memberIds.map((memberId) => ({ memberId, choice: choice(memberId) }));
      const res = await call('POST', `/api/polls/${pollId}/votes`, {
        token: tokens.get(req.voter) ?? '',
        payload: { votes },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      sent.push(...votes);
      receipts.push(...res.body.receipts.map((x: { receipt: string }) => x.receipt));
    });
    return { sent, receipts };
  }

  async function closeAndDeclare(pollId: string, text: string): Promise<{ closed: Reply; live: Reply }> {
    const chair = staff.chair ?? '';
    const closed = await call('POST', `/api/polls/${pollId}/close`, { token: chair });
    expect(closed.status).toBe(200);
    const declared = await call('POST', `/api/polls/${pollId}/declare`, { token: chair, payload: { text } });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    const live = await call('GET', `${A()}/live`, { token: tokens.values().next().value ?? '' });
    expect(live.status).toBe(200);
    return { closed: await call('GET', `/api/polls/${pollId}`, { token: staff.auditor }), live };
  }

  /** 900 on the register minus 6 who left and 1 expelled (R3); the excluded are taken off per poll (R12). */
  const ELIGIBLE = 893;

  const motions: [kind: string, yes: number, no: number, excluded: () => string[]][] = [
    ['annual_accounts', 88, 4, () => []],
    ['appropriation_of_profit_or_loss', 80, 12, () => []],
    ['discharge_management_board', 78, 10, () => seed.roles.managementBoard],
    [
      'discharge_supervisory_board',
      75,
      12,
      () => [...seed.roles.supervisoryBoard, seed.roles.supervisoryLeft],
    ],
    ['statute_amendment', 70, 25, () => []],
  ];

  it.each(motions)(
    '%s: counted, excluded and declared as counted here',
    async (kind, yesPct, noPct, barred) => {
      const poll = await runPoll(kind);
      const excludedPersons = new Set(barred());
      // R10, C7: the gGmbH's peer, the Atelierhaus, is barred with its representative on the AR board.
      const excludedVotes =
        excludedPersons.size + (excludedPersons.has(seed.roles.atelierhausRepresentative) ? 1 : 0);
      expect(poll.votesExcluded).toBe(excludedVotes);
      expect(poll.votesAvailable).toBe(ELIGIBLE - excludedVotes);
      // R10: a barred board member may not vote, neither their own vote nor as anyone's proxy.
      for (const person of excludedPersons) {
        if (!present.has(person)) continue;
        const res = await call('POST', `/api/polls/${poll.id}/votes`, {
          token: tokens.get(person) ?? '',
          payload: { votes: [{ memberId: person, choice: 'yes' }] },
        });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('vote.voter_excluded');
      }
      const choose = motionChooser(seededRandom(kind.length * 7919), yesPct, noPct);
      const planned = new Map<string, MotionChoice>();
      const requests = ballotsFor(excludedPersons);
      for (const req of requests) for (const m of req.memberIds) planned.set(m, choose());
      const { sent } = await castAll(poll.id, requests, (m) => planned.get(m));
      const expected = expectedMotion(
        sent.map((v) => v.choice as MotionChoice),
        poll.threshold,
        excludedVotes,
      );
      const { closed, live } = await closeAndDeclare(poll.id, `Beschluss zu ${kind}`);
      expect(closed.body.tally).toMatchObject({
        counts: expected.counts,
        excluded: expected.excluded,
        ballots: expected.ballots,
        base: expected.base,
        passed: expected.passed,
      });
      expect(closed.body).toMatchObject({ voted: sent.length, ballotCount: sent.length, status: 'declared' });
      expect(closed.body.declaration.outcome).toBe(expected.passed ? 'passed' : 'failed');
      expect(live.body).toMatchObject({
        currentItem: { id: itemId(kind) },
        poll: { id: poll.id, status: 'declared' },
        turnout: { voted: sent.length, eligible: ELIGIBLE - excludedVotes, excluded: excludedVotes },
        attendance: { present: present.size, represented: 6 },
        result: {
          outcome: expected.passed ? 'passed' : 'failed',
          counts: expected.counts,
          excluded: excludedVotes,
        },
      });
      if (kind === 'statute_amendment') {
        // §16(2): a simple majority is not enough; three quarters of the votes cast are needed.
        expect(poll.threshold).toEqual({ num: 3, den: 4 });
        expect(expected.counts.yes).toBeGreaterThan(expected.counts.no);
        expect(expected.passed).toBe(false);
      }
      summary[kind] = { ...expected.counts, excluded: excludedVotes, passed: expected.passed };
    },
    600_000,
  );

  it('R22: the election of two seats among three candidates ends in a tie decided by lot', async () => {
    const [a = '', b = '', c = ''] = seed.roles.candidates;
    const poll = await runPoll('supervisory_board_election');
    expect(poll).toMatchObject({
      kind: 'election',
      secret: true,
      votesExcluded: 0,
      votesAvailable: ELIGIBLE,
    });
    expect(poll.config).toMatchObject({ method: 'most_votes', seats: 2, votesPerBallot: 2 });
    const requests = ballotsFor(new Set());
    const members = requests.flatMap((r) => r.memberIds);
    const ballots = tiedElectionBallots(seededRandom(2026), members.length, [a, b, c] as string[]);
    const planned = new Map(members.map((m, i) => [m, ballots[i] ?? []] as const));
    // Ballots naming three candidates, or someone not standing, are refused before anything is stored.
    const voter = requests[0]?.voter ?? '';
    for (const choices of [[a, b, c], [seed.roles.prokura]]) {
      const res = await call('POST', `/api/polls/${poll.id}/votes`, {
        token: tokens.get(voter) ?? '',
        payload: { votes: [{ memberId: voter, choice: { kind: 'candidates', choices } }] },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('vote.invalid_choice');
    }
    const { sent, receipts } = await castAll(poll.id, requests, (m) => ({
      kind: 'candidates',
      choices: planned.get(m),
    }));
    const expected = expectedElection(
      sent.map((v) => (v.choice as { choices: string[] }).choices),
      [a, b, c] as string[],
    );
    expect(expected.votes.get(b)).toBe(expected.votes.get(c));
    expect(expected.votes.get(a) ?? 0).toBeGreaterThan(expected.votes.get(b) ?? 0);
    // R22: the tie stays open at the close; the result is declared only after the chair's lot.
    const chair = staff.chair ?? '';
    const counted = await call('POST', `/api/polls/${poll.id}/close`, { token: chair });
    expect(counted.body.tally).toMatchObject({
      outcome: 'election.lot_required',
      tie: { among: [b, c].sort(), seats: 1, settledBy: 'lot' },
    });
    const early = await call('POST', `/api/polls/${poll.id}/declare`, {
      token: chair,
      payload: { text: 'Wahlergebnis Aufsichtsrat' },
    });
    expect(early.body.error.code).toBe('poll.lot_required');
    const drawn = await call('POST', `/api/polls/${poll.id}/lot`, {
      token: chair,
      payload: { value: '2026' },
    });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    const { closed, live } = await closeAndDeclare(poll.id, 'Wahlergebnis Aufsichtsrat');
    const tally = closed.body.tally;
    expect(tally).toMatchObject({
      validBallots: expected.validBallots,
      abstentions: expected.abstentions,
      invalidBallots: 0,
      ballots: sent.length,
      excluded: 0,
      outcome: 'election.all_seats_filled',
      unfilledSeats: 0,
    });
    for (const v of tally.votes) expect(v.votes).toBe(expected.votes.get(v.candidateId));
    const winner: string = closed.body.lot.winners[0];
    expect(closed.body.lot).toMatchObject({ value: '2026', valueSource: 'chair', among: [b, c].sort() });
    expect(tally.lots).toEqual([{ among: [b, c].sort(), seats: 1, winners: [winner] }]);
    expect(tally.elected).toEqual([
      { candidateId: a, votes: expected.votes.get(a), byLot: false },
      { candidateId: winner, votes: expected.votes.get(b), byLot: true },
    ]);
    expect(live.body).toMatchObject({
      poll: { id: poll.id, status: 'declared' },
      turnout: { voted: sent.length },
    });
    // C6 a is decided in one round: there is no run-off to create.
    const again = await call('POST', `${A()}/polls`, {
      token: staff.chair,
      payload: { agendaItemId: itemId('supervisory_board_election') },
    });
    expect(again.status).toBe(409);
    // Anyone can check a receipt was counted (never how).
    const check = await call('POST', `/api/polls/${poll.id}/receipts/check`, {
      payload: { receipt: receipts[0] },
    });
    expect(check.body.status).toBe('counted');
    // R22: the seats are filled once the elected accept.
    for (const candidateId of [a, winner]) {
      const res = await call('POST', `/api/polls/${poll.id}/acceptances`, {
        token: staff.chair,
        payload: { memberId: candidateId, accepted: true },
      });
      expect(res.status).toBe(200);
    }
    const items = await call('GET', `${A()}/items`, { token: staff.chair });
    const election = items.body.find((i: { kind: string }) => i.kind === 'supervisory_board_election');
    const accepted = election.candidates.filter((x: { acceptedAt: string | null }) => x.acceptedAt !== null);
    expect(accepted.map((x: { memberId: string }) => x.memberId).sort()).toEqual([a, winner].sort());
    summary.election = {
      ...Object.fromEntries(expected.votes),
      validBallots: expected.validBallots,
      lot: winner,
    };
  }, 600_000);

  it('records an objection for the minutes and the ledger chain verifies', async () => {
    const polls = await call('GET', `${A()}/polls`, { token: staff.auditor });
    expect(polls.body).toHaveLength(6);
    const statute = polls.body.find((p: { itemKind: string }) => p.itemKind === 'statute_amendment');
    const member = [...present][0] ?? '';
    const objection = await call('POST', `${A()}/objections`, {
      token: staff.desk,
      payload: { pollId: statute.id, memberId: member, text: 'Widerspruch gegen den Beschluss zu TOP 8.' },
    });
    expect(objection.status).toBe(201);
    const ledger = await readLedger(database.db);
    expect(verifyChain(ledger)).toEqual([]);
    // Every entry the assembly wrote has a type the verifier knows (LEDGER_EVENT_TYPES).
    const known: readonly string[] = LEDGER_EVENT_TYPES;
    expect([...new Set(ledger.map((e) => e.type))].filter((type) => !known.includes(type))).toEqual([]);
    console.info('scenario counts', JSON.stringify(summary));
  });
});
