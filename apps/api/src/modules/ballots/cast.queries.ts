import { sql } from 'kysely';
import type { ParticipationChannel } from '../../db/schema.ts';
import type { Trx } from '../../db/types.ts';

/** What a cast needs to know, read in one round trip once the poll lock is held. */
export interface CastView {
  id: string;
  assembly_id: string;
  status: string;
  secret: boolean;
  kind: string;
  item_kind: string;
  options: unknown[];
  config: Record<string, unknown>;
  presence: { event: string; channel: 'room' | 'online' } | null;
  roll: { member_id: string; status: string; votes: number; actors: string[]; reason: string | null }[];
  voter_excluded: string | null;
}

/**
 * One statement instead of four: the poll, where the voter is (latest attendance event), the roll
 * rows of the members being voted for, and whether the voter is barred by §43(6). It runs after
 * the shared poll lock is taken, so its snapshot already sees any close that committed first.
 */
export async function readCastView(
  trx: Trx,
  pollId: string,
  voterId: string,
  memberIds: readonly string[],
): Promise<CastView | undefined> {
  const { rows } = await sql<CastView>`
    SELECT p.id, p.assembly_id, p.status, p.secret, p.kind, p.item_kind, p.options, p.config,
      (SELECT jsonb_build_object('event', a.event, 'channel', a.channel) FROM attendance a
        WHERE a.assembly_id = p.assembly_id AND a.member_id = ${voterId} AND a.event <> 'refused'
        ORDER BY a.id DESC LIMIT 1) AS presence,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('member_id', r.member_id, 'status', r.status,
          'votes', r.votes, 'actors', r.actors, 'reason', r.reason)), '[]'::jsonb)
        FROM poll_roll r WHERE r.poll_id = p.id AND r.member_id = ANY(${sql.val(memberIds)}::uuid[])) AS roll,
      (SELECT e.reason FROM poll_excluded_persons e WHERE e.poll_id = p.id AND e.person_id = ${voterId}) AS voter_excluded
    FROM polls p WHERE p.id = ${pollId}`.execute(trx);
  return rows[0];
}

export interface CastRows {
  pollId: string;
  secret: boolean;
  participation: { memberId: string; channel: ParticipationChannel; castBy: string | null }[];
  ballots: { id: string; memberId: string | null; weight: number; choice: string }[];
  receiptHashes: string[];
}

/**
 * Participation, ballots (into the outbox, see chainer.ts) and receipt hashes in one statement.
 * A second vote for a member fails on the participation primary key; the caller rolls back.
 */
export async function insertCast(trx: Trx, rows: CastRows): Promise<void> {
  await sql`
    WITH p AS (
      INSERT INTO participation (poll_id, member_id, channel, cast_by)
      SELECT ${rows.pollId}::uuid, u.m, u.ch, u.by
      FROM unnest(${sql.val(rows.participation.map((r) => r.memberId))}::uuid[],
                  ${sql.val(rows.participation.map((r) => r.channel))}::text[],
                  ${sql.val(rows.participation.map((r) => r.castBy))}::uuid[]) AS u(m, ch, by)
    ), o AS (
      INSERT INTO ballot_outbox (id, poll_id, secret, member_id, weight, choice)
      SELECT u.id, ${rows.pollId}::uuid, ${rows.secret}, u.m, u.w, u.c::jsonb
      FROM unnest(${sql.val(rows.ballots.map((b) => b.id))}::uuid[],
                  ${sql.val(rows.ballots.map((b) => b.memberId))}::uuid[],
                  ${sql.val(rows.ballots.map((b) => b.weight))}::int[],
                  ${sql.val(rows.ballots.map((b) => b.choice))}::text[]) AS u(id, m, w, c)
    )
    INSERT INTO receipts (poll_id, receipt_hash)
    SELECT ${rows.pollId}::uuid, h FROM unnest(${sql.val(rows.receiptHashes)}::text[]) AS h`.execute(trx);
}
