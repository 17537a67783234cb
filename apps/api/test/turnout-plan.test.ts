import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../src/modules/context.ts';
import { turnoutOf, turnoutStatement } from '../src/modules/polls/turnout.queries.ts';
import { testClock } from './support/clock.ts';
import { checkInAll, newAssembly, openItemPoll, seedMembers, serviceContext } from './support/fixtures.ts';
import { createTestDatabase, type TestDatabase } from './support/test-db.ts';

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  'Actual Loops': number;
  Plans?: PlanNode[];
};

/** The roll scanned without a member key somewhere below this node (a scan over a whole poll's roll). */
function scansWholeRoll(node: PlanNode): boolean {
  if (node['Relation Name'] === 'poll_roll' && !(node['Index Cond'] ?? '').includes('member_id')) return true;
  return (node.Plans ?? []).some(scansWholeRoll);
}

/** Every node that is run more than once and reads a whole poll's roll each time. */
function repeatedRollScans(node: PlanNode, out: string[] = []): string[] {
  if (node['Actual Loops'] > 1 && scansWholeRoll(node))
    out.push(`${node['Node Type']} × ${node['Actual Loops']}`);
  for (const child of node.Plans ?? []) repeatedRollScans(child, out);
  return out;
}

/**
 * The turnout of a poll that has just opened, when the planner's statistics know nothing of its
 * roll yet (autovacuum has not run, or is off, as on many small servers): measured at 100,000
 * members, a join planned from those statistics read the whole roll once per waiting member and
 * took minutes. The statement must look each roll row up by key, whatever the statistics say.
 */
describe('the turnout statement with statistics that do not know the roll yet', () => {
  let database: TestDatabase;
  let ctx: ServiceContext;
  let pollId: string;
  const members = 1_500;

  beforeAll(async () => {
    database = await createTestDatabase({ driver: 'postgres' });
    ctx = serviceContext(database, testClock());
    const ids = await seedMembers(database, members);
    const assemblyId = await newAssembly(ctx);
    await checkInAll(database, assemblyId, ids);
    // The statistics as a server keeps them before the poll: the roll and participation empty.
    await sql`ANALYZE poll_roll`.execute(database.db);
    await sql`ANALYZE participation`.execute(database.db);
    pollId = await openItemPoll(ctx, assemblyId);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('never reads the whole roll once per member: each roll row is looked up by its key', async () => {
    const plan = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      const compiled = turnoutStatement(pollId).compile(trx);
      const { rows } = await trx.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>({
        ...compiled,
        sql: `EXPLAIN (ANALYZE, FORMAT JSON) ${compiled.sql}`,
      });
      return rows[0]?.['QUERY PLAN'][0].Plan as PlanNode;
    });
    expect(repeatedRollScans(plan)).toEqual([]);
    expect(await turnoutOf(database.db, pollId)).toEqual({
      voted: 0,
      canVoteNow: members,
      register: members,
    });
  });
});
