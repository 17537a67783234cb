import { type Kysely, sql } from 'kysely';

/*
 * Searching the register: a folded search key on members (lower case, accents removed) so that
 * "muller", "mueller" and "Müller" all find Müller, and an index for member-number prefixes.
 * The folding lives in one SQL function used by the column and by the queries alike.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Umlauts fold to their base letter (ü → u); ß, æ, œ to two letters. Immutable, so a generated
  // column may use it.
  await sql`
    CREATE FUNCTION member_search_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
      SELECT translate(
        replace(replace(replace(lower(t), 'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'),
        'äöüàáâãåāèéêëēìíîïòóôõøōùúûūýÿçćčñńšśžźżłřďťňě',
        'aouaaaaaaeeeeeiiiioooooouuuuyycccnnsszzzlrdtne')
    $$`.execute(db);
  // The key holds both spellings of German umlauts: "muller" and "mueller" (ü → ue) both match.
  await sql`
    CREATE FUNCTION member_search_key(given text, family text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
      SELECT member_search_fold(coalesce(given, '') || ' ' || coalesce(family, '')) || ' | ' ||
        member_search_fold(replace(replace(replace(
          lower(coalesce(given, '') || ' ' || coalesce(family, '')), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'))
    $$`.execute(db);
  await sql`
    ALTER TABLE members
      ADD COLUMN search_key text GENERATED ALWAYS AS (member_search_key(given_name, family_name)) STORED
  `.execute(db);
  await sql`CREATE INDEX members_number_prefix_idx ON members (lower(member_number) text_pattern_ops)`.execute(
    db,
  );
  await sql`CREATE INDEX offices_body_idx ON offices (body, member_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX offices_body_idx`.execute(db);
  await sql`DROP INDEX members_number_prefix_idx`.execute(db);
  await sql`ALTER TABLE members DROP COLUMN search_key`.execute(db);
  await sql`DROP FUNCTION member_search_key(text, text)`.execute(db);
  await sql`DROP FUNCTION member_search_fold(text)`.execute(db);
}
