import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusalStatus } from '../src/http/refusals.ts';
import { addAgendaItem } from '../src/modules/assemblies/assemblies.service.ts';
import { checkIn, checkOut } from '../src/modules/attendance/attendance.service.ts';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { myVotes } from '../src/modules/polls/poll-views.ts';
import { closePoll, createPoll, declarePoll, openPoll } from '../src/modules/polls/polls.service.ts';
import { grantProxy, revokeGrant } from '../src/modules/proxies/proxies.service.ts';
import { testClock } from './support/clock.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  pick,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

const doc = { form: 'text' as const, documentHash: 'b'.repeat(64) };

describe('store services: attendance, proxies, declarations', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  let assemblyId: string;
  const clock = testClock();
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = serviceContext(database, clock);
    members = await seedMembers(database, 10);
    assemblyId = await newAssembly(ctx, {}, 'in_person');
  });
  afterAll(async () => database?.dispose());

  it('checks a member in and out, and refuses a second check-in', async () => {
    const [m] = pick(members, 0);
    await checkIn(ctx, assemblyId, m, 'room', chair);
    await expect(checkIn(ctx, assemblyId, m, 'room', chair)).rejects.toMatchObject({
      code: 'attendance.already_present',
    });
    await checkOut(ctx, assemblyId, m, chair);
    await expect(checkOut(ctx, assemblyId, m, chair)).rejects.toMatchObject({
      code: 'attendance.not_present',
    });
    await checkIn(ctx, assemblyId, m, 'room', chair);
    const events = await database.db
      .selectFrom('attendance')
      .select('event')
      .where('member_id', '=', m)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.event)).toEqual(['check_in', 'check_out', 'check_in']);
  });

  it('refuses online check-in at an in-person assembly', async () => {
    const [m] = pick(members, 1);
    await expect(checkIn(ctx, assemblyId, m, 'online', chair)).rejects.toMatchObject({
      code: 'attendance.channel_not_offered',
    });
  });

  it('R3, R30: an expelled member is refused admission once the letter is sent, and the refusal is recorded', async () => {
    const [m] = pick(members, 2);
    await database.db
      .updateTable('members')
      .set({ expulsion_letter_sent_at: '2026-06-01T09:00:00Z' })
      .where('id', '=', m)
      .execute();
    await expect(checkIn(ctx, assemblyId, m, 'room', chair)).rejects.toMatchObject({
      code: 'attendance.not_admitted',
    });
    const rows = await database.db
      .selectFrom('attendance')
      .select(['event', 'reason'])
      .where('member_id', '=', m)
      .execute();
    expect(rows).toEqual([{ event: 'refused', reason: 'attendance.expelled' }]);
  });

  it('R8: a revoked proxy no longer lets the holder vote; revoking twice is refused', async () => {
    const [holder, principal] = pick(members, 3, 4);
    const grant = await grantProxy(
      ctx,
      assemblyId,
      { principalId: principal, holderMemberId: holder, ...doc },
      chair,
    );
    await checkIn(ctx, assemblyId, holder, 'room', chair);
    await revokeGrant(ctx, assemblyId, grant.id, 'principal', chair);
    await expect(revokeGrant(ctx, assemblyId, grant.id, 'holder', chair)).rejects.toMatchObject({
      code: 'proxy.already_revoked',
    });
    const pollId = await openItemPoll(ctx, assemblyId);
    await expect(
      castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: principal, choice: 'yes' }] }),
    ).rejects.toMatchObject({ code: 'vote.no_authority' });
  });

  it('R5: a member who arrives after their proxy holder voted for them is told so, and counted once', async () => {
    const [holder, principal] = pick(members, 5, 6);
    await grantProxy(ctx, assemblyId, { principalId: principal, holderMemberId: holder, ...doc }, chair);
    await checkIn(ctx, assemblyId, holder, 'room', chair);
    const pollId = await openItemPoll(ctx, assemblyId);
    await castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: principal, choice: 'yes' }] });
    // The principal comes in late and tries to vote: the proxy vote already is their vote.
    await checkIn(ctx, assemblyId, principal, 'room', chair);
    await expect(
      castBallots(ctx, { pollId, voterId: principal, votes: [{ memberId: principal, choice: 'no' }] }),
    ).rejects.toMatchObject({ code: 'vote.cast_by_proxy' });
    expect(refusalStatus('vote.cast_by_proxy')).toBe(409);
    // The holder cannot vote again for a principal who is now present.
    await expect(
      castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: principal, choice: 'no' }] }),
    ).rejects.toMatchObject({ code: 'vote.principal_present' });
    const rows = await database.db
      .selectFrom('participation')
      .select(['member_id', 'channel'])
      .where('poll_id', '=', pollId)
      .execute();
    expect(rows).toEqual([{ member_id: principal, channel: 'proxy' }]);
  });

  it("R5: my-votes offers a proxy holder only what the cast accepts, not a present principal's vote", async () => {
    const [holder, principal] = pick(await seedMembers(database, 2, 'P5'), 0, 1);
    await grantProxy(ctx, assemblyId, { principalId: principal, holderMemberId: holder, ...doc }, chair);
    await checkIn(ctx, assemblyId, holder, 'room', chair);
    await checkIn(ctx, assemblyId, principal, 'room', chair);
    const pollId = await openItemPoll(ctx, assemblyId);
    const offered = await myVotes(database.db, pollId, holder);
    expect(offered.votes.map((v) => v.memberId)).toEqual([holder]);
    // Everything offered is accepted by the cast, in one request.
    await castBallots(ctx, {
      pollId,
      voterId: holder,
      votes: offered.votes.map((v) => ({ memberId: v.memberId, choice: 'yes' })),
    });
    // Once the principal has left, the proxy applies again: offered, and accepted.
    await checkOut(ctx, assemblyId, principal, chair);
    const later = await myVotes(database.db, pollId, holder);
    expect(later.votes.map((v) => [v.memberId, v.capacity, v.cast])).toEqual([
      [holder, 'own', true],
      [principal, 'proxy', false],
    ]);
    await castBallots(ctx, { pollId, voterId: holder, votes: [{ memberId: principal, choice: 'no' }] });
  });

  it('R8: a proxy limited to particular items is refused, not silently widened', async () => {
    const [holder, principal] = pick(members, 5, 6);
    await expect(
      grantProxy(
        ctx,
        assemblyId,
        { principalId: principal, holderMemberId: holder, ...doc, scope: { itemIds: ['x'] } },
        chair,
      ),
    ).rejects.toMatchObject({ code: 'proxy.limited_to_items' });
  });

  it('R29: the computed tally and the declaration are stored apart; a declared result is immutable', async () => {
    const [a, b, c] = pick(members, 7, 8, 9);
    for (const m of [a, b, c]) await checkIn(ctx, assemblyId, m, 'room', chair);
    const pollId = await openItemPoll(ctx, assemblyId);
    await expect(declarePoll(ctx, pollId, { text: 'too early' }, chair)).rejects.toMatchObject({
      code: 'poll.not_closed',
    });
    await castBallots(ctx, { pollId, voterId: a, votes: [{ memberId: a, choice: 'yes' }] });
    await castBallots(ctx, { pollId, voterId: b, votes: [{ memberId: b, choice: 'yes' }] });
    await castBallots(ctx, { pollId, voterId: c, votes: [{ memberId: c, choice: 'no' }] });
    const closed = await closePoll(ctx, pollId, chair);
    expect(closed.tally).toMatchObject({ passed: true, counts: { yes: 2, no: 1 } });
    // Closing twice is harmless.
    expect((await closePoll(ctx, pollId, chair)).ballotCount).toBe(3);
    await expect(
      declarePoll(ctx, pollId, { text: 'Abgelehnt.', outcome: 'failed' }, chair),
    ).rejects.toMatchObject({ code: 'poll.declaration_contradicts_tally' });
    const declared = await declarePoll(ctx, pollId, { text: 'Der Antrag ist angenommen.' }, chair);
    expect(declared.declaration).toMatchObject({ outcome: 'passed', text: 'Der Antrag ist angenommen.' });
    await expect(declarePoll(ctx, pollId, { text: 'again' }, chair)).rejects.toMatchObject({
      code: 'poll.already_declared',
    });
    await expect(openPoll(ctx, pollId, chair)).rejects.toMatchObject({ code: 'poll.not_draft' });
    const stored = await database.db
      .selectFrom('declarations')
      .selectAll()
      .where('poll_id', '=', pollId)
      .execute();
    expect(stored).toHaveLength(1);
  });
});

describe('R17: notice of agenda items', () => {
  it('R17: no poll on an item announced less than a week before; exempt kinds and recorded exceptions pass', async () => {
    const database = await createTestDatabase();
    try {
      const ctx = serviceContext(database);
      const assemblyId = await newAssembly(ctx); // 20 June 2026
      const late = await addAgendaItem(
        ctx,
        assemblyId,
        { kind: 'motion', title: 'Spät', announcedOn: '2026-06-15' },
        chair,
      );
      await expect(createPoll(ctx, assemblyId, { agendaItemId: late.id }, chair)).rejects.toMatchObject({
        code: 'convening.item_announced_too_late',
      });
      const inTime = await addAgendaItem(
        ctx,
        assemblyId,
        { kind: 'motion', title: 'Rechtzeitig', announcedOn: '2026-06-13' },
        chair,
      );
      await expect(createPoll(ctx, assemblyId, { agendaItemId: inTime.id }, chair)).resolves.toMatchObject({
        kind: 'majority',
      });
      const procedural = await addAgendaItem(
        ctx,
        assemblyId,
        { kind: 'procedural_motion', title: 'GO', announcedOn: '2026-06-20' },
        chair,
      );
      await expect(
        createPoll(ctx, assemblyId, { agendaItemId: procedural.id }, chair),
      ).resolves.toMatchObject({ kind: 'majority' });
      const within = await addAgendaItem(
        ctx,
        assemblyId,
        {
          kind: 'motion',
          title: 'Änderungsantrag',
          announcedOn: '2026-06-20',
          details: { withinAnnouncedItem: true },
        },
        chair,
      );
      await expect(createPoll(ctx, assemblyId, { agendaItemId: within.id }, chair)).resolves.toMatchObject({
        kind: 'majority',
      });
    } finally {
      await database.dispose();
    }
  });
});

describe('R1, R4: representatives and weights in the store', () => {
  it('R4: a legal person votes through its representative, as one vote; R1: shares never weigh a vote', async () => {
    const database = await createTestDatabase();
    try {
      const ctx = serviceContext(database);
      const [rep, other] = await seedMembers(database, 2, 'R');
      const legal = await database.db
        .insertInto('members')
        .values({
          member_number: 'LP-1',
          given_name: '',
          family_name: 'Atelierhaus Nord e.V.',
          admission_date: '2015-01-01',
          kind: 'legal_person',
          is_legal_person: true,
          shares: 50,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await database.db
        .insertInto('member_representatives')
        .values({
          member_id: legal.id,
          representative_member_id: rep as string,
          name: 'Vorstand',
          kind: 'legal_representative',
        })
        .execute();
      const assemblyId = await newAssembly(ctx);
      await checkInAll(database, assemblyId, [rep as string, other as string]);
      const pollId = await openItemPoll(ctx, assemblyId);
      await expect(
        castBallots(ctx, {
          pollId,
          voterId: other as string,
          votes: [{ memberId: legal.id, choice: 'yes' }],
        }),
      ).rejects.toMatchObject({ code: 'vote.no_authority' });
      await castBallots(ctx, {
        pollId,
        voterId: rep as string,
        votes: [
          { memberId: rep as string, choice: 'yes' },
          { memberId: legal.id, choice: 'yes' },
        ],
      });
      const closed = await closePoll(ctx, pollId, chair);
      // Two members, two votes — the legal person's 50 shares weigh nothing (R1).
      expect(closed.tally).toMatchObject({ counts: { yes: 2, no: 0 } });
      const channel = await database.db
        .selectFrom('participation')
        .select(['channel', 'cast_by'])
        .where('poll_id', '=', pollId)
        .where('member_id', '=', legal.id)
        .executeTakeFirstOrThrow();
      expect(channel).toEqual({ channel: 'room', cast_by: rep });
    } finally {
      await database.dispose();
    }
  });
});
