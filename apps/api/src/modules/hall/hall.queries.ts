import { sql } from 'kysely';
import type { Db, Trx } from '../../db/types.ts';
import { presentAndGrants } from '../polls/turnout.queries.ts';

export interface TellerRow {
  userId: string;
  username: string;
  name: string;
}

/** Active staff accounts with the role teller, by username. */
export async function tellerAccounts(db: Db): Promise<TellerRow[]> {
  return db
    .selectFrom('staff_users')
    .select(['id as userId', 'username', 'display_name as name'])
    .where('role', '=', 'teller')
    .where('disabled_at', 'is', null)
    .orderBy('username')
    .execute();
}

/** An active staff account with the role teller, or undefined. */
export async function findTellerAccount(db: Db, userId: string): Promise<TellerRow | undefined> {
  return db
    .selectFrom('staff_users')
    .select(['id as userId', 'username', 'display_name as name'])
    .where('id', '=', userId)
    .where('role', '=', 'teller')
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

/** The tellers appointed for an assembly, in the order of appointment. */
export async function appointedTellers(db: Db, assemblyId: string): Promise<TellerRow[]> {
  return db
    .selectFrom('assembly_tellers as t')
    .innerJoin('staff_users as u', 'u.id', 't.user_id')
    .select(['t.user_id as userId', 'u.username', 't.name'])
    .where('t.assembly_id', '=', assemblyId)
    .orderBy('t.at')
    .orderBy('u.username')
    .execute();
}

/** The appointed teller logged in under this username, or undefined. */
export async function appointedTellerByUsername(
  db: Db,
  assemblyId: string,
  username: string,
): Promise<TellerRow | undefined> {
  return db
    .selectFrom('assembly_tellers as t')
    .innerJoin('staff_users as u', 'u.id', 't.user_id')
    .select(['t.user_id as userId', 'u.username', 't.name'])
    .where('t.assembly_id', '=', assemblyId)
    .where(sql<string>`lower(u.username)`, '=', username.toLowerCase())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function insertTeller(
  trx: Trx,
  row: { assemblyId: string; userId: string; name: string; appointedBy: string; at: Date },
): Promise<void> {
  await trx
    .insertInto('assembly_tellers')
    .values({
      assembly_id: row.assemblyId,
      user_id: row.userId,
      name: row.name,
      appointed_by: row.appointedBy,
      at: row.at,
    })
    .execute();
}

export interface HallEntryRow {
  id: number;
  poll_id: string;
  action: 'entered' | 'confirmed';
  teller_id: string;
  teller_name: string;
  yes: number;
  no: number;
  abstain: number;
  tally: Record<string, unknown> | null;
  at: Date | string;
}

const hallColumns = [
  'id',
  'poll_id',
  'action',
  'teller_id',
  'teller_name',
  'yes',
  'no',
  'abstain',
  'tally',
  'at',
] as const;

/** Every hall-count entry of a poll, oldest first. */
export async function hallEntriesOf(db: Db, pollId: string): Promise<HallEntryRow[]> {
  return (await db
    .selectFrom('hall_counts')
    .select(hallColumns)
    .where('poll_id', '=', pollId)
    .orderBy('id')
    .execute()) as HallEntryRow[];
}

/** Every hall-count entry of the polls of an assembly, oldest first (for the export bundle). */
export async function hallEntriesOfAssembly(db: Db, assemblyId: string): Promise<HallEntryRow[]> {
  return (await db
    .selectFrom('hall_counts as h')
    .innerJoin('polls as p', 'p.id', 'h.poll_id')
    .select([
      'h.id',
      'h.poll_id',
      'h.action',
      'h.teller_id',
      'h.teller_name',
      'h.yes',
      'h.no',
      'h.abstain',
      'h.tally',
      'h.at',
    ])
    .where('p.assembly_id', '=', assemblyId)
    .orderBy('h.id')
    .execute()) as HallEntryRow[];
}

export async function insertHallEntry(
  trx: Trx,
  row: {
    pollId: string;
    action: 'entered' | 'confirmed';
    tellerId: string;
    tellerName: string;
    count: { yes: number; no: number; abstain: number };
    tally: Record<string, unknown> | null;
    at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('hall_counts')
    .values({
      poll_id: row.pollId,
      action: row.action,
      teller_id: row.tellerId,
      teller_name: row.tellerName,
      yes: row.count.yes,
      no: row.count.no,
      abstain: row.count.abstain,
      tally: row.tally === null ? null : JSON.stringify(row.tally),
      at: row.at,
    })
    .execute();
}

/**
 * The votes the hall can hold in a poll (R27 plausibility): eligible members on the roll who have
 * not voted electronically and whose vote a person checked in in the room may cast — themselves,
 * a representative, or the holder of their active proxy — unless they are checked in online
 * themselves. Weighted by the roll (C1).
 */
export async function hallVotesOf(db: Db, pollId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    WITH ${presentAndGrants(pollId)}, room AS (
      SELECT member_id FROM present WHERE channel = 'room' AND NOT barred
    ), reach AS (
      SELECT member_id FROM room
      UNION
      SELECT r.member_id FROM poll_roll r CROSS JOIN LATERAL unnest(r.actors) AS a(person_id)
        JOIN room p ON p.member_id = a.person_id
      WHERE r.poll_id = ${pollId} AND cardinality(r.actors) > 1
      UNION
      SELECT g.principal_id FROM grants g JOIN room p ON p.member_id = g.holder_member_id
      WHERE g.event = 'granted'
    )
    SELECT coalesce(sum(r.votes), 0)::int AS n
    FROM reach h JOIN poll_roll r ON r.poll_id = ${pollId} AND r.member_id = h.member_id
    WHERE r.status = 'eligible'
      AND NOT EXISTS (SELECT 1 FROM participation x WHERE x.poll_id = ${pollId} AND x.member_id = h.member_id)
      AND NOT EXISTS (SELECT 1 FROM present o WHERE o.member_id = h.member_id AND o.channel = 'online')`.execute(
    db,
  );
  return rows[0]?.n ?? 0;
}

export interface HallPollRow {
  id: string;
  round: number;
  method: string;
  status: string;
  item_title: string;
  position: number;
}

/** The polls of an assembly voted by a hall method (rehearsals aside), in agenda order. */
export async function hallPollsOf(db: Db, assemblyId: string): Promise<HallPollRow[]> {
  return db
    .selectFrom('polls as p')
    .innerJoin('agenda_items as i', 'i.id', 'p.agenda_item_id')
    .select(['p.id', 'p.round', 'p.method', 'p.status', 'i.title as item_title', 'i.position'])
    .where('p.assembly_id', '=', assemblyId)
    .where('p.method', '<>', 'electronic')
    .where('p.rehearsal', '=', false)
    .orderBy('i.position')
    .orderBy('p.round')
    .execute();
}

/**
 * The tally a poll's screens show when it is voted in the hall (R27): the confirmed combined
 * tally, or null while the hall count is not confirmed. Undefined when the poll is not counted in
 * the hall (an electronic method, or an assembly without a hall).
 */
export async function hallTallyOf(
  db: Db,
  pollId: string,
): Promise<Record<string, unknown> | null | undefined> {
  const row = await db
    .selectFrom('polls as p')
    .innerJoin('assemblies as a', 'a.id', 'p.assembly_id')
    .leftJoin('hall_counts as h', (j) => j.onRef('h.poll_id', '=', 'p.id').on('h.action', '=', 'confirmed'))
    .select(['p.method', 'p.rehearsal', 'a.form', 'h.tally'])
    .where('p.id', '=', pollId)
    .executeTakeFirst();
  if (!row || row.rehearsal || row.method === 'electronic') return undefined;
  if (row.form !== 'in_person' && row.form !== 'hybrid') return undefined;
  return (row.tally as Record<string, unknown> | null) ?? null;
}
