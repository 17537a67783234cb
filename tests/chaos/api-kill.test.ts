import { afterAll, describe, expect, inject, it } from 'vitest';
import { seedMembers } from '../../apps/api/test/support/fixtures.ts';
import { freePort } from '../../apps/api/test/support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';
import {
  ApiProcess,
  type CastOutcome,
  CHOICES,
  castUntilAnswered,
  closeAndAudit,
  openSecretPoll,
  report,
  scale,
  tokens,
} from './support/plenum.ts';

const skip = inject('chaos').skip;

describe.skipIf(skip !== null)('chaos: the API process killed', () => {
  let database: TestDatabase | undefined;
  let api: ApiProcess | undefined;
  afterAll(async () => {
    await api?.stop();
    await database?.dispose();
  });

  it('chaos: kill -9 of the API during 2,000 concurrent casts loses no acknowledged ballot and doubles none', async () => {
    const members = scale(2000, 400);
    database = await createTestDatabase();
    const settings = ApiProcess.settings(database.url ?? '');
    api = new ApiProcess(settings, await freePort());
    const server = api;
    await server.healthy();
    const memberIds = await seedMembers(database, members);
    let assemblyId = '';
    const t = tokens(settings.PLENUM_JWT_SECRET, () => assemblyId);
    const opened = await openSecretPoll(server.base, t, memberIds);
    assemblyId = opened.assemblyId;
    const { pollId } = opened;

    // Every member casts at once; once a third of them have their receipt, the API is killed
    // (SIGKILL: no shutdown hook, requests in flight cut off) and started again.
    let acknowledged = 0;
    let killedAt = 0;
    let downtimeMs = 0;
    let killer: Promise<void> | undefined;
    const killAndRestart = async () => {
      killedAt = acknowledged;
      const down = Date.now();
      await server.kill();
      server.restart();
      await server.healthy();
      downtimeMs = Date.now() - down;
    };
    const started = Date.now();
    const outcomes: CastOutcome[] = await Promise.all(
      memberIds.map((memberId, i) =>
        castUntilAnswered(
          () => server.base,
          pollId,
          t.member(memberId),
          memberId,
          CHOICES[i % 3] as string,
        ).then((o) => {
          if (o.receipt) acknowledged += 1;
          // The kill goes out in the same tick as the answer that reached the mark.
          if (acknowledged >= members / 3 && killer === undefined) killer = killAndRestart();
          return o;
        }),
      ),
    );
    await killer;
    const castMs = Date.now() - started;

    const receipts = outcomes.flatMap((o) => (o.receipt ? [o.receipt] : []));
    const duplicates = outcomes.filter((o) => o.duplicateAfterRetry).length;
    const cutOff = outcomes.filter((o) => o.networkErrors > 0).length;
    expect(outcomes.flatMap((o) => o.unexpected)).toEqual([]);
    expect(killedAt).toBeGreaterThan(0);
    expect(cutOff).toBeGreaterThan(0); // the kill really cut casts off

    const audit = await closeAndAudit(server.base, t, assemblyId, pollId, receipts);
    report('kill -9 of the API during concurrent casts', {
      'casts (members)': members,
      'acknowledged before the kill': killedAt,
      'acknowledged (201)': receipts.length,
      'committed, answer lost (409 on retry)': duplicates,
      'casts cut off by the kill': cutOff,
      'acknowledged receipts counted': audit.receiptsCounted,
      'ballots counted': audit.ballots,
      participation: audit.participation,
      'API downtime (kill → healthy), ms': downtimeMs,
      'all casts answered, ms': castMs,
    });
    // Every acknowledged receipt is counted; every member voted exactly once.
    expect(audit.receiptsCounted).toBe(receipts.length);
    expect(receipts.length + duplicates).toBe(members);
    expect(audit.ballots).toBe(audit.participation);
    expect(audit.participation).toBe(members);
    expect(audit.verifierViolations).toEqual([]);
    // The close opened every sealed ballot: none is left behind.
    const left = await database.db.selectFrom('sealed_ballots').select('poll_id').execute();
    expect(left).toEqual([]);
  });
});
