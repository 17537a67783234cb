import type { LiveChange, LivePoll, LiveResult, LiveSnapshot, LiveTurnout } from '@plenum/contracts';
import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';
import { declarationTexts } from '../polls/declaration-texts.ts';
import { turnoutOf, votesCastOf } from '../polls/turnout.queries.ts';
import { loadLiveSpeakers } from '../speakers/speakers.queries.ts';

/**
 * The live sequence as it stands (0 before the first change). Read before the state, so a
 * snapshot with id n reflects at least every change published with a number up to n.
 */
export async function currentLiveSeq(db: Db): Promise<number> {
  const { rows } = await sql<{ seq: number }>`
    SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS seq FROM plenum_live_seq`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

/** The whole live state of an assembly, or null if there is no such assembly. */
export async function loadSnapshot(db: Db, assemblyId: string): Promise<LiveSnapshot | null> {
  const seq = await currentLiveSeq(db);
  const assembly = await db
    .selectFrom('assemblies as a')
    .leftJoin('agenda_items as i', 'i.id', 'a.current_item_id')
    .select(['a.status', 'a.current_item_id', 'i.id as item_id', 'i.position', 'i.title', 'i.kind'])
    .where('a.id', '=', assemblyId)
    .executeTakeFirst();
  if (!assembly) return null;
  const poll = await loadPoll(db, assemblyId, assembly.current_item_id);
  const turnout = poll ? await loadTurnout(db, poll.id) : null;
  const result = poll?.status === 'declared' ? await loadResult(db, poll.id) : null;
  return {
    seq,
    assemblyId,
    status: assembly.status,
    currentItem:
      assembly.item_id === null
        ? null
        : {
            id: assembly.item_id,
            position: assembly.position ?? 0,
            title: assembly.title ?? '',
            kind: assembly.kind ?? '',
          },
    poll,
    turnout,
    attendance: await loadAttendance(db, assemblyId),
    result,
    speakers: await loadLiveSpeakers(db, assembly.item_id),
  };
}

/**
 * After casts only the turnout changes: a refresh of the turnout of the poll in an earlier
 * snapshot, the rest is kept.
 */
export async function refreshTurnout(db: Db, previous: LiveSnapshot): Promise<LiveSnapshot> {
  const seq = await currentLiveSeq(db);
  if (!previous.poll) return { ...previous, seq };
  if (!previous.turnout) return { ...previous, seq, turnout: await loadTurnout(db, previous.poll.id) };
  // A cast never changes who can vote now (whoever cast was able to; any other change makes the
  // hub load the whole snapshot), so only the votes cast are counted again.
  const voted = await votesCastOf(db, previous.poll.id);
  return {
    ...previous,
    seq,
    turnout: { ...previous.turnout, voted, canVoteNow: Math.max(previous.turnout.canVoteNow, voted) },
  };
}

/** The open poll if there is one, else the latest poll of the current item, else the latest one. */
async function loadPoll(db: Db, assemblyId: string, currentItemId: string | null): Promise<LivePoll | null> {
  const row = await db
    .selectFrom('polls as p')
    .innerJoin('agenda_items as i', 'i.id', 'p.agenda_item_id')
    .select([
      'p.id',
      'p.agenda_item_id',
      'p.kind',
      'p.round',
      'p.rehearsal',
      'p.config',
      'p.status',
      'p.secret',
      'p.threshold_num',
      'p.threshold_den',
      'p.opened_at',
      'p.closed_at',
      // R22: whether the chair has drawn the lot for a tie (the projector then reads the poll).
      (eb) =>
        eb
          .exists(eb.selectFrom('election_lots as l').select('l.poll_id').whereRef('l.poll_id', '=', 'p.id'))
          .as('lot_drawn'),
    ])
    .where('p.assembly_id', '=', assemblyId)
    .orderBy(sql`p.status = 'open'`, 'desc')
    .orderBy(sql`p.agenda_item_id = ${currentItemId}`, (ob) => ob.desc().nullsLast())
    .orderBy('p.created_at', 'desc')
    // Polls created in the same instant (a fast chair, a frozen test clock): the later item, the
    // later round.
    .orderBy('i.position', 'desc')
    .orderBy('p.round', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    agendaItemId: row.agenda_item_id,
    kind: row.kind,
    round: row.round,
    rehearsal: row.rehearsal,
    status: row.status,
    secret: row.secret,
    threshold: { num: row.threshold_num, den: row.threshold_den },
    openedAt: row.opened_at ? new Date(row.opened_at).toISOString() : null,
    closedAt: row.closed_at ? new Date(row.closed_at).toISOString() : null,
    lotDrawn: row.lot_drawn === true,
    // The floor motion a poll votes on, as its config recorded it (polls.service). Last, as the
    // response serializer writes optional fields last: the stream's content digest hashes this
    // object, and a client's GET …/live must give the same digest.
    floorMotion: ((row.config ?? {}) as { floorMotion?: LivePoll['floorMotion'] }).floorMotion ?? null,
    amendedText: ((row.config ?? {}) as { amendedText?: string }).amendedText ?? null,
  };
}

/**
 * R23: while a poll is open only how many voted is shown, never how. The turnout is measured
 * against the votes that can be cast now (`turnoutOf`: present, represented, advance votes; never
 * §43(6)-barred votes), in votes like `votes_available` (C1); the register is context. Runs at most
 * four times a second per assembly and process (see `turnoutOf` for its cost).
 */
async function loadTurnout(db: Db, pollId: string): Promise<LiveTurnout> {
  const row = await db
    .selectFrom('polls')
    .select(['votes_available', 'votes_excluded'])
    .where('id', '=', pollId)
    .executeTakeFirst();
  const now = await turnoutOf(db, pollId);
  return {
    voted: now.voted,
    canVoteNow: now.canVoteNow,
    eligible: row?.votes_available ?? 0,
    excluded: row?.votes_excluded ?? 0,
    register: now.register,
  };
}

/** R29: the chair's declaration, the latest correction winning (corrections are appended). */
async function loadResult(db: Db, pollId: string): Promise<LiveResult | null> {
  const row = await db
    .selectFrom('declarations')
    .select(['text', 'lang', 'translation', 'result', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('at', 'desc')
    .orderBy(sql`corrects_id IS NOT NULL`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const result = row.result as {
    outcome?: string;
    tally?: { counts?: Partial<Record<'yes' | 'no' | 'abstain' | 'invalid', number>>; excluded?: number };
  };
  const counts = result.tally?.counts ?? {};
  return {
    outcome: result.outcome === 'passed' ? 'passed' : 'failed',
    counts: {
      yes: counts.yes ?? 0,
      no: counts.no ?? 0,
      abstain: counts.abstain ?? 0,
      invalid: counts.invalid ?? 0,
    },
    excluded: result.tally?.excluded ?? 0,
    text: row.text,
    lang: row.lang,
    texts: declarationTexts(row.text, row.lang, row.translation),
    declaredAt: new Date(row.at).toISOString(),
  };
}

/**
 * Members present now (the presence rows, kept with every check-in and check-out) and absent
 * members represented by a present member holding their active proxy (R5: a present principal
 * votes in person).
 * Grants to non-members are not counted: their holders are not on the attendance list.
 */
async function loadAttendance(db: Db, assemblyId: string) {
  const { rows } = await sql<{ present: number; represented: number }>`
    WITH present AS (
      SELECT member_id FROM presence WHERE assembly_id = ${assemblyId} AND present
    ), grants AS (
      SELECT DISTINCT ON (grant_id) event, principal_id, holder_member_id FROM proxies
      WHERE assembly_id = ${assemblyId} AND event IN ('granted', 'revoked')
      ORDER BY grant_id, id DESC
    )
    SELECT
      (SELECT count(*) FROM present) AS present,
      (SELECT count(DISTINCT g.principal_id) FROM grants g
        WHERE g.event = 'granted'
          AND g.holder_member_id IN (SELECT member_id FROM present)
          AND g.principal_id NOT IN (SELECT member_id FROM present)) AS represented`.execute(db);
  return { present: Number(rows[0]?.present ?? 0), represented: Number(rows[0]?.represented ?? 0) };
}

/**
 * Sends live changes as NOTIFY on `channel`, one notification each, numbered from the
 * `plenum_live_seq` sequence. PostgreSQL delivers them only after the surrounding commit, to every
 * listening process. An event may name only its poll: the assembly is then looked up in the same
 * statement.
 */
export async function notifyLive(db: Db, channel: string, events: readonly LiveChange[]): Promise<void> {
  await sql`
    SELECT pg_notify(${channel}, json_build_object(
      'assemblyId', coalesce(nullif(e.a, ''), (SELECT p.assembly_id::text FROM polls p WHERE p.id = nullif(e.p, '')::uuid)),
      'type', e.t, 'pollId', nullif(e.p, ''), 'seq', nextval('plenum_live_seq'))::text)
    FROM unnest(${events.map((e) => e.assemblyId)}::text[], ${events.map((e) => e.type)}::text[],
                ${events.map((e) => e.pollId ?? '')}::text[]) AS e(a, t, p)`.execute(db);
}
