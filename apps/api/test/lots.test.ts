import { lotOrder } from '@plenum/domain';
import { lotSeed } from '@plenum/ledger';
import { type Bundle, verifyBundle } from '@plenum/ledger/verify';
import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/schema.ts';
import { addCandidate } from '../src/modules/assemblies/agenda.service.ts';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn } from '../src/modules/attendance/attendance.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import { readLedger, readLedgerHead } from '../src/modules/ledger/ledger.queries.ts';
import { createPoll, openPoll } from '../src/modules/polls/polls.service.ts';
import { buildTestApp } from './support/app.ts';
import { staffToken } from './support/auth.ts';
import { chair, newAssembly, pick, seedMembers, serviceContext } from './support/fixtures.ts';
import { http } from './support/http.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

let database: TestDatabase;
let app: FastifyInstance;
let call: ReturnType<typeof http>;
let members: string[];
let chairToken: string;
let auditorToken: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildTestApp(database, { signingKeySeed: Buffer.alloc(32, 4).toString('base64') });
  call = http(app);
  members = await seedMembers(database, 8);
  chairToken = staffToken(app, 'chair');
  auditorToken = staffToken(app, 'auditor');
});
afterAll(async () => {
  await app?.close();
  await database?.dispose();
});

/**
 * An open assembly with a two-seat election among a, b, c, counted: a named on every ballot, b and
 * c once each, so b and c tie for the second seat.
 */
async function tiedElection(statute: { elections?: { tieBreak: 'lot' | 'run_off' } } = {}) {
  const ctx = serviceContext(database);
  const assemblyId = await newAssembly(ctx, statute);
  const [a, b, c, v1, v2, v3] = pick(members, 0, 1, 2, 3, 4, 5);
  const item = await addAgendaItem(
    ctx,
    assemblyId,
    { kind: 'supervisory_board_election', title: 'Wahl zum Aufsichtsrat', details: { seats: 2 } },
    chair,
  );
  for (const m of [a, b, c]) await addCandidate(ctx, assemblyId, item.id, m, chair);
  const poll = await createPoll(ctx, assemblyId, { agendaItemId: item.id }, chair);
  for (const v of [v1, v2, v3]) await checkIn(ctx, assemblyId, v, 'room', chair);
  await openPoll(ctx, poll.id, chair);
  for (const [voter, choices] of [
    [v1, [a, b]],
    [v2, [a, c]],
    [v3, [a]],
  ] as const)
    await castBallots(ctx, {
      pollId: poll.id,
      voterId: voter,
      votes: [{ memberId: voter, choice: { kind: 'candidates', choices: [...choices] } }],
    });
  const closed = await call('POST', `/api/polls/${poll.id}/close`, { token: chairToken });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  return { assemblyId, itemId: item.id, pollId: poll.id, a, b, c, closed: closed.body };
}

async function exportBundle(assemblyId: string): Promise<Bundle> {
  const res = await call('GET', `/api/assemblies/${assemblyId}/export/bundle.json`, { token: auditorToken });
  expect(res.status).toBe(200);
  return (typeof res.body === 'string' ? JSON.parse(res.body) : res.body) as Bundle;
}

/** As a superuser with the append-only triggers switched off: what an insider could do. */
async function asSuperuser(edit: (trx: Kysely<DB>) => Promise<void>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    await edit(trx);
  });
}

const codes = (bundle: Bundle) => verifyBundle(bundle).violations.map((v) => v.code);

describe('R22: a tie on the last seats is drawn by the chair, verifiably', () => {
  it('R22: the statute setting elections.tieBreak is merged by PATCH, defaults to lot, and is validated', async () => {
    const ctx = serviceContext(database);
    const id = await newAssembly(ctx, {}, 'hybrid', 'preparation');
    const admin = staffToken(app, 'admin');
    const read = async () =>
      (await call('GET', `/api/assemblies/${id}`, { token: admin })).body.statute.elections;
    expect(await read()).toMatchObject({ method: 'most_votes', tieBreak: 'lot' });
    const patched = await call('PATCH', `/api/assemblies/${id}`, {
      token: admin,
      payload: { statute: { elections: { tieBreak: 'run_off' } } },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    // Merged: the other election settings keep their values.
    expect(await read()).toMatchObject({
      method: 'most_votes',
      supervisoryBoardSeats: 5,
      tieBreak: 'run_off',
    });
    const bad = await call('PATCH', `/api/assemblies/${id}`, {
      token: admin,
      payload: { statute: { elections: { tieBreak: 'coin' } } },
    });
    expect(bad.status).toBe(400);
    expect(await read()).toMatchObject({ tieBreak: 'run_off' });
  });

  it('R22: tie → declaration refused → the chair draws the lot → declared with the lot’s outcome', async () => {
    const { assemblyId, pollId, a, b, c, closed } = await tiedElection();
    expect(closed.tally).toMatchObject({
      outcome: 'election.lot_required',
      tie: { among: [b, c].sort(), seats: 1, settledBy: 'lot' },
      elected: [{ candidateId: a, votes: 3, byLot: false }],
      lots: [],
    });
    expect(closed.lot).toBeNull();
    // Declaring before the lot is refused, and changes nothing.
    const before = await readLedgerHead(database.db);
    const early = await call('POST', `/api/polls/${pollId}/declare`, {
      token: chairToken,
      payload: { text: 'Gewählt sind …' },
    });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('poll.lot_required');
    expect(await readLedgerHead(database.db)).toEqual(before);
    // Bad input: an empty or blank value is a 400, and draws nothing.
    for (const value of ['', '   ', 'x'.repeat(65)]) {
      const bad = await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: { value } });
      expect(bad.status).toBe(400);
    }
    expect(await readLedgerHead(database.db)).toEqual(before);
    // Only the chair draws.
    const auditor = await call('POST', `/api/polls/${pollId}/lot`, { token: auditorToken, payload: {} });
    expect(auditor.status).toBe(403);

    const drawn = await call('POST', `/api/polls/${pollId}/lot`, {
      token: chairToken,
      payload: { value: '17' },
    });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    const lot = drawn.body.lot;
    // The seed covers the chair's value, the chain head at the draw and the poll; the order follows.
    expect(lot).toMatchObject({ value: '17', valueSource: 'chair', headSeq: before.seq, head: before.hash });
    expect(lot.seed).toBe(lotSeed({ value: '17', head: before.hash, pollId }));
    expect(lot.order).toEqual(lotOrder(lot.seed, [b, c]));
    const winner = lot.order[0];
    expect(lot.winners).toEqual([winner]);
    expect(drawn.body.tally).toMatchObject({
      outcome: 'election.all_seats_filled',
      unfilledSeats: 0,
      elected: [
        { candidateId: a, votes: 3, byLot: false },
        { candidateId: winner, votes: 1, byLot: true },
      ],
      lots: [{ among: [b, c].sort(), seats: 1, winners: [winner] }],
    });
    expect(drawn.body.tally.tie).toBeUndefined();
    const entry = (await readLedger(database.db)).find(
      (e) => e.type === 'election.lot_drawn' && e.payload.pollId === pollId,
    );
    expect(entry?.payload).toMatchObject({
      pollId,
      value: '17',
      seed: lot.seed,
      order: lot.order,
      by: 'staff:chair',
    });
    expect(entry?.prevHash).toBe(before.hash);
    // Drawn once.
    const again = await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: {} });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('poll.lot_already_drawn');

    const declared = await call('POST', `/api/polls/${pollId}/declare`, {
      token: chairToken,
      payload: { text: 'Gewählt sind zwei Mitglieder, eines durch Los.' },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body.declaration.outcome).toBe('passed');
    // The seat drawn by lot is filled by acceptance like any other.
    const accepted = await call('POST', `/api/polls/${pollId}/acceptances`, {
      token: chairToken,
      payload: { memberId: winner, accepted: true },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const loser = winner === b ? c : b;
    const notElected = await call('POST', `/api/polls/${pollId}/acceptances`, {
      token: chairToken,
      payload: { memberId: loser, accepted: true },
    });
    expect(notElected.body.error.code).toBe('election.candidate_not_elected');

    // The verifier recomputes the lot from the recorded inputs; the untouched export holds.
    const bundle = await exportBundle(assemblyId);
    const poll = bundle.polls.find((p) => p.id === pollId);
    expect(poll?.lot).toMatchObject({ value: '17', seed: lot.seed, order: lot.order });
    expect(verifyBundle(bundle).violations).toEqual([]);

    // The minutes name the lot with its seed, in German and English.
    for (const [lang, words] of [
      ['de', 'Losentscheid'],
      ['en', 'Drawing of lots'],
    ] as const) {
      const html = await call('GET', `/api/assemblies/${assemblyId}/export/minutes.html?lang=${lang}`, {
        token: auditorToken,
      });
      expect(html.status).toBe(200);
      expect(String(html.body)).toContain(words);
      expect(String(html.body)).toContain(lot.seed);
      const pdf = await call('GET', `/api/assemblies/${assemblyId}/export/minutes.pdf?lang=${lang}`, {
        token: auditorToken,
      });
      expect(pdf.status).toBe(200);
    }
  });

  it('R22: a lot with a fresh random value when the chair enters none; a poll without a tie has no lot', async () => {
    const { pollId } = await tiedElection();
    const drawn = await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: {} });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    expect(drawn.body.lot.valueSource).toBe('random');
    expect(drawn.body.lot.value).toMatch(/^[0-9a-f]{32}$/);
  });

  it('R22: a check-in still waiting for its ledger batch goes in before the lot, whose recorded head is the entry right before it', async () => {
    const { assemblyId, pollId } = await tiedElection();
    // A latecomer checks in after the close: the event waits for its batch, no append has run.
    const [late] = pick(members, 6);
    await checkIn(serviceContext(database), assemblyId, late, 'room', chair);
    const drawn = await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: {} });
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    const entries = await readLedger(database.db);
    const lotEntry = entries.find((e) => e.type === 'election.lot_drawn' && e.payload.pollId === pollId);
    const before = entries.find((e) => e.seq === (lotEntry?.seq ?? 0) - 1);
    // The latecomer's batch is in the chain before the lot, and the lot names that very head.
    expect(before?.type).toBe('attendance.chained');
    expect(JSON.stringify(before?.payload)).toContain(late);
    expect(drawn.body.lot).toMatchObject({ headSeq: before?.seq, head: before?.hash });
    expect(codes(await exportBundle(assemblyId))).toEqual([]);
  });

  it('R22: a DB-edited lot outcome or seed is caught on the next export', async () => {
    const { assemblyId, pollId } = await tiedElection();
    const drawn = await call('POST', `/api/polls/${pollId}/lot`, {
      token: chairToken,
      payload: { value: '4711' },
    });
    expect(drawn.status).toBe(200);
    expect(codes(await exportBundle(assemblyId))).toEqual([]);
    const { order, seed } = drawn.body.lot as { order: string[]; seed: string };
    const cases: { what: string; set: Record<string, string>; restore: Record<string, string> }[] = [
      {
        what: 'outcome',
        set: { draw_order: JSON.stringify([...order].reverse()), winners: JSON.stringify([order[1]]) },
        restore: { draw_order: JSON.stringify(order), winners: JSON.stringify([order[0]]) },
      },
      { what: 'seed', set: { seed: 'f'.repeat(64) }, restore: { seed } },
    ];
    for (const c of cases) {
      await asSuperuser(async (trx) => {
        await trx.updateTable('election_lots').set(c.set).where('poll_id', '=', pollId).execute();
      });
      const found = verifyBundle(await exportBundle(assemblyId)).violations;
      expect(
        found.map((v) => v.code),
        c.what,
      ).toEqual(['evidence.lot_mismatch']);
      expect(found[0]?.where).toBe(`poll ${pollId}`);
      await asSuperuser(async (trx) => {
        await trx.updateTable('election_lots').set(c.restore).where('poll_id', '=', pollId).execute();
      });
    }
    expect(codes(await exportBundle(assemblyId))).toEqual([]);
  });

  it('R22: the verifier recomputes the lot from its entry: a forged seed, outcome or head has its own finding', async () => {
    const { assemblyId, pollId } = await tiedElection();
    await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: { value: 'Sieben' } });
    const bundle = await exportBundle(assemblyId);
    const forge = (edit: (p: Record<string, unknown>) => void): Bundle => {
      const copy = structuredClone(bundle) as Bundle;
      const entry = copy.ledger.entries.find(
        (e) => e.type === 'election.lot_drawn' && e.payload.pollId === pollId,
      );
      edit(entry?.payload as Record<string, unknown>);
      return copy;
    };
    const lotCodes = (b: Bundle) => codes(b).filter((c) => c.startsWith('poll.lot'));
    expect(lotCodes(forge((p) => (p.seed = 'a'.repeat(64))))).toContain('poll.lot_seed_mismatch');
    expect(lotCodes(forge((p) => (p.order = [...(p.order as string[])].reverse())))).toEqual([
      'poll.lot_outcome_mismatch',
    ]);
    // Another value gives another seed (the order of two may or may not change with it).
    expect(lotCodes(forge((p) => (p.value = 'Acht')))).toContain('poll.lot_seed_mismatch');
    expect(lotCodes(forge((p) => (p.head = 'b'.repeat(64))))).toContain('poll.lot_head_mismatch');
  });

  it('R22: with tieBreak run_off, the declared round gets the run-off between the tied candidates prepared as a draft', async () => {
    const { pollId, itemId, b, c, closed } = await tiedElection({ elections: { tieBreak: 'run_off' } });
    expect(closed.tally).toMatchObject({
      outcome: 'election.tie_runoff_required',
      tie: { among: [b, c].sort(), seats: 1, settledBy: 'run_off' },
      nextRoundCandidates: [b, c].sort(),
      unfilledSeats: 1,
    });
    expect(closed.runOffPollId).toBeNull();
    // No lot for a run-off statute; the first round is declared as it stands.
    const lot = await call('POST', `/api/polls/${pollId}/lot`, { token: chairToken, payload: {} });
    expect(lot.body.error.code).toBe('poll.lot_not_required');
    const declared = await call('POST', `/api/polls/${pollId}/declare`, {
      token: chairToken,
      payload: { text: 'Ein Sitz ist besetzt; für den zweiten ist eine Stichwahl nötig.' },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(200);
    expect(declared.body.declaration.outcome).toBe('failed');
    const runOffId = declared.body.runOffPollId as string;
    expect(runOffId).toMatch(/^[0-9a-f-]{36}$/);
    const runOff = await call('GET', `/api/polls/${runOffId}`, { token: chairToken });
    expect(runOff.body).toMatchObject({
      agendaItemId: itemId,
      round: 2,
      status: 'draft',
      options: [b, c].sort(),
      config: { seats: 1, votesPerBallot: 1, tieRunOff: true },
    });
    // The chair only opens it.
    const opened = await call('POST', `/api/polls/${runOffId}/open`, { token: chairToken });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
  });
});
