import { type Kysely, sql } from 'kysely';

/*
 * The assembly's lifecycle (preparation → convened → open → closed): when and how it was
 * convened (R16: the day the invitation is deemed received, its channel and, for a virtual or
 * hybrid assembly, how to take part, and a deadline for proxies the invitation may set: C3), and when the chair opened and closed it. The status column
 * existed already; these columns record each transition. Every transition is also a ledger entry.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE assemblies
      ADD COLUMN invited_on date,
      ADD COLUMN notice_channel text
        CHECK (notice_channel IN ('text_form_to_each_member', 'statute_public_paper', 'website_only', 'bundesanzeiger_only')),
      ADD COLUMN access_details text,
      ADD COLUMN proxy_deadline timestamptz,
      ADD COLUMN convened_at timestamptz,
      ADD COLUMN opened_at timestamptz,
      ADD COLUMN closed_at timestamptz,
      ADD CONSTRAINT assemblies_convened_recorded
        CHECK ((status = 'preparation') = (convened_at IS NULL AND invited_on IS NULL AND notice_channel IS NULL)),
      ADD CONSTRAINT assemblies_opened_recorded CHECK ((status IN ('open', 'closed')) = (opened_at IS NOT NULL)),
      ADD CONSTRAINT assemblies_closed_recorded CHECK ((status = 'closed') = (closed_at IS NOT NULL))`.execute(
    db,
  );
}
