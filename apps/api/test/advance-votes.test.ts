import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { closePoll, createPoll, openPoll } from '../src/modules/polls/polls.service.ts';
import { grantProxy } from '../src/modules/proxies/proxies.service.ts';
import { buildTestApp } from './support/app.ts';
import { bearer, memberToken } from './support/auth.ts';
import { chair, checkInAll, newAssembly, pick, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

describe('advance votes (C8)', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let app: FastifyInstance;
  let members: string[];
  let assemblyId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await buildTestApp(database);
    ctx = serviceContext(database);
    members = await seedMembers(database, 8);
    assemblyId = await newAssembly(ctx, { channels: { advanceVoting: true } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.dispose();
  });

  const draftPoll = async (assembly = assemblyId) => {
    const item = await addAgendaItem(ctx, assembly, { kind: 'motion', title: 'Antrag' }, chair);
    return (await createPoll(ctx, assembly, { agendaItemId: item.id }, chair)).id;
  };
  const advance = (pollId: string, voter: string, memberId: string, choice: string, assembly = assemblyId) =>
    app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/advance-votes`,
      headers: bearer(memberToken(app, voter, assembly)),
      payload: { votes: [{ memberId, choice }] },
    });

  it('R5: a vote in person supersedes the advance vote; advance votes of absent members count at close', async () => {
    const [a, b, c, holder] = pick(members, 0, 1, 2, 3);
    await grantProxy(
      ctx,
      assemblyId,
      { principalId: c, holderMemberId: holder, form: 'text', documentHash: 'c'.repeat(64) },
      chair,
    );
    const pollId = await draftPoll();
    for (const [m, choice] of [
      [a, 'no'],
      [b, 'no'],
      [c, 'no'],
    ] as const) {
      const res = await advance(pollId, m, m, choice);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().receipts[0].receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
    // A changed mind before the poll opens replaces the advance vote.
    const changed = await advance(pollId, b, b, 'abstain');
    const receiptB = changed.json().receipts[0].receipt;
    await openPoll(ctx, pollId, chair);
    expect((await advance(pollId, a, a, 'yes')).json().error.code).toBe('vote.advance_closed');
    // a votes in person (personal > advance); c's proxy holder votes for c (proxy > advance).
    await checkInAll(database, assemblyId, [a, holder]);
    await castBallots(ctx, { pollId, voterId: a, votes: [{ memberId: a, choice: 'yes' }] });
    await castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: c, choice: 'yes' }] });
    const closed = await closePoll(ctx, pollId, chair);
    // Counted: a yes (room), c yes (proxy), b abstain (advance). The two superseded "no" do not count.
    expect(closed.tally).toMatchObject({ counts: { yes: 2, no: 0, abstain: 1 } });
    const channels = await database.db
      .selectFrom('participation')
      .select(['member_id', 'channel'])
      .where('poll_id', '=', pollId)
      .execute();
    expect(new Map(channels.map((r) => [r.member_id, r.channel]))).toEqual(
      new Map([
        [a, 'room'],
        [b, 'advance'],
        [c, 'proxy'],
      ]),
    );
    // The member-linked advance votes are gone once counted; b's receipt proves b's ballot counted.
    expect(
      await database.db.selectFrom('advance_votes').selectAll().where('poll_id', '=', pollId).execute(),
    ).toEqual([]);
    const check = await app.inject({
      method: 'POST',
      url: `/api/polls/${pollId}/receipts/check`,
      payload: { receipt: receiptB },
    });
    expect(check.json()).toMatchObject({ status: 'counted' });
  });

  it('refuses advance votes where the statute has none, and for another member', async () => {
    const plain = await newAssembly(ctx);
    const pollId = await draftPoll(plain);
    const [a, b] = pick(members, 4, 5);
    const res = await advance(pollId, a, a, 'yes', plain);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('vote.advance_not_allowed');
    const other = await advance(await draftPoll(), a, b, 'yes');
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('vote.no_authority');
    const bad = await advance(await draftPoll(), a, a, 'maybe');
    expect(bad.statusCode).toBe(400);
  });
});

describe('advance votes ranked above proxies (C8, configurable precedence)', () => {
  it('R5: with precedence personal > advance > proxy, a proxy holder cannot cast over an advance vote', async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database);
    try {
      const ctx = serviceContext(database);
      const [principal, holder] = await seedMembers(database, 2, 'P');
      const assemblyId = await newAssembly(ctx, {
        channels: { advanceVoting: true, precedence: ['personal', 'advance', 'proxy'] },
      });
      await grantProxy(
        ctx,
        assemblyId,
        {
          principalId: principal as string,
          holderMemberId: holder as string,
          form: 'text',
          documentHash: 'e'.repeat(64),
        },
        chair,
      );
      const item = await addAgendaItem(ctx, assemblyId, { kind: 'motion', title: 'Antrag' }, chair);
      const pollId = (await createPoll(ctx, assemblyId, { agendaItemId: item.id }, chair)).id;
      const res = await app.inject({
        method: 'POST',
        url: `/api/polls/${pollId}/advance-votes`,
        headers: bearer(memberToken(app, principal as string, assemblyId)),
        payload: { votes: [{ memberId: principal, choice: 'no' }] },
      });
      expect(res.statusCode, res.body).toBe(201);
      await openPoll(ctx, pollId, chair);
      await checkInAll(database, assemblyId, [holder as string]);
      await expect(
        castBallots(ctx, {
          pollId,
          voterId: holder as string,
          votes: [{ memberId: principal as string, choice: 'yes' }],
        }),
      ).rejects.toMatchObject({ code: 'vote.superseded_by_advance' });
      const closed = await closePoll(ctx, pollId, chair);
      expect(closed.tally).toMatchObject({ counts: { yes: 0, no: 1 } });
    } finally {
      await app.close();
      await database.dispose();
    }
  });
});
