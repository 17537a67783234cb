import { type AssemblyStatus, type ChannelRank, DEFAULT_STATUTE, type ItemKind } from '@plenum/domain';
import { sql } from 'kysely';
import { runPrepared } from '../../db/prepared.ts';
import type { ParticipationChannel } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';

/** What a cast needs to know, read in one round trip once the poll lock is held. */
export interface CastView {
  id: string;
  assembly_id: string;
  status: string;
  assembly_status: AssemblyStatus;
  /** The assembly's form: with a hall method, members in the room are counted there (R27). */
  assembly_form: string;
  /** C5: how the poll is voted. */
  method: string;
  secret: boolean;
  kind: string;
  item_kind: ItemKind;
  options: unknown[];
  config: Record<string, unknown>;
  presence: { event: string; channel: 'room' | 'online' } | null;
  roll: { member_id: string; status: string; votes: number; actors: string[]; reason: string | null }[];
  voter_excluded: string | null;
  /** Participation rows of the requested members that already exist, with their request tag. */
  taken: { member_id: string; request_tag: string | null }[];
}

/**
 * One statement instead of four: the poll, where the voter is (the presence row), the roll
 * rows of the members being voted for, and whether the voter is barred by §43(6). It runs after
 * the shared poll lock is taken, so its snapshot already sees any close that committed first.
 */
export async function readCastView(
  trx: Trx,
  pollId: string,
  voterId: string,
  memberIds: readonly string[],
): Promise<CastView | undefined> {
  const query = sql<CastView>`
    SELECT p.id, p.assembly_id, p.status, p.secret,
      (SELECT s.status FROM assemblies s WHERE s.id = p.assembly_id) AS assembly_status,
      (SELECT s.form FROM assemblies s WHERE s.id = p.assembly_id) AS assembly_form, p.method, p.kind, p.item_kind, p.options, p.config,
      (SELECT jsonb_build_object('event', CASE WHEN a.present THEN 'check_in' ELSE 'check_out' END, 'channel', a.channel)
        FROM presence a WHERE a.assembly_id = p.assembly_id AND a.member_id = ${voterId}) AS presence,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('member_id', r.member_id, 'status', r.status,
          'votes', r.votes, 'actors', r.actors, 'reason', r.reason)), '[]'::jsonb)
        FROM poll_roll r WHERE r.poll_id = p.id AND r.member_id = ANY(${sql.val(memberIds)}::uuid[])) AS roll,
      (SELECT e.reason FROM poll_excluded_persons e WHERE e.poll_id = p.id AND e.person_id = ${voterId}) AS voter_excluded,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('member_id', x.member_id, 'request_tag', x.request_tag)), '[]'::jsonb)
        FROM participation x WHERE x.poll_id = p.id AND x.member_id = ANY(${sql.val(memberIds)}::uuid[])) AS taken
    FROM polls p WHERE p.id = ${pollId}`.compile(trx);
  const { rows } = await runPrepared(trx, 'cast_view', query);
  return rows[0];
}

export interface CastRows {
  pollId: string;
  /** `kept`: the vote's receipt sealed for whoever cast it (member-receipts.ts), as hex; or null. */
  participation: {
    memberId: string;
    channel: ParticipationChannel;
    castBy: string | null;
    kept: string | null;
  }[];
  /** The request tag of this cast (ballot-seal.ts requestTag), the same on every row; or null. */
  requestTag: string | null;
  /** Sealed ballots as hex (ballot-seal.ts): the choice never reaches the database in clear. */
  sealed: string[];
}

/**
 * Participation (with the caster's sealed receipt) and sealed ballots in one statement. A second
 * vote for a member fails on the participation primary key; the caller rolls back. The rows share
 * a transaction id, which links a member to ciphertexts only: neither the per-poll key nor the
 * member's receipt key enters the database.
 */
export async function insertCast(trx: Trx, rows: CastRows): Promise<void> {
  const query = sql`
    WITH p AS (
      INSERT INTO participation (poll_id, member_id, channel, cast_by, request_tag, kept)
      SELECT ${rows.pollId}::uuid, u.m, u.ch, u.by, ${rows.requestTag}::text, decode(u.k, 'hex')
      FROM unnest(${sql.val(rows.participation.map((r) => r.memberId))}::uuid[],
                  ${sql.val(rows.participation.map((r) => r.channel))}::text[],
                  ${sql.val(rows.participation.map((r) => r.castBy))}::uuid[],
                  ${sql.val(rows.participation.map((r) => r.kept))}::text[]) AS u(m, ch, by, k)
    )
    INSERT INTO sealed_ballots (poll_id, sealed)
    SELECT ${rows.pollId}::uuid, decode(h, 'hex') FROM unnest(${sql.val(rows.sealed)}::text[]) AS h`.compile(
    trx,
  );
  await runPrepared(trx, 'cast_insert', query);
}

/** Takes every sealed ballot of a poll out of the store (inside the close transaction). */
export async function takeSealed(trx: Trx, pollId: string): Promise<string[]> {
  const { rows } = await sql<{ hex: string }>`
    DELETE FROM sealed_ballots WHERE poll_id = ${pollId} RETURNING encode(sealed, 'hex') AS hex`.execute(trx);
  return rows.map((r) => r.hex);
}

export interface OpenedBallot {
  id: string;
  memberId: string | null;
  weight: number;
  choice: unknown;
}

/**
 * Writes a closed poll's ballots and receipt hashes, both sets in one statement and each in an
 * order nobody chose (ballots by random id, receipts by hash): the whole poll at once, so neither a
 * transaction id nor the physical order says anything about who cast which ballot.
 */
export async function insertCounted(
  trx: Trx,
  pollId: string,
  secret: boolean,
  ballots: readonly OpenedBallot[],
  receiptHashes: readonly string[],
): Promise<void> {
  if (ballots.length === 0) return;
  const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await sql`
    WITH b AS (
      INSERT INTO ballots (id, poll_id, secret, member_id, weight, choice)
      SELECT u.id, ${pollId}::uuid, ${secret}, u.m, u.w, u.c::jsonb
      FROM unnest(${sql.val(sorted.map((b) => b.id))}::uuid[],
                  ${sql.val(sorted.map((b) => (secret ? null : b.memberId)))}::uuid[],
                  ${sql.val(sorted.map((b) => b.weight))}::int[],
                  ${sql.val(sorted.map((b) => JSON.stringify(b.choice)))}::text[]) AS u(id, m, w, c)
    )
    INSERT INTO receipts (poll_id, receipt_hash)
    SELECT ${pollId}::uuid, h FROM unnest(${sql.val([...receiptHashes].sort())}::text[]) AS h`.execute(trx);
}

/**
 * Which of these members already took part in the poll, how, and under which request tag (to say
 * so on a duplicate, or to recognise a retry that lost the race to its own first attempt).
 */
export async function participantsAmong(db: Db, pollId: string, memberIds: readonly string[]) {
  if (memberIds.length === 0) return [];
  const rows = await db
    .selectFrom('participation')
    .select(['member_id', 'channel', 'cast_by', 'request_tag'])
    .where('poll_id', '=', pollId)
    .where('member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => ({
    memberId: r.member_id,
    channel: r.channel,
    castBy: r.cast_by,
    requestTag: r.request_tag,
  }));
}

/** The assembly statute's channel precedence (R5, C8); the default when none is stored. */
export async function statutePrecedence(db: Db, assemblyId: string): Promise<readonly ChannelRank[]> {
  const row = await db
    .selectFrom('assemblies')
    .select('statute')
    .where('id', '=', assemblyId)
    .executeTakeFirst();
  const stored = (row?.statute as { channels?: { precedence?: ChannelRank[] } } | undefined)?.channels
    ?.precedence;
  return stored ?? DEFAULT_STATUTE.channels.precedence;
}

/** Members among these with an advance vote waiting in this poll. */
export async function advanceVotersAmong(
  db: Db,
  pollId: string,
  memberIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('advance_votes')
    .select('member_id')
    .where('poll_id', '=', pollId)
    .where('member_id', 'in', memberIds)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

/** A receipt hash of a closed poll, if it was counted. */
export async function findReceipt(db: Db, pollId: string, receiptHash: string) {
  return db
    .selectFrom('receipts')
    .select('receipt_hash')
    .where('poll_id', '=', pollId)
    .where('receipt_hash', '=', receiptHash)
    .executeTakeFirst();
}

/**
 * The kept receipts of the votes this member cast in the assembly (their own and those cast for
 * others), in the order the polls opened. Sealed: the caller opens them with the member's key.
 */
export async function keptReceiptRows(db: Db, assemblyId: string, casterId: string) {
  const { rows } = await sql<{ poll_id: string; member_id: string; kept: Uint8Array }>`
    SELECT p.poll_id, p.member_id, p.kept
    FROM participation p JOIN polls ON polls.id = p.poll_id
    WHERE polls.assembly_id = ${assemblyId} AND p.kept IS NOT NULL
      AND coalesce(p.cast_by, p.member_id) = ${casterId}
    ORDER BY polls.opened_at, polls.id, p.member_id`.execute(db);
  return rows;
}

/** Names of members, for the receipts a proxy holder keeps for others. */
export async function memberNames(db: Db, memberIds: readonly string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['id', 'given_name', 'family_name'])
    .where('id', 'in', [...memberIds])
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.given_name} ${r.family_name}`]));
}

/** Which of these (poll, receipt hash) pairs were counted: the receipts of closed polls. */
export async function countedAmong(
  db: Db,
  candidates: readonly { pollId: string; hash: string }[],
): Promise<string[]> {
  if (candidates.length === 0) return [];
  const { rows } = await sql<{ poll_id: string }>`
    SELECT r.poll_id FROM unnest(${sql.val(candidates.map((c) => c.pollId))}::uuid[],
                                 ${sql.val(candidates.map((c) => c.hash))}::text[]) AS q(p, h)
    JOIN receipts r ON r.poll_id = q.p AND r.receipt_hash = q.h`.execute(db);
  return rows.map((r) => r.poll_id);
}

/** Polls whose receipts can be checked (closed or declared), with what a receipt check names. */
export async function checkablePolls(db: Db) {
  return db
    .selectFrom('polls')
    .innerJoin('agenda_items', 'agenda_items.id', 'polls.agenda_item_id')
    .select([
      'polls.id',
      'polls.assembly_id',
      'polls.round',
      'polls.receipts_root',
      'agenda_items.title as item_title',
    ])
    .where('polls.status', 'in', ['closed', 'declared'])
    .execute();
}
