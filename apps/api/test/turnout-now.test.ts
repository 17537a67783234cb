import type { LiveSnapshot, MissingVoters } from '@plenum/contracts';
import { turnoutNow } from '@plenum/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { addRepresentative } from '../src/modules/members/representatives.service.ts';
import { createPoll, openPoll } from '../src/modules/polls/polls.service.ts';
import { turnoutOf, unvotedStandings, votesCastOf } from '../src/modules/polls/turnout.queries.ts';
import { grantProxy } from '../src/modules/proxies/proxies.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken, staffToken } from './support/auth.ts';
import {
  addOffice,
  chair,
  checkInAll,
  newAssembly,
  pick,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/**
 * The turnout that matters: votes cast against the votes that can be cast now (present in the room
 * or online, represented by a present proxy holder or representative, advance votes received),
 * never against the whole register, and the chair's list of who can vote now and has not.
 *
 * The assembly (13 members on the register, T000001…T000013):
 *  m0 room, holds m3's proxy     m1 room, 3 votes (C1), represents the legal person m12
 *  m2 online                     m3 absent, represented by m0
 *  m4 absent, holder m9 absent   m5 absent
 *  m6 room, management board: barred on its discharge (§43(6)), holds m7's proxy
 *  m7 absent, holder barred      m8 absent, advance vote      m9 absent
 *  m10 room, advance vote        m11 checked in online, then left
 *  m12 legal person, absent itself, its representative m1 is in the room
 */
describe('turnout against the votes that can be cast now', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: ServiceContext;
  let m: string[];
  let assemblyId: string;
  let pollId: string;
  const doc = { form: 'text' as const, documentHash: 'd'.repeat(64) };

  const live = async (): Promise<LiveSnapshot> => {
    const res = await app.inject({
      url: `/api/assemblies/${assemblyId}/live`,
      headers: bearer(staffToken(app, 'chair')),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const missing = async (): Promise<MissingVoters> => {
    const res = await app.inject({
      url: `/api/polls/${pollId}/missing`,
      headers: bearer(staffToken(app, 'chair')),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const cast = (voter: string, ...memberIds: string[]) =>
    castBallots(ctx, {
      pollId,
      voterId: voter,
      votes: memberIds.map((memberId) => ({ memberId, choice: 'yes' })),
    });
  const number = (i: number) => `T${String(i + 1).padStart(6, '0')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    ctx = serviceContext(database);
    m = await seedMembers(database, 13, 'T');
    const [m0, m1, m3, m4, m6, m7, m8, m9, m10, m12] = pick(m, 0, 1, 3, 4, 6, 7, 8, 9, 10, 12);
    await database.db.updateTable('members').set({ votes: 3 }).where('id', '=', m1).execute();
    await database.db
      .updateTable('members')
      .set({ kind: 'legal_person', is_legal_person: true, given_name: 'Bäckerei', family_name: 'eG' })
      .where('id', '=', m12)
      .execute();
    await addRepresentative(
      ctx,
      m12,
      { name: 'Erika Muster2', representativeMemberId: m1, kind: 'legal_representative' },
      chair,
    );
    await addOffice(database, m6, 'management_board', '2021-01-01');
    assemblyId = await newAssembly(ctx, {
      channels: { advanceVoting: true },
      multipleVotes: { enabled: true, maxVotes: 3 },
    });
    await grantProxy(ctx, assemblyId, { principalId: m3, holderMemberId: m0, ...doc }, chair);
    await grantProxy(ctx, assemblyId, { principalId: m4, holderMemberId: m9, ...doc }, chair);
    await grantProxy(ctx, assemblyId, { principalId: m7, holderMemberId: m6, ...doc }, chair);
    const item = await addAgendaItem(
      ctx,
      assemblyId,
      {
        kind: 'discharge_management_board',
        title: 'Entlastung des Vorstands',
        details: { discharge: { mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } } },
      },
      chair,
    );
    pollId = (await createPoll(ctx, assemblyId, { agendaItemId: item.id }, chair)).id;
    for (const voter of [m8, m10]) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/advance-votes`,
        headers: bearer(memberToken(app, voter, assemblyId)),
        payload: { votes: [{ memberId: voter, choice: 'no' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    await openPoll(ctx, pollId, chair);
    await checkInAll(database, assemblyId, pick(m, 0, 1, 6, 10), 'room');
    await checkInAll(database, assemblyId, pick(m, 2, 11), 'online');
    await sql`
      INSERT INTO attendance (assembly_id, member_id, event, channel, actor, at)
      VALUES (${assemblyId}, ${m[11]}, 'check_out', 'online', 'fixture', now())`.execute(database.db);
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  it('R3, R10, C1: the roll gives 14 votes (m1 has 3), m6 barred, 13 members on the register', async () => {
    const { turnout } = await live();
    expect(turnout).toMatchObject({ eligible: 14, excluded: 1, register: 13 });
  });

  it('R5, R10, R25, C8: before any cast, 9 votes can be cast now and the 2 advance votes are in', async () => {
    // m0 1 + m1 3 + m2 1 + m3 (proxy m0) 1 + m8 (advance) 1 + m10 (advance) 1 + m12 (via m1) 1 = 9.
    // Not: m4 (holder absent), m5, m9 (absent), m6 (barred), m7 (holder barred), m11 (left).
    const { turnout } = await live();
    expect(turnout).toMatchObject({ voted: 2, canVoteNow: 9 });
  });

  it('R4, R5, R7, R10: the missing list has only who can vote now, each with how, by member number', async () => {
    const list = await missing();
    expect(list.members.map((x) => [x.memberNumber, x.channel, x.by?.memberNumber ?? null, x.votes])).toEqual(
      [
        [number(0), 'room', null, 1],
        [number(1), 'room', null, 3],
        [number(2), 'online', null, 1],
        [number(3), 'proxy', number(0), 1],
        [number(12), 'room', number(1), 1],
      ],
    );
    expect(list.total).toBe(5);
    expect(list.votes).toBe(7);
    expect(list.members[3]?.by?.name).toBe('Erika Muster1');
  });

  it('R5, R7: casts by the member and by a proxy holder move the turnout and leave the list', async () => {
    const [m0, m2, m3] = pick(m, 0, 2, 3);
    await cast(m0, m0, m3);
    await cast(m2, m2);
    expect((await live()).turnout).toMatchObject({ voted: 5, canVoteNow: 9 });
    const list = await missing();
    expect(list.members.map((x) => x.memberNumber)).toEqual([number(1), number(12)]);
  });

  it('R5: a member who voted and left still counts: voted never exceeds what can be cast', async () => {
    await sql`
      INSERT INTO attendance (assembly_id, member_id, event, channel, actor, at)
      VALUES (${assemblyId}, ${m[2]}, 'check_out', 'online', 'fixture', now())`.execute(database.db);
    expect((await live()).turnout).toMatchObject({ voted: 5, canVoteNow: 9 });
  });

  it('R5: a principal who arrives counts once, in person; their holder leaving changes nothing for them', async () => {
    // m4 arrives (the holder m9 is still absent): m4 can now vote in person.
    await checkInAll(database, assemblyId, [m[4] as string], 'online');
    expect((await live()).turnout).toMatchObject({ voted: 5, canVoteNow: 10 });
    expect((await missing()).members.find((x) => x.memberId === m[4])).toMatchObject({
      channel: 'online',
      by: null,
    });
  });

  it('the SQL turnout is the domain rule summed (turnoutNow over the same standings)', async () => {
    const sqlTurnout = await turnoutOf(database.db, pollId);
    const { advanceVoting, members } = await unvotedStandings(database.db, pollId);
    // Members nobody present can vote for, whose advance vote waits, are not among the standings.
    const listed = new Set(members.map((x) => x.memberId));
    const waiting = await database.db
      .selectFrom('advance_votes')
      .select('member_id')
      .where('poll_id', '=', pollId)
      .execute();
    const absentAdvance = waiting
      .filter((w) => !listed.has(w.member_id))
      .map((w) => ({
        memberId: w.member_id,
        status: 'eligible' as const,
        votes: 1,
        voted: false,
        advanceVote: true,
        presentActors: [],
        presentHolders: [],
      }));
    const open = turnoutNow([...members, ...absentAdvance], advanceVoting);
    const recorded = await database.db
      .selectFrom('participation as p')
      .innerJoin('poll_roll as r', (j) =>
        j.onRef('r.poll_id', '=', 'p.poll_id').onRef('r.member_id', '=', 'p.member_id'),
      )
      .select((eb) => eb.fn.sum<number>('r.votes').as('n'))
      .where('p.poll_id', '=', pollId)
      .executeTakeFirst();
    // The standings list the members not yet voted; those who voted add their votes to both sides.
    const cast = Number(recorded?.n ?? 0);
    expect({ voted: sqlTurnout.voted, canVoteNow: sqlTurnout.canVoteNow }).toEqual({
      voted: open.voted + cast,
      canVoteNow: open.canVoteNow + cast,
    });
  });

  it('C1, C8: the refresh after casts counts the same votes cast, with their weights and the advance votes', async () => {
    expect(await votesCastOf(database.db, pollId)).toBe(5);
    const m1 = m[1] as string;
    await cast(m1, m1);
    expect(await votesCastOf(database.db, pollId)).toBe(8);
    expect(await turnoutOf(database.db, pollId)).toMatchObject({ voted: 8, canVoteNow: 10 });
  });

  it('poll views show the same turnout while the poll is open', async () => {
    const res = await app.inject({ url: `/api/polls/${pollId}`, headers: bearer(staffToken(app, 'chair')) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ voted: 8, canVoteNow: 10, votesAvailable: 14 });
  });
});
