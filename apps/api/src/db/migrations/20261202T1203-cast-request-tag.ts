import { type Kysely, sql } from 'kysely';

/*
 * Idempotent casting. A member's phone may lose the answer to a cast that was stored; it sends the
 * same request again with the same request id. To recognise that retry, the participation rows of
 * a cast keep a tag of the request: HMAC-SHA256 under a per-poll key derived from the ballot
 * secret (which never enters the database) over the voter and the request id, cut to 16 bytes.
 * Without the secret the tag is random-looking bytes; with it, it still names no choice and no
 * receipt, because neither the request id nor the receipt is stored anywhere.
 *
 * NULL for casts that sent no request id and for advance votes settled at the close.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE participation
      ADD COLUMN request_tag text CHECK (request_tag ~ '^[0-9a-f]{32}$')`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The cast request tag is not migrated down.');
}
