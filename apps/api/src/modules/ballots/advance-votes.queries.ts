import { sql } from 'kysely';
import type { Db } from '../../db/types.ts';

/**
 * Stores a sealed advance vote, replacing the member's previous one in this poll; answers whether
 * one was replaced.
 */
export async function upsertAdvanceVote(
  db: Db,
  v: { pollId: string; memberId: string; castBy: string; sealedHex: string },
): Promise<boolean> {
  const replaced = await sql<{ replaced: boolean }>`
    INSERT INTO advance_votes (poll_id, member_id, cast_by, sealed)
    VALUES (${v.pollId}, ${v.memberId}, ${v.castBy}, decode(${v.sealedHex}, 'hex'))
    ON CONFLICT (poll_id, member_id) DO UPDATE SET cast_by = EXCLUDED.cast_by, sealed = EXCLUDED.sealed
    RETURNING (xmax <> 0) AS replaced`.execute(db);
  return replaced.rows[0]?.replaced ?? false;
}

/** Deletes every advance vote of a poll and answers them, still sealed (hex). */
export async function takeAdvanceVotes(
  db: Db,
  pollId: string,
): Promise<{ member_id: string; cast_by: string; hex: string }[]> {
  const { rows } = await sql<{ member_id: string; cast_by: string; hex: string }>`
    DELETE FROM advance_votes WHERE poll_id = ${pollId}
    RETURNING member_id, cast_by, encode(sealed, 'hex') AS hex`.execute(db);
  return rows;
}

/** The roll rows of these members in a poll: status, votes and why not eligible. */
export async function rollEntriesOf(db: Db, pollId: string, memberIds: readonly string[]) {
  return db
    .selectFrom('poll_roll')
    .select(['member_id', 'status', 'votes', 'reason'])
    .where('poll_id', '=', pollId)
    .where('member_id', 'in', memberIds)
    .execute();
}

/** Records the participation of members whose advance votes count (cast_by null: cast themselves). */
export async function insertAdvanceParticipation(
  db: Db,
  pollId: string,
  votes: readonly { memberId: string; castBy: string | null }[],
): Promise<void> {
  await db
    .insertInto('participation')
    .values(
      votes.map((v) => ({
        poll_id: pollId,
        member_id: v.memberId,
        channel: 'advance' as const,
        cast_by: v.castBy,
      })),
    )
    .execute();
}
