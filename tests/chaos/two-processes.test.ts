import { afterAll, describe, expect, inject, it } from 'vitest';
import { inParallel } from '../../apps/api/test/scenario-helpers.ts';
import { seedMembers } from '../../apps/api/test/support/fixtures.ts';
import { freePort } from '../../apps/api/test/support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../apps/api/test/support/test-db.ts';
import {
  ApiProcess,
  CHOICES,
  call,
  closeAndAudit,
  openSecretPoll,
  type Reply,
  report,
  scale,
  tokens,
} from './support/plenum.ts';

const skip = inject('chaos').skip;

describe.skipIf(skip !== null)('chaos: several API processes', () => {
  let database: TestDatabase | undefined;
  const apis: ApiProcess[] = [];
  afterAll(async () => {
    await Promise.all(apis.map((a) => a.stop()));
    await database?.dispose();
  });

  it('chaos: two API processes on one database, the same member casting through both at once, yield one ballot', async () => {
    const members = scale(1000, 200);
    database = await createTestDatabase();
    const settings = ApiProcess.settings(database.url ?? '');
    const [a, b] = [new ApiProcess(settings, await freePort()), new ApiProcess(settings, await freePort())];
    apis.push(a, b);
    await Promise.all([a.healthy(), b.healthy()]);
    const memberIds = await seedMembers(database, members);
    let assemblyId = '';
    const t = tokens(settings.PLENUM_JWT_SECRET, () => assemblyId);
    const opened = await openSecretPoll(a.base, t, memberIds);
    assemblyId = opened.assemblyId;
    const { pollId } = opened;

    // Each member sends a vote through A and a different one through B at the same moment (two
    // devices, or a retry through another process behind the load balancer).
    const started = Date.now();
    const pairs = await inParallel(memberIds, 32, async (memberId, i) => {
      const token = t.member(memberId);
      const cast = (api: ApiProcess, choice: string) =>
        call(api.base, 'POST', `/api/polls/${pollId}/votes`, token, { votes: [{ memberId, choice }] });
      // Which request leaves first alternates, so neither process is favoured.
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      const sent = [cast(first, CHOICES[i % 3] as string), cast(second, CHOICES[(i + 1) % 3] as string)];
      const [viaFirst, viaSecond] = await Promise.all(sent);
      return (first === a ? [viaFirst, viaSecond] : [viaSecond, viaFirst]) as [Reply, Reply];
    });
    const castMs = Date.now() - started;
    const statuses = pairs.map(([x, y]) => [x.status, y.status].sort().join('+'));
    const acceptedThrough = { a: pairs.filter(([x]) => x.status === 201).length, b: 0 };
    acceptedThrough.b = pairs.filter(([, y]) => y.status === 201).length;
    // Exactly one of the two is accepted; the other is refused as a duplicate, whichever came second.
    expect(statuses.filter((s) => s !== '201+409')).toEqual([]);
    for (const [x, y] of pairs) {
      const refused = x.status === 409 ? x : y;
      expect(refused.body.error.code).toBe('vote.duplicate');
    }
    const receipts = pairs.map(([x, y]) => (x.status === 201 ? x : y).body.receipts[0].receipt as string);

    // Closed through B, audited there: one ballot per member, each acknowledged receipt counted.
    const audit = await closeAndAudit(b.base, t, assemblyId, pollId, receipts);
    report('two API processes, each member casting through both at once', {
      members,
      'accepted through A': acceptedThrough.a,
      'accepted through B': acceptedThrough.b,
      'refused as duplicates (409)': pairs.length,
      'acknowledged receipts counted': audit.receiptsCounted,
      'ballots counted': audit.ballots,
      participation: audit.participation,
      'all pairs answered, ms': castMs,
    });
    expect(audit.receiptsCounted).toBe(members);
    expect(audit.ballots).toBe(members);
    expect(audit.participation).toBe(members);
    expect(audit.verifierViolations).toEqual([]);
    expect(a.alive && b.alive).toBe(true);
  });
});
