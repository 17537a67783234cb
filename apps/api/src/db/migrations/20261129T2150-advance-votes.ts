import { type Kysely, sql } from 'kysely';

/*
 * Advance votes (C8, §43b(2) GenG): cast before a poll opens, where the statute allows. They stay
 * linked to the member until the poll closes, because a vote in person or by proxy supersedes them
 * (R5). At close, the advance votes of members who did not vote otherwise become ordinary ballots
 * (participation with channel 'advance', an anonymous ballot, the receipt) and the linked rows are
 * deleted, so no link between a member and a choice outlives the count. Not evidence: deletable.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE advance_votes (
      poll_id uuid NOT NULL REFERENCES polls(id),
      member_id uuid NOT NULL REFERENCES members(id),
      cast_by uuid NOT NULL,
      choice jsonb NOT NULL,
      receipt_hash text NOT NULL,
      PRIMARY KEY (poll_id, member_id)
    )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE advance_votes`.execute(db);
}
