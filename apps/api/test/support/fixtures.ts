import type { StatuteInputBody } from '@plenum/contracts';
import type { StatuteInput } from '@plenum/domain';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database.ts';
import type { Clock } from '../../src/deps.ts';
import { systemRandom } from '../../src/deps.ts';
import { addAgendaItem, createAssembly } from '../../src/modules/assemblies/assemblies.service.ts';
import { conveneAssembly, openAssembly } from '../../src/modules/assemblies/lifecycle.service.ts';
import type { Actor, ServiceContext } from '../../src/modules/context.ts';
import { createPoll, openPoll } from '../../src/modules/polls/polls.service.ts';
import { testBallotKeys } from './app.ts';
import { testClock } from './clock.ts';

export const chair: Actor = { kind: 'staff', username: 'chair' };

/** @deprecated import from ./clock.ts (kept so older imports keep working). */
export { testClock } from './clock.ts';

export function serviceContext(database: Database, clock: Clock = testClock()): ServiceContext {
  return { db: database.db, clock, random: systemRandom, ballotKeys: testBallotKeys() };
}

/** Inserts `count` ordinary members admitted in 2020 and returns their ids in member-number order. */
export async function seedMembers(database: Database, count: number, prefix = 'M'): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 2000) {
    const rows = await database.db
      .insertInto('members')
      .values(
        Array.from({ length: Math.min(2000, count - start) }, (_, i) => ({
          member_number: `${prefix}${String(start + i + 1).padStart(6, '0')}`,
          given_name: 'Erika',
          family_name: `Muster${start + i + 1}`,
          admission_date: '2020-01-01',
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function addOffice(
  database: Database,
  memberId: string,
  body: 'management_board' | 'supervisory_board' | 'prokura',
  from = '2022-01-01',
  to: string | null = null,
): Promise<void> {
  await database.db
    .insertInto('offices')
    .values({ member_id: memberId, body, from_date: from, to_date: to })
    .execute();
}

/** How far {@link newAssembly} takes the assembly through its lifecycle. */
export type FixtureState = 'preparation' | 'convened' | 'open';

/**
 * Creates an assembly and, by default, takes it the legitimate way to `open`: an opening item on
 * the agenda (R16: the invitation states the agenda), convened by letter a month ahead (R16, R17)
 * with the online access details of a hybrid assembly, then opened by the chair.
 */
export async function newAssembly(
  ctx: ServiceContext,
  statute: StatuteInput = {},
  form: 'in_person' | 'hybrid' = 'hybrid',
  state: FixtureState = 'open',
) {
  const { id } = await createAssembly(
    ctx,
    {
      title: 'Ordentliche Generalversammlung 2026',
      form,
      place: 'Berlin',
      registeredSeat: 'Berlin',
      startsAt: '2026-06-20T10:00:00.000Z',
      chairName: 'Dr. Aufsichtsrat',
      statute: statute as StatuteInputBody,
    },
    chair,
  );
  if (state === 'preparation') return id;
  await addAgendaItem(ctx, id, { kind: 'information_only', title: 'Eröffnung und Begrüßung' }, chair);
  await conveneAssembly(ctx, id, FIXTURE_CONVENING, chair);
  if (state === 'open') await openAssembly(ctx, id, chair);
  return id;
}

/** The invitation of {@link newAssembly}: by letter, a month before the assembly day. */
export const FIXTURE_CONVENING = {
  invitedOn: '2026-05-20',
  channel: 'text_form_to_each_member',
  accessDetails: 'Online über die Plenum-Mitgliederseite mit dem Zugangscode aus dem Brief.',
} as const;

/** Adds an item and a poll for it, opens the poll, and returns the poll id. */
export async function openItemPoll(
  ctx: ServiceContext,
  assemblyId: string,
  kind: Parameters<typeof addAgendaItem>[2]['kind'] = 'motion',
  details: Record<string, unknown> = {},
  options: { secretRequest?: { supporting: number; validVotes: number } } = {},
): Promise<string> {
  const item = await addAgendaItem(ctx, assemblyId, { kind, title: `Item ${kind}`, details }, chair);
  const poll = await createPoll(ctx, assemblyId, { agendaItemId: item.id, ...options }, chair);
  await openPoll(ctx, poll.id, chair);
  return poll.id;
}

/**
 * Checks members in directly (a fixture for large runs; the check-in service itself is tested on
 * its own). Uses one statement for any number of members.
 */
export async function checkInAll(
  database: Database,
  assemblyId: string,
  memberIds: readonly string[],
  channel: 'room' | 'online' = 'room',
): Promise<void> {
  for (let i = 0; i < memberIds.length; i += 5000) {
    const chunk = memberIds.slice(i, i + 5000);
    await sql`
      INSERT INTO attendance (assembly_id, member_id, event, channel, actor, at)
      SELECT ${assemblyId}::uuid, m, 'check_in', ${channel}, 'fixture', now() FROM unnest(${sql.val(chunk)}::uuid[]) AS m`.execute(
      database.db,
    );
  }
}

/** Runs promises and returns each one's outcome, like Promise.allSettled but with the error code. */
export async function settle<T>(tasks: readonly Promise<T>[]) {
  const results = await Promise.allSettled(tasks);
  return results.map((r) =>
    r.status === 'fulfilled'
      ? { ok: true as const, value: r.value }
      : { ok: false as const, code: (r.reason as { code?: string }).code ?? String(r.reason) },
  );
}

/**
 * Runs the tasks with at most `limit` in flight, settling each like {@link settle}. Thousands of
 * callers at once would only queue for the pool's few connections; on a busy machine the queue
 * outlasts the pool's connect timeout, which tests the machine, not the code.
 */
export async function settleLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number) {
  const results: Awaited<ReturnType<typeof settle<T>>> = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < tasks.length; i = next++) {
      const [result] = await settle([(tasks[i] as () => Promise<T>)()]);
      results[i] = result as (typeof results)[number];
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

/** Picks members by index as a typed tuple (throws on a missing index, so tests fail loudly). */
export function pick<const N extends readonly number[]>(
  list: readonly string[],
  ...indexes: N
): { [K in keyof N]: string } {
  return indexes.map((i) => {
    const value = list[i];
    if (value === undefined) throw new Error(`no member at index ${i}`);
    return value;
  }) as { [K in keyof N]: string };
}
