import { sql } from 'kysely';
import type { StaffRoleColumn } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';

export interface StaffUserRow {
  id: string;
  username: string;
  displayName: string;
  role: StaffRoleColumn;
  createdAt: Date;
  disabledAt: Date | null;
}

const staffColumns = ['id', 'username', 'display_name', 'role', 'created_at', 'disabled_at'] as const;

function toStaffUser(row: {
  id: string;
  username: string;
  display_name: string;
  role: StaffRoleColumn;
  created_at: Date;
  disabled_at: Date | null;
}): StaffUserRow {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    createdAt: new Date(row.created_at),
    disabledAt: row.disabled_at === null ? null : new Date(row.disabled_at),
  };
}

/** A staff user by username, ignoring case (the unique index is on lower(username)). */
export async function findStaffUser(
  db: Db,
  username: string,
): Promise<(StaffUserRow & { passwordHash: string; sessionVersion: number }) | undefined> {
  const row = await db
    .selectFrom('staff_users')
    .select([...staffColumns, 'password_hash', 'session_version'])
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row && { ...toStaffUser(row), passwordHash: row.password_hash, sessionVersion: row.session_version };
}

export async function listStaffUsers(db: Db): Promise<StaffUserRow[]> {
  const rows = await db.selectFrom('staff_users').select(staffColumns).orderBy('username').execute();
  return rows.map(toStaffUser);
}

/** Inserts a staff user; undefined when the username is taken (any case). */
export async function insertStaffUser(
  trx: Trx,
  user: { username: string; displayName: string; passwordHash: string; role: StaffRoleColumn; at: Date },
): Promise<StaffUserRow | undefined> {
  const row = await trx
    .insertInto('staff_users')
    .values({
      username: user.username,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      role: user.role,
      created_at: user.at,
    })
    .onConflict((oc) => oc.expression(sql`lower(username)`).doNothing())
    .returning(staffColumns)
    .executeTakeFirst();
  return row && toStaffUser(row);
}

export interface RegisterMember {
  memberId: string;
  memberNumber: string;
  givenName: string;
  familyName: string;
  email: string | null;
  hasCode: boolean;
}

/**
 * The members on the register for an assembly on `onDate`: everyone not yet out (their exit, if
 * any, takes effect on or after the assembly day). Whether they may vote is decided per poll (R3).
 */
export async function loadRegister(
  db: Db,
  assemblyId: string,
  onDate: string,
  memberIds?: readonly string[],
): Promise<RegisterMember[]> {
  const rows = await db
    .selectFrom('members as m')
    .leftJoin('access_codes as c', (j) =>
      j.onRef('c.member_id', '=', 'm.id').on('c.assembly_id', '=', assemblyId),
    )
    .select(['m.id', 'm.member_number', 'm.given_name', 'm.family_name', 'm.email', 'c.code_hash'])
    .where((eb) => eb.or([eb('m.exit_date', 'is', null), eb('m.exit_date', '>=', onDate)]))
    .$if(memberIds !== undefined, (q) => q.where('m.id', 'in', memberIds ?? []))
    .orderBy('m.member_number')
    .execute();
  return rows.map((r) => ({
    memberId: r.id,
    memberNumber: r.member_number,
    givenName: r.given_name,
    familyName: r.family_name,
    email: r.email,
    hasCode: r.code_hash !== null,
  }));
}

/** Stores (or replaces) code hashes, in chunks that stay under the bind-parameter limit. */
export async function upsertCodeHashes(
  trx: Trx,
  assemblyId: string,
  hashes: readonly { memberId: string; codeHash: string }[],
  at: Date,
): Promise<void> {
  for (let i = 0; i < hashes.length; i += 5000) {
    await trx
      .insertInto('access_codes')
      .values(
        hashes.slice(i, i + 5000).map((h) => ({
          assembly_id: assemblyId,
          member_id: h.memberId,
          code_hash: h.codeHash,
          issued_at: at,
        })),
      )
      .onConflict((oc) =>
        // A new code ends the sessions opened with the old one (their tokens carry the old version).
        oc.columns(['assembly_id', 'member_id']).doUpdateSet((eb) => ({
          code_hash: eb.ref('excluded.code_hash'),
          issued_at: eb.ref('excluded.issued_at'),
          session_version: sql<number>`access_codes.session_version + 1`,
        })),
      )
      .execute();
  }
}

/** The member a login names, with the hash of their code for this assembly (if any). */
export async function findMemberForLogin(db: Db, assemblyId: string, memberNumber: string) {
  return db
    .selectFrom('members as m')
    .leftJoin('access_codes as c', (j) =>
      j.onRef('c.member_id', '=', 'm.id').on('c.assembly_id', '=', assemblyId),
    )
    .select(['m.id', 'm.member_number', 'm.given_name', 'm.family_name', 'c.code_hash', 'c.session_version'])
    .where('m.member_number', '=', memberNumber)
    .executeTakeFirst();
}

export async function findMemberName(db: Db, memberId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('members')
    .select(['given_name', 'family_name'])
    .where('id', '=', memberId)
    .executeTakeFirst();
  return row && `${row.given_name} ${row.family_name}`;
}

/** The session state of a staff account: its version and whether it is disabled. */
export async function staffSessionState(db: Db, username: string) {
  const row = await db
    .selectFrom('staff_users')
    .select(['session_version', 'disabled_at'])
    .where(sql<string>`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row && { version: row.session_version, disabled: row.disabled_at !== null };
}

/** The session version of a member's access code for an assembly. */
export async function memberSessionVersion(
  db: Db,
  assemblyId: string,
  memberId: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('access_codes')
    .select('session_version')
    .where('assembly_id', '=', assemblyId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.session_version;
}

/** Disables or enables a staff account; disabling moves its session version on. */
export async function setStaffDisabled(
  trx: Trx,
  userId: string,
  disabledAt: Date | null,
): Promise<StaffUserRow | undefined> {
  const row = await trx
    .updateTable('staff_users')
    .set((eb) => ({
      disabled_at: disabledAt,
      session_version: disabledAt ? eb('session_version', '+', 1) : eb.ref('session_version'),
    }))
    .where('id', '=', userId)
    .returning(staffColumns)
    .executeTakeFirst();
  return row && toStaffUser(row);
}

/**
 * Serialises issuing access codes for one assembly until the transaction ends, so two admins
 * issuing at once cannot hand out two different codes for one member.
 */
export async function lockAccessCodes(trx: Trx, assemblyId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`access_codes:${assemblyId}`}))`.execute(trx);
}
