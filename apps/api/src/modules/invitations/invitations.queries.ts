import type { Db, Trx } from '../../db/types.ts';

/** The agenda as the invitation prints it: position, title, proposer and motion text. */
export async function invitationItems(db: Db | Trx, assemblyId: string) {
  return db
    .selectFrom('agenda_items')
    .select(['position', 'title', 'proposer', 'body'])
    .where('assembly_id', '=', assemblyId)
    .orderBy('position')
    .execute();
}

/** Stores the invitation PDFs rendered at the convening (append-only). */
export async function insertInvitations(
  trx: Trx,
  assemblyId: string,
  files: readonly { lang: 'de' | 'en'; sha256: string; pdf: Buffer }[],
  at: Date,
): Promise<void> {
  await trx
    .insertInto('invitations')
    .values(
      files.map((f) => ({
        assembly_id: assemblyId,
        lang: f.lang,
        sha256: f.sha256,
        pdf: f.pdf,
        created_at: at,
      })),
    )
    .execute();
}

/** The stored invitation PDF of one language, or undefined (assemblies convened before it was stored). */
export async function findInvitation(db: Db, assemblyId: string, lang: 'de' | 'en') {
  return db
    .selectFrom('invitations')
    .select(['sha256', 'pdf', 'created_at'])
    .where('assembly_id', '=', assemblyId)
    .where('lang', '=', lang)
    .executeTakeFirst();
}

/** Names, numbers, kinds and email addresses of the register (the mail merge's columns), by number. */
export async function registerContacts(db: Db) {
  return db
    .selectFrom('members')
    .select(['id', 'member_number', 'given_name', 'family_name', 'email', 'kind'])
    .orderBy('member_number')
    .execute();
}
