import type { PresentPerson, StandingNow, TurnoutNow } from '@plenum/domain';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/**
 * The shared part of the turnout statements: who is checked in now (the presence rows, kept with
 * every check-in and check-out) with whether §43(6) bars them in this poll, and the active proxies
 * of the assembly (a grant is active until a revocation follows). Reads the presence and proxy
 * indexes of one assembly.
 */
export const presentAndGrants = (pollId: string) => sql`
  poll AS (
    SELECT p.id, p.assembly_id,
      coalesce((a.statute -> 'channels' ->> 'advanceVoting')::boolean, false) AS advance_voting
    FROM polls p JOIN assemblies a ON a.id = p.assembly_id WHERE p.id = ${pollId}
  ), present AS (
    SELECT l.member_id, l.channel,
      EXISTS (SELECT 1 FROM poll_excluded_persons x WHERE x.poll_id = ${pollId} AND x.person_id = l.member_id) AS barred
    FROM presence l WHERE l.assembly_id = (SELECT assembly_id FROM poll) AND l.present
  ), grants AS (
    SELECT DISTINCT ON (g.grant_id) g.event, g.principal_id, g.holder_member_id FROM proxies g
    WHERE g.assembly_id = (SELECT assembly_id FROM poll) AND g.event IN ('granted', 'revoked')
    ORDER BY g.grant_id, g.id DESC
  )`;

/**
 * One member's roll row, looked up by primary key for each row of the outer statement. Written as
 * a LATERAL subquery that the planner may not flatten (OFFSET 0), because a plain join is planned
 * from the table statistics, and right after a poll opens they know nothing of its 100,000 roll
 * rows (autovacuum has not analysed them yet, or is off): the planner then took the roll for a
 * handful of rows and joined it by scanning it once per waiting member — 100,000 × 100,000 row
 * comparisons, minutes for the turnout of the opened poll. By key it is 100,000 index lookups
 * whatever the statistics say (docs/BENCHMARKS.md).
 */
const rollRowOf = (pollId: string, memberId: ReturnType<typeof sql>) => sql`
    SELECT r.status, r.votes FROM poll_roll r WHERE r.poll_id = ${pollId} AND r.member_id = ${memberId} OFFSET 0`;

/** The statement of `votesCastOf`, also the `voted` part of `turnoutOf`. */
const votesCast = (pollId: string) => sql`
    WITH advance AS (
      SELECT v.member_id FROM advance_votes v JOIN polls p ON p.id = v.poll_id JOIN assemblies a ON a.id = p.assembly_id
      WHERE v.poll_id = ${pollId} AND coalesce((a.statute -> 'channels' ->> 'advanceVoting')::boolean, false)
        AND NOT EXISTS (SELECT 1 FROM participation x WHERE x.poll_id = v.poll_id AND x.member_id = v.member_id)
    )
    SELECT (CASE WHEN EXISTS (SELECT 1 FROM poll_roll m WHERE m.poll_id = ${pollId} AND m.votes > 1)
      THEN (SELECT coalesce(sum(r.votes), 0) FROM poll_roll r
            WHERE r.poll_id = ${pollId} AND r.status = 'eligible'
              AND (r.member_id IN (SELECT member_id FROM participation WHERE poll_id = ${pollId})
                OR r.member_id IN (SELECT member_id FROM advance)))
      ELSE (SELECT count(*) FROM participation WHERE poll_id = ${pollId})
        + (SELECT count(*) FROM advance d JOIN poll_roll r ON r.poll_id = ${pollId} AND r.member_id = d.member_id
           WHERE r.status = 'eligible')
      END)::int AS voted`;

/**
 * Runs a turnout statement with PostgreSQL's JIT compiler off. The planner cannot know how many
 * present persons act for represented members (the roll's actors are an array), overestimates
 * that join by orders of magnitude at high attendance, and the inflated cost makes it JIT-compile
 * the statement: at 90,000 present that compile took 0.4 s of a 0.5 s statement. Inside the
 * caller's transaction the setting is local to it; otherwise a short transaction of its own.
 */
async function withoutJit<T>(db: Db, run: (trx: Db) => Promise<T>): Promise<T> {
  const go = async (trx: Db) => {
    await sql`SET LOCAL jit = off`.execute(trx);
    return run(trx);
  };
  return db.isTransaction ? go(db) : db.transaction().execute(go);
}

/**
 * The turnout that matters in votes (C1), the SQL form of `turnoutNow` (packages/domain
 * channels.ts), which `turnout.test.ts` checks against it: votes cast or received in advance, and
 * votes that can be cast now — eligible members with a checked-in, unbarred person who may cast
 * their vote in person (own login or representative, R4, R25) or holding their active proxy (R5,
 * R7, R10), plus those who voted or whose advance vote waits (C8, where the statute allows it).
 * Also the register size (the roll has one row per member of the register when the poll opened).
 *
 * Cost: the votes cast come from the statement of `votesCastOf` (an index-only count where nobody
 * has multiple votes); to them it adds the votes of the members reachable now (from the presence
 * rows and the proxies) who have not voted, looking only their roll rows up by primary key. So it
 * grows with attendance minus votes, not with the register (the register size is stored when the
 * poll opens; the few roll rows with a representative have a partial index). After casts only
 * `votesCastOf` runs. Measured in docs/BENCHMARKS.md (the live turnout, and *Hot paths*).
 */
export async function turnoutOf(db: Db, pollId: string): Promise<TurnoutNow & { register: number }> {
  const { rows } = await withoutJit(db, (trx) => turnoutStatement(pollId).execute(trx));
  const row = rows[0];
  return { voted: row?.voted ?? 0, canVoteNow: row?.can_vote_now ?? 0, register: row?.register ?? 0 };
}

/** The statement of `turnoutOf` (exported for the test of its plan). */
export const turnoutStatement = (pollId: string) =>
  sql<{ voted: number; can_vote_now: number; register: number }>`
  WITH ${presentAndGrants(pollId)}, reachable AS (
    SELECT member_id FROM present WHERE NOT barred
    UNION
    SELECT r.member_id FROM poll_roll r CROSS JOIN LATERAL unnest(r.actors) AS a(person_id)
      JOIN present p ON p.member_id = a.person_id AND NOT p.barred
    WHERE r.poll_id = ${pollId} AND cardinality(r.actors) > 1
    UNION
    SELECT g.principal_id FROM grants g JOIN present p ON p.member_id = g.holder_member_id AND NOT p.barred
    WHERE g.event = 'granted'
  ), waiting AS (
    SELECT x.member_id FROM reachable x
    WHERE NOT EXISTS (SELECT 1 FROM participation v WHERE v.poll_id = ${pollId} AND v.member_id = x.member_id)
      AND NOT ((SELECT advance_voting FROM poll)
        AND EXISTS (SELECT 1 FROM advance_votes d WHERE d.poll_id = ${pollId} AND d.member_id = x.member_id))
  ), cast_now AS (${votesCast(pollId)})
  SELECT (SELECT voted FROM cast_now) AS voted,
    ((SELECT voted FROM cast_now) + (SELECT coalesce(sum(r.votes), 0) FROM waiting w
      CROSS JOIN LATERAL (${rollRowOf(pollId, sql`w.member_id`)}) r WHERE r.status = 'eligible'))::int AS can_vote_now,
    (SELECT coalesce(p.register_size, (SELECT count(*) FROM poll_roll x WHERE x.poll_id = p.id))
      FROM polls p WHERE p.id = ${pollId})::int AS register`;

/**
 * Only the votes cast or received in advance (C1, C8), for a refresh after casts: a cast never
 * changes who can vote now (whoever casts was able to), so the rest of the turnout is kept. Where
 * every member has one vote (no roll row above 1, found through the partial index
 * poll_roll_multiple_idx) it is an index-only count of the participation rows plus the waiting
 * advance votes of eligible members who have not voted in the poll; only multiple votes need the
 * weights from the roll.
 */
export async function votesCastOf(db: Db, pollId: string): Promise<number> {
  const { rows } = await sql<{ voted: number }>`${votesCast(pollId)}`.execute(db);
  return rows[0]?.voted ?? 0;
}

/** Votes recorded in a poll, weighted by the roll (C1); after the close advance votes are among them. */
export async function votesRecorded(db: Db, pollId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT coalesce(sum(r.votes), 0)::int AS n FROM participation p
    JOIN poll_roll r ON r.poll_id = p.poll_id AND r.member_id = p.member_id
    WHERE p.poll_id = ${pollId}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** A member who has not voted, as `voteNow` needs them, with the names the chair's list shows. */
export interface UnvotedStanding extends StandingNow {
  readonly memberNumber: string;
  readonly name: string;
  /** Number and name of every present person in `presentActors` and `presentHolders`. */
  readonly people: ReadonlyMap<string, { memberNumber: string; name: string }>;
}

/**
 * The members on the roll who have not voted in the poll and have someone checked in who might
 * cast their vote: the member, a representative, or a proxy holder. `voteNow` decides from these
 * rows (barred persons, advance votes, precedence); the statute's advance-voting flag comes along.
 * Ordered by member number. Two statements: who is present for whom (small), then those members'
 * roll rows and names by primary key, so the roll and the register are never read whole.
 */
export async function unvotedStandings(
  db: Db,
  pollId: string,
): Promise<{ advanceVoting: boolean; members: UnvotedStanding[] }> {
  const { rows: via } = await withoutJit(db, (trx) =>
    sql<{
      member_id: string;
      kind: 'actor' | 'holder';
      person_id: string;
      channel: 'room' | 'online';
      barred: boolean;
      advance_voting: boolean;
    }>`
    WITH ${presentAndGrants(pollId)}, via AS (
      SELECT p.member_id, 'actor' AS kind, p.member_id AS person_id, p.channel, p.barred FROM present p
      UNION ALL
      SELECT r.member_id, 'actor', p.member_id, p.channel, p.barred
      FROM poll_roll r CROSS JOIN LATERAL unnest(r.actors) AS a(person_id)
        JOIN present p ON p.member_id = a.person_id
      WHERE r.poll_id = ${pollId} AND cardinality(r.actors) > 1 AND a.person_id <> r.member_id
      UNION ALL
      SELECT g.principal_id, 'holder', p.member_id, p.channel, p.barred
      FROM grants g JOIN present p ON p.member_id = g.holder_member_id WHERE g.event = 'granted'
    )
    SELECT v.member_id, v.kind, v.person_id, v.channel, v.barred, (SELECT advance_voting FROM poll) AS advance_voting
    FROM via v
    WHERE NOT EXISTS (SELECT 1 FROM participation x WHERE x.poll_id = ${pollId} AND x.member_id = v.member_id)
    ORDER BY v.member_id, v.kind, v.person_id`.execute(trx),
  );
  if (via.length === 0) return { advanceVoting: false, members: [] };
  const ids = [...new Set(via.flatMap((v) => [v.member_id, v.person_id]))];
  const { rows } = await sql<{
    member_id: string;
    member_number: string;
    name: string;
    status: StandingNow['status'] | null;
    votes: number | null;
    advance: boolean;
  }>`
    SELECT m.id AS member_id, m.member_number, trim(m.given_name || ' ' || m.family_name) AS name,
      r.status, r.votes,
      EXISTS (SELECT 1 FROM advance_votes v WHERE v.poll_id = ${pollId} AND v.member_id = m.id) AS advance
    FROM members m LEFT JOIN LATERAL (${rollRowOf(pollId, sql`m.id`)}) r ON true
    WHERE m.id = ANY(${sql.val(ids)}::uuid[])
    ORDER BY m.member_number, m.id`.execute(db);
  const people = new Map(
    rows.map((r) => [r.member_id, { memberNumber: r.member_number, name: r.name }] as const),
  );
  const byMember = new Map<string, typeof via>();
  for (const v of via) byMember.set(v.member_id, [...(byMember.get(v.member_id) ?? []), v]);
  const person = (v: (typeof via)[number]): PresentPerson => ({
    personId: v.person_id,
    channel: v.channel,
    barred: v.barred,
  });
  const members: UnvotedStanding[] = [];
  for (const r of rows) {
    const mine = byMember.get(r.member_id);
    if (mine === undefined || r.status === null) continue;
    members.push({
      memberId: r.member_id,
      status: r.status,
      votes: r.votes ?? 0,
      voted: false,
      advanceVote: r.advance,
      presentActors: mine.filter((v) => v.kind === 'actor').map(person),
      presentHolders: mine.filter((v) => v.kind === 'holder').map(person),
      memberNumber: r.member_number,
      name: r.name,
      people,
    });
  }
  return { advanceVoting: via[0]?.advance_voting ?? false, members };
}
