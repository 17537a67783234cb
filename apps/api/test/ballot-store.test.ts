import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { closePoll } from '../src/modules/polls/polls.service.ts';
import { grantProxy } from '../src/modules/proxies/proxies.service.ts';
import {
  addOffice,
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  pick,
  seedMembers,
  serviceContext,
  settle,
  settleLimited,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase, testDbMode } from './support/test-db.ts';

const proxyDoc = { form: 'text' as const, documentHash: 'a'.repeat(64), documentRef: 'mail 2026-06-01' };

describe.each(['postgres', 'pglite'] as const)('ballot store on %s', (driver) => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  beforeAll(async () => {
    database = await createTestDatabase({ driver: driver === 'postgres' ? testDbMode() : 'pglite' });
    ctx = serviceContext(database);
    members = await seedMembers(database, 40);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members.slice(0, 30));
  });
  afterAll(async () => database?.dispose());

  it('ballot store: 200 concurrent casts by one member yield exactly one ballot', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const voter = members[0] as string;
    const outcomes = await settle(
      Array.from({ length: 200 }, (_, i) =>
        castBallots(ctx, {
          pollId,
          voterId: voter,
          votes: [{ memberId: voter, choice: i % 2 ? 'yes' : 'no' }],
        }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    expect(new Set(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.code)))).toEqual(
      new Set(['vote.duplicate']),
    );
    const closed = await closePoll(ctx, pollId, chair);
    expect(closed.ballotCount).toBe(1);
    const participation = await database.db
      .selectFrom('participation')
      .selectAll()
      .where('poll_id', '=', pollId)
      .execute();
    expect(participation).toHaveLength(1);
  });

  it('ballot store: a proxy holder casts for two principals and herself, recorded as three ballots', async () => {
    const [holder, p1, p2] = pick(members, 1, 31, 32);
    for (const principal of [p1, p2]) {
      await grantProxy(
        ctx,
        assemblyId,
        { principalId: principal, holderMemberId: holder, ...proxyDoc },
        chair,
      );
    }
    const pollId = await openItemPoll(ctx, assemblyId);
    const receipts = await castBallots(ctx, {
      pollId,
      voterId: holder,
      votes: [
        { memberId: holder, choice: 'yes' },
        { memberId: p1, choice: 'no' },
        { memberId: p2, choice: 'abstain' },
      ],
    });
    expect(receipts.map((r) => r.memberId)).toEqual([holder, p1, p2]);
    expect(new Set(receipts.map((r) => r.receipt)).size).toBe(3);
    const closed = await closePoll(ctx, pollId, chair);
    expect(closed.ballotCount).toBe(3);
    expect(closed.tally).toMatchObject({ counts: { yes: 1, no: 1, abstain: 1, invalid: 0 } });
    const rows = await database.db
      .selectFrom('participation')
      .select(['member_id', 'channel', 'cast_by'])
      .where('poll_id', '=', pollId)
      .orderBy('member_id')
      .execute();
    expect(rows).toEqual(
      [
        { member_id: holder, channel: 'room', cast_by: null },
        { member_id: p1, channel: 'proxy', cast_by: holder },
        { member_id: p2, channel: 'proxy', cast_by: holder },
      ].sort((a, b) => (a.member_id < b.member_id ? -1 : 1)),
    );
  });

  it('R7: a third proxy for the same holder is rejected, and the refusal is recorded (R8)', async () => {
    const [holder, p3] = pick(members, 1, 33);
    await expect(
      grantProxy(ctx, assemblyId, { principalId: p3, holderMemberId: holder, ...proxyDoc }, chair),
    ).rejects.toMatchObject({ code: 'proxy.holder_cap_reached' });
    const rejected = await database.db
      .selectFrom('proxies')
      .select(['event', 'reason'])
      .where('principal_id', '=', p3)
      .execute();
    expect(rejected).toEqual([{ event: 'rejected', reason: 'proxy.holder_cap_reached' }]);
  });

  it('R5: a holder cannot cast for a principal who is present; the principal votes personally', async () => {
    const [holder, principal] = pick(members, 2, 34);
    await grantProxy(ctx, assemblyId, { principalId: principal, holderMemberId: holder, ...proxyDoc }, chair);
    await checkInAll(database, assemblyId, [principal]);
    const pollId = await openItemPoll(ctx, assemblyId);
    await expect(
      castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: principal, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.principal_present' });
    await castBallots(ctx, { pollId, voterId: principal, votes: [{ memberId: principal, choice: 'no' }] });
    expect((await closePoll(ctx, pollId, chair)).ballotCount).toBe(1);
  });

  it('R25: a member who has not checked in cannot vote, and nothing is stored', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    const absent = members[39] as string;
    await expect(
      castBallots(ctx, { pollId, voterId: absent, votes: [{ memberId: absent, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.not_present' });
    await expect(
      castBallots(ctx, {
        pollId,
        voterId: members[3] as string,
        votes: [{ memberId: members[3] as string, choice: 'maybe' }],
      }),
    ).rejects.toMatchObject({ code: 'vote.invalid_choice' });
    await expect(
      castBallots(ctx, {
        pollId,
        voterId: members[3] as string,
        votes: [{ memberId: members[4] as string, choice: 'yes' }],
      }),
    ).rejects.toMatchObject({ code: 'vote.no_authority' });
    expect((await closePoll(ctx, pollId, chair)).ballotCount).toBe(0);
  });

  it('ballot store: an excluded member cannot cast in person or by proxy on a discharge item', async () => {
    // Members 5 and 6 sat on the supervisory board; 5 holds 7's proxy, 8 holds 6's proxy.
    const [ar1, ar2, principal, holderOfAr] = pick(members, 5, 6, 35, 7);
    await addOffice(database, ar1, 'supervisory_board', '2021-01-01');
    await addOffice(database, ar2, 'supervisory_board', '2021-01-01', '2025-12-31');
    await grantProxy(ctx, assemblyId, { principalId: principal, holderMemberId: ar1, ...proxyDoc }, chair);
    await grantProxy(ctx, assemblyId, { principalId: ar2, holderMemberId: holderOfAr, ...proxyDoc }, chair);
    const pollId = await openItemPoll(ctx, assemblyId, 'discharge_supervisory_board', {
      discharge: { mode: 'collective', period: { from: '2025-01-01', to: '2025-12-31' } },
    });
    // R10: neither in person…
    await expect(
      castBallots(ctx, { pollId, voterId: ar1, votes: [{ memberId: ar1, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.voter_excluded' });
    // …nor as proxy holder for someone else…
    await expect(
      castBallots(ctx, { pollId, voterId: ar1, votes: [{ memberId: principal, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.voter_excluded' });
    // …and nobody casts an excluded member's vote for them.
    await expect(
      castBallots(ctx, { pollId, voterId: holderOfAr, votes: [{ memberId: ar2, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.excluded' });
    await castBallots(ctx, { pollId, voterId: holderOfAr, votes: [{ memberId: holderOfAr, choice: 'yes' }] });
    const closed = await closePoll(ctx, pollId, chair);
    // R12: reported as excluded, never as abstentions and never in the base.
    expect(closed.tally).toMatchObject({
      counts: { yes: 1, no: 0, abstain: 0 },
      excluded: 2,
      base: 1,
      passed: true,
    });
  });
});

describe('ballot store under load', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  const n = 2000;
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = serviceContext(database);
    members = await seedMembers(database, n);
    assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, members);
  });
  afterAll(async () => database?.dispose());

  it('ballot store: 2000 members casting concurrently yield 2000 ballots and 2000 participations', async () => {
    const pollId = await openItemPoll(ctx, assemblyId, 'supervisory_board_removal');
    const choices = ['yes', 'no', 'abstain'] as const;
    // 200 in flight at a time: ten times the pool, so every cast still races others for the lock.
    const outcomes = await settleLimited(
      members.map(
        (m, i) => () =>
          castBallots(ctx, { pollId, voterId: m, votes: [{ memberId: m, choice: choices[i % 3] }] }),
      ),
      200,
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    const closed = await closePoll(ctx, pollId, chair);
    expect(closed.ballotCount).toBe(n);
    const counted = await database.db
      .selectFrom('participation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('poll_id', '=', pollId)
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe(n);
    // 667 yes, 667 no, 666 abstain: 667/1334 is not three quarters.
    expect(closed.tally).toMatchObject({ counts: { yes: 667, no: 667, abstain: 666 }, passed: false });
  });

  it('ballot store: a ballot cast while the poll closes is either counted or rejected, never lost', async () => {
    const pollId = await openItemPoll(ctx, assemblyId);
    // Close once 100 casts are acknowledged, while the other 500 are still in flight.
    let acknowledged = 0;
    let startClose: () => void = () => {};
    const closeWhenBusy = new Promise<void>((resolve) => {
      startClose = resolve;
    });
    const casts = members.slice(0, 600).map((m) =>
      castBallots(ctx, { pollId, voterId: m, votes: [{ memberId: m, choice: 'yes' }] }).then((r) => {
        acknowledged += 1;
        if (acknowledged === 100) startClose();
        return r;
      }),
    );
    const closing = closeWhenBusy.then(() => closePoll(ctx, pollId, chair));
    const outcomes = await settle(casts);
    const closed = await closing;
    const accepted = outcomes.filter((o) => o.ok);
    const refused = outcomes.filter((o) => !o.ok);
    expect(new Set(refused.map((o) => (o.ok ? '' : o.code)))).toEqual(
      refused.length ? new Set(['poll.not_open']) : new Set(),
    );
    expect(closed.ballotCount).toBe(accepted.length);
    expect(accepted.length + refused.length).toBe(600);
    expect(accepted.length).toBeGreaterThanOrEqual(100);
    const sealed = await database.db
      .selectFrom('sealed_ballots')
      .select('poll_id')
      .where('poll_id', '=', pollId)
      .execute();
    expect(sealed).toEqual([]);
  });
});
