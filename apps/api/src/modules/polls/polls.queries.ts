import type { Declaration, ExclusionReason, Fraction, ItemKind, RollSnapshot } from '@plenum/domain';
import { canonicalBytes, merkleRoot } from '@plenum/ledger';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db/types.ts';

/** Every column of a poll, named. */
const POLL_COLUMNS = [
  'id',
  'assembly_id',
  'agenda_item_id',
  'round',
  'kind',
  'item_kind',
  'method',
  'secret',
  'threshold_num',
  'threshold_den',
  'options',
  'config',
  'status',
  'opened_at',
  'closed_at',
  'votes_available',
  'votes_excluded',
  'ballots_root',
  'receipts_root',
  'ballot_count',
  'close_ledger_seq',
  'tally',
  'created_at',
  'rehearsal',
  'floor_motion_id',
] as const;

export type PollRow = Awaited<ReturnType<typeof findPoll>> & {};

export async function findPoll(db: Db, pollId: string) {
  return db.selectFrom('polls').select(POLL_COLUMNS).where('id', '=', pollId).executeTakeFirst();
}

/** The polls of an assembly, in the order they were created. */
export async function listPollRows(db: Db, assemblyId: string): Promise<PollRow[]> {
  return db
    .selectFrom('polls')
    .select(POLL_COLUMNS)
    .where('assembly_id', '=', assemblyId)
    .orderBy('created_at')
    .execute();
}

/** The highest ballot round (or rehearsal) of an agenda item so far; 0 when it has none yet. */
export async function lastRound(db: Db, itemId: string, rehearsal = false): Promise<number> {
  const previous = await db
    .selectFrom('polls')
    .select((eb) => eb.fn.max('round').as('round'))
    .where('agenda_item_id', '=', itemId)
    .where('rehearsal', '=', rehearsal)
    .where('floor_motion_id', 'is', null)
    .executeTakeFirst();
  return previous?.round ?? 0;
}

/** The status and tally of one ballot round of an agenda item, if it exists. */
export async function findRound(
  db: Db,
  itemId: string,
  round: number,
): Promise<Pick<PollRow, 'status' | 'tally'> | undefined> {
  return db
    .selectFrom('polls')
    .select(['status', 'tally'])
    .where('agenda_item_id', '=', itemId)
    .where('rehearsal', '=', false)
    .where('floor_motion_id', 'is', null)
    .where('round', '=', round)
    .executeTakeFirst();
}

export interface NewPoll {
  id: string;
  assemblyId: string;
  agendaItemId: string;
  round: number;
  kind: 'majority' | 'election';
  itemKind: ItemKind;
  method: string;
  secret: boolean;
  threshold: Fraction;
  /** The options and the configuration, as JSON. */
  options: string;
  config: string;
  /** A rehearsal poll: counts nowhere, never exported. */
  rehearsal?: boolean;
  /** The floor motion the poll votes on (round 1 of its own). */
  floorMotionId?: string;
}

/** Stores a draft poll. */
export async function insertPoll(db: Db, p: NewPoll) {
  return db
    .insertInto('polls')
    .values({
      id: p.id,
      assembly_id: p.assemblyId,
      agenda_item_id: p.agendaItemId,
      round: p.round,
      kind: p.kind,
      item_kind: p.itemKind,
      method: p.method,
      secret: p.secret,
      threshold_num: p.threshold.num,
      threshold_den: p.threshold.den,
      options: p.options,
      config: p.config,
      rehearsal: p.rehearsal ?? false,
      floor_motion_id: p.floorMotionId ?? null,
    })
    .returning(['id', 'round', 'kind', 'secret', 'threshold_num', 'threshold_den'])
    .executeTakeFirstOrThrow();
}

/** Records the persons barred from voting on the poll's item by §43(6), with why. */
export async function insertExclusions(
  db: Db,
  pollId: string,
  exclusions: readonly { personId: string; reason: string }[],
): Promise<void> {
  await db
    .insertInto('poll_excluded_persons')
    .values(exclusions.map((e) => ({ poll_id: pollId, person_id: e.personId, reason: e.reason })))
    .execute();
}

/** Marks a poll open, with the votes its roll makes available and excludes. */
export async function markPollOpen(
  db: Db,
  pollId: string,
  open: { at: Date; votesAvailable: number; votesExcluded: number; registerSize: number },
): Promise<void> {
  await db
    .updateTable('polls')
    .set({
      status: 'open',
      opened_at: open.at,
      votes_available: open.votesAvailable,
      votes_excluded: open.votesExcluded,
      register_size: open.registerSize,
    })
    .where('id', '=', pollId)
    .execute();
}

/** Marks a poll closed with its roots, ballot count, ledger entry and tally; answers the poll. */
export async function markPollClosed(
  db: Db,
  pollId: string,
  close: {
    at: Date;
    ballotsRoot: string;
    receiptsRoot: string;
    ballotCount: number;
    closeLedgerSeq: number | null;
    /** The tally, as JSON. */
    tally: string;
  },
): Promise<PollRow> {
  return db
    .updateTable('polls')
    .set({
      status: 'closed',
      closed_at: close.at,
      ballots_root: close.ballotsRoot,
      receipts_root: close.receiptsRoot,
      ballot_count: close.ballotCount,
      close_ledger_seq: close.closeLedgerSeq,
      tally: close.tally,
    })
    .where('id', '=', pollId)
    .returning(POLL_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Marks a poll declared (the declaration itself is its own row). */
export async function markPollDeclared(db: Db, pollId: string): Promise<void> {
  await db.updateTable('polls').set({ status: 'declared' }).where('id', '=', pollId).execute();
}

/** Stores the chair's declaration of a poll's result (R29). */
export async function insertDeclaration(
  db: Db,
  d: {
    id: string;
    pollId: string;
    text: string;
    /** The language of `text`, and the text in the other language (null: one language only). */
    lang: 'de' | 'en';
    translation: string | null;
    /** The declared result, as JSON. */
    result: string;
    declaredBy: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('declarations')
    .values({
      id: d.id,
      poll_id: d.pollId,
      corrects_id: null,
      text: d.text,
      lang: d.lang,
      translation: d.translation,
      result: d.result,
      declared_by: d.declaredBy,
      at: d.at,
    })
    .execute();
}

/** Who took part in a poll, and through which channel (never the choice). */
export async function participationOf(db: Db, pollId: string): Promise<ParticipationRow[]> {
  return db
    .selectFrom('participation')
    .select(['member_id', 'channel', 'cast_by'])
    .where('poll_id', '=', pollId)
    .execute();
}

/** Whether each candidate of an election item has accepted or declined office (R22). */
export async function candidateDecisions(db: Db, itemId: string) {
  return db
    .selectFrom('candidates')
    .select(['member_id', 'accepted_at', 'declined_at'])
    .where('agenda_item_id', '=', itemId)
    .execute();
}

/** Records that a candidate accepted or declined office (R22). */
export async function recordCandidateDecision(
  db: Db,
  itemId: string,
  memberId: string,
  decision: { accepted: boolean; at: Date },
): Promise<void> {
  await db
    .updateTable('candidates')
    .set(decision.accepted ? { accepted_at: decision.at } : { declined_at: decision.at })
    .where('agenda_item_id', '=', itemId)
    .where('member_id', '=', memberId)
    .execute();
}

export interface RollRow {
  member_id: string;
  status: 'eligible' | 'excluded' | 'ineligible';
  votes: number;
  actors: string[];
  reason: string | null;
}

/** Rows per statement: the columns travel as arrays, so the size bounds memory, not parameters. */
const CHUNK = 100_000;

/**
 * Writes the roll snapshot, one statement per chunk of rows: each column is one array parameter
 * (`unnest`), the actors of each row a PostgreSQL array literal cast back to `uuid[]`.
 */
export async function insertRoll(trx: Trx, pollId: string, rows: readonly RollRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await sql`
      INSERT INTO poll_roll (poll_id, member_id, status, votes, actors, reason)
      SELECT ${pollId}::uuid, u.m, u.s, u.v, u.a::uuid[], u.r
      FROM unnest(${sql.val(chunk.map((r) => r.member_id))}::uuid[],
                  ${sql.val(chunk.map((r) => r.status))}::text[],
                  ${sql.val(chunk.map((r) => r.votes))}::int[],
                  ${sql.val(chunk.map((r) => `{${r.actors.join(',')}}`))}::text[],
                  ${sql.val(chunk.map((r) => r.reason))}::text[]) AS u(m, s, v, a, r)`.execute(trx);
  }
}

/**
 * The roll's fingerprint for the ledger: a Merkle root over the rows sorted by member id, so an
 * auditor can check the exported roll against what was recorded when the poll opened.
 */
export function rollRoot(rows: readonly RollRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0,
  );
  return merkleRoot(
    sorted.map((r) =>
      canonicalBytes({ memberId: r.member_id, status: r.status, votes: r.votes, reason: r.reason ?? null }),
    ),
  );
}

export interface ParticipationRow {
  member_id: string;
  channel: string;
  cast_by: string | null;
}

/** Participation list fingerprint (R27: who took part and through which channel, never the choice). */
export function participationRoot(rows: readonly ParticipationRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : 0,
  );
  return merkleRoot(
    sorted.map((r) =>
      canonicalBytes({ memberId: r.member_id, channel: r.channel, castBy: r.cast_by ?? null }),
    ),
  );
}

/** A stored roll row as read back for one poll. */
export interface StoredRollRow {
  member_id: string;
  status: string;
  votes: number;
  actors: string[];
  reason: string | null;
}

/**
 * The part of a poll's roll that a decision about one voter needs (what `castableVotes` reads):
 * the rows of the members concerned and the voter's own §43(6) exclusion, if any.
 */
export function partialRoll(
  rows: readonly StoredRollRow[],
  voter: { id: string; excludedReason: string | null | undefined },
): Pick<RollSnapshot, 'entries' | 'exclusions'> {
  return {
    entries: rows
      .filter((r) => r.status !== 'ineligible')
      .map((r) => ({
        memberId: r.member_id,
        votes: r.votes,
        capacity: 'self' as const,
        actors: r.actors,
        excluded: r.status === 'excluded' ? (r.reason as ExclusionReason) : null,
      })),
    exclusions: voter.excludedReason
      ? [{ personId: voter.id, reason: voter.excludedReason as ExclusionReason }]
      : [],
  };
}

/**
 * C4: how many members of the poll's register are present or represented now, and how many there
 * are (the roll without those who are not members at all). Present: the latest attendance event
 * is a check-in. Represented: an active proxy whose holder is present.
 */
export async function quorumAttendance(
  db: Db,
  pollId: string,
  assemblyId: string,
): Promise<{ presentMembers: number; totalMembers: number }> {
  const { rows } = await sql<{ present: number; total: number }>`
    WITH latest AS (
      SELECT DISTINCT ON (member_id) member_id, event FROM attendance
      WHERE assembly_id = ${assemblyId} AND event <> 'refused' ORDER BY member_id, id DESC
    ), present AS (
      SELECT member_id FROM latest WHERE event = 'check_in'
    ), grants AS (
      SELECT DISTINCT ON (grant_id) event, principal_id, holder_member_id FROM proxies
      WHERE assembly_id = ${assemblyId} AND event IN ('granted', 'revoked') ORDER BY grant_id, id DESC
    ), attending AS (
      SELECT member_id FROM present
      UNION SELECT g.principal_id FROM grants g JOIN present p ON p.member_id = g.holder_member_id
      WHERE g.event = 'granted'
    )
    SELECT count(*) FILTER (WHERE r.member_id IN (SELECT member_id FROM attending))::int AS present,
      count(*)::int AS total
    FROM poll_roll r WHERE r.poll_id = ${pollId} AND r.status <> 'ineligible'`.execute(db);
  return { presentMembers: rows[0]?.present ?? 0, totalMembers: rows[0]?.total ?? 0 };
}

/** The declaration in force for a poll (the latest correction wins), as the domain sees it. */
export async function latestDeclaration(db: Db, pollId: string): Promise<Declaration | null> {
  const row = await db
    .selectFrom('declarations')
    .select(['id', 'poll_id', 'corrects_id', 'text', 'result', 'declared_by', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('at', 'desc')
    .orderBy(sql`corrects_id IS NOT NULL`, 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  const result = row.result as { outcome?: unknown; deviationReason?: unknown; correctionReason?: unknown };
  return {
    id: row.id,
    pollId: row.poll_id,
    declaredAt: new Date(row.at).toISOString(),
    declaredBy: row.declared_by,
    outcome: result.outcome === 'passed' ? 'passed' : 'failed',
    text: row.text,
    ...(typeof result.deviationReason === 'string' ? { deviationReason: result.deviationReason } : {}),
    ...(row.corrects_id === null ? {} : { corrects: row.corrects_id }),
    ...(typeof result.correctionReason === 'string' ? { correctionReason: result.correctionReason } : {}),
  };
}

/** R29: every declaration of a poll, the first and its corrections, oldest first. */
export async function declarationsOf(db: Db | Trx, pollId: string) {
  return db
    .selectFrom('declarations')
    .select(['id', 'poll_id', 'corrects_id', 'text', 'result', 'declared_by', 'at'])
    .where('poll_id', '=', pollId)
    .orderBy('at')
    .execute();
}

/** R29: appends a correction; the declaration it corrects stays as it was (append-only table). */
export async function insertCorrection(
  trx: Trx,
  c: {
    id: string;
    pollId: string;
    correctsId: string;
    text: string;
    result: Record<string, unknown>;
    declaredBy: string;
    at: Date;
  },
) {
  await trx
    .insertInto('declarations')
    .values({
      id: c.id,
      poll_id: c.pollId,
      corrects_id: c.correctsId,
      text: c.text,
      result: JSON.stringify(c.result),
      declared_by: c.declaredBy,
      at: c.at,
    })
    .execute();
}
