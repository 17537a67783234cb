import { generateSigningKey } from '@plenum/ledger';
import { verifyBundle } from '@plenum/ledger/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castBallots } from '../src/modules/ballots/ballots.service.ts';
import type { ServiceContext } from '../src/modules/context.ts';
import { buildBundle } from '../src/modules/exports/bundle.service.ts';
import { closePoll } from '../src/modules/polls/polls.service.ts';
import {
  chair,
  checkInAll,
  newAssembly,
  openItemPoll,
  seedMembers,
  serviceContext,
} from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

/** C4: a statute may require a share of all members present or represented for a valid resolution. */
describe('quorum', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let members: string[];
  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = serviceContext(database);
    members = await seedMembers(database, 10);
  });
  afterAll(async () => database?.dispose());

  const halfPresent = { quorum: { kind: 'share_of_members' as const, share: { num: 1, den: 2 } } };

  async function vote(assemblyId: string, voters: readonly string[]) {
    const pollId = await openItemPoll(ctx, assemblyId);
    for (const m of voters)
      await castBallots(ctx, { pollId, voterId: m, votes: [{ memberId: m, choice: 'yes' }] });
    return closePoll(ctx, pollId, chair);
  }

  it('C4: with half the members present or represented, a unanimous motion passes; with fewer it fails on the quorum; the verifier agrees', async () => {
    const met = await newAssembly(ctx, halfPresent);
    // Four present, one more represented by a present holder: 5 of 10.
    await checkInAll(database, met, members.slice(0, 4));
    await database.db
      .insertInto('proxies')
      .values({
        assembly_id: met,
        grant_id: '00000000-0000-4000-8000-0000000000c4',
        event: 'granted',
        principal_id: members[9] as string,
        holder_member_id: members[0] as string,
        form: 'text',
        actor: 'fixture',
        at: new Date(),
      })
      .execute();
    const passed = await vote(met, members.slice(0, 4));
    expect(passed.tally).toMatchObject({
      quorumMet: true,
      passed: true,
      attendance: { presentMembers: 5, totalMembers: 10 },
    });

    const short = await newAssembly(ctx, halfPresent);
    await checkInAll(database, short, members.slice(0, 4));
    const failed = await vote(short, members.slice(0, 4));
    expect(failed.tally).toMatchObject({
      quorumMet: false,
      passed: false,
      reason: 'quorum.not_met',
      attendance: { presentMembers: 4, totalMembers: 10 },
    });

    const key = generateSigningKey();
    for (const assemblyId of [met, short]) {
      const bundle = await buildBundle(ctx.db, assemblyId, key, new Date());
      // The fixtures check members in and grant the proxy straight in the database, which the
      // evidence checks rightly report; the recount of each poll must agree.
      expect(verifyBundle(bundle).violations.filter((v) => v.code.startsWith('poll.'))).toEqual([]);
    }
  });

  it('C4: without a quorum in the statute, nothing about attendance enters the tally', async () => {
    const none = await newAssembly(ctx);
    await checkInAll(database, none, members.slice(0, 2));
    const closed = await vote(none, members.slice(0, 2));
    expect(closed.tally).toMatchObject({ quorumMet: true, passed: true });
    expect(closed.tally).not.toHaveProperty('attendance');
  });
});
