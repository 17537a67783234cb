import { type Kysely, sql } from 'kysely';

/*
 * A declaration in both languages of the screens.
 *
 * The chair's declaration was one text, and every screen showed it whatever its language. Now
 * `text` is the declaration as the chair entered it first, `lang` says which language that is, and
 * `translation` holds the same declaration in the other language (null when the chair gave only
 * one). Screens show the text in their own language and fall back to the other one, marked with
 * its language. Declarations made before this migration were German.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE declarations
      ADD COLUMN lang text NOT NULL DEFAULT 'de' CHECK (lang IN ('de', 'en')),
      ADD COLUMN translation text CHECK (translation IS NULL OR length(translation) > 0)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE declarations DROP COLUMN translation, DROP COLUMN lang`.execute(db);
}
