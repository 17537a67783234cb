import { sql } from 'kysely';
import type { Db, Trx } from '../../db/types.ts';
import type { MemberKind } from './members-csv-cells.ts';

/** The register columns an import may write (member_number is the key, never changed). */
export interface RegisterRow {
  member_number: string;
  given_name: string;
  family_name: string;
  email: string | null;
  shares: number;
  admission_date: string;
  exit_date: string | null;
  notice_given_on: string | null;
  kind: MemberKind;
  investing: boolean;
  votes: number;
}

export interface StoredRow extends RegisterRow {
  id: string;
}

const SELECT_CHUNK = 10_000;
const WRITE_CHUNK = 5_000;

/**
 * Keeps other writers off the register for the rest of the transaction, so the created/updated
 * decision made from what was read still holds when it is written. Readers are not blocked.
 */
export async function lockRegister(trx: Trx): Promise<void> {
  await sql`LOCK TABLE members IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
}

export async function loadByNumbers(db: Db, numbers: readonly string[]): Promise<Map<string, StoredRow>> {
  const found = new Map<string, StoredRow>();
  for (let i = 0; i < numbers.length; i += SELECT_CHUNK) {
    const chunk = numbers.slice(i, i + SELECT_CHUNK);
    const rows = await db
      .selectFrom('members')
      .select([
        'id',
        'member_number',
        'given_name',
        'family_name',
        'email',
        'shares',
        'admission_date',
        'exit_date',
        'notice_given_on',
        'kind',
        'investing',
        'votes',
      ])
      .where(sql<boolean>`member_number = ANY(${sql.val(chunk)}::text[])`)
      .execute();
    for (const row of rows) found.set(row.member_number, row);
  }
  return found;
}

/** Column arrays for unnest: one statement writes thousands of rows with 12 parameters. */
function columns(rows: readonly RegisterRow[]) {
  return {
    number: rows.map((r) => r.member_number),
    given: rows.map((r) => r.given_name),
    family: rows.map((r) => r.family_name),
    email: rows.map((r) => r.email),
    shares: rows.map((r) => r.shares),
    admission: rows.map((r) => r.admission_date),
    exit: rows.map((r) => r.exit_date),
    notice: rows.map((r) => r.notice_given_on),
    kind: rows.map((r) => r.kind),
    legal: rows.map((r) => r.kind === 'legal_person'),
    investing: rows.map((r) => r.investing),
    votes: rows.map((r) => r.votes),
  };
}

export async function insertRegisterRows(trx: Trx, rows: readonly RegisterRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const c = columns(rows.slice(i, i + WRITE_CHUNK));
    await sql`
      INSERT INTO members (member_number, given_name, family_name, email, shares, admission_date,
        exit_date, notice_given_on, kind, is_legal_person, investing, votes)
      SELECT * FROM unnest(${sql.val(c.number)}::text[], ${sql.val(c.given)}::text[],
        ${sql.val(c.family)}::text[], ${sql.val(c.email)}::text[], ${sql.val(c.shares)}::int[],
        ${sql.val(c.admission)}::date[], ${sql.val(c.exit)}::date[], ${sql.val(c.notice)}::date[],
        ${sql.val(c.kind)}::text[], ${sql.val(c.legal)}::bool[], ${sql.val(c.investing)}::bool[],
        ${sql.val(c.votes)}::int[])`.execute(trx);
  }
}

/** Writes the merged rows of members that changed (only those: unchanged rows are never touched). */
export async function updateRegisterRows(trx: Trx, rows: readonly StoredRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
    const chunk = rows.slice(i, i + WRITE_CHUNK);
    const c = columns(chunk);
    await sql`
      UPDATE members AS m SET given_name = v.given_name, family_name = v.family_name, email = v.email,
        shares = v.shares, admission_date = v.admission_date, exit_date = v.exit_date,
        notice_given_on = v.notice_given_on, kind = v.kind, is_legal_person = v.is_legal_person,
        investing = v.investing, votes = v.votes
      FROM unnest(${sql.val(chunk.map((r) => r.id))}::uuid[], ${sql.val(c.given)}::text[],
        ${sql.val(c.family)}::text[], ${sql.val(c.email)}::text[], ${sql.val(c.shares)}::int[],
        ${sql.val(c.admission)}::date[], ${sql.val(c.exit)}::date[], ${sql.val(c.notice)}::date[],
        ${sql.val(c.kind)}::text[], ${sql.val(c.legal)}::bool[], ${sql.val(c.investing)}::bool[],
        ${sql.val(c.votes)}::int[])
        AS v(id, given_name, family_name, email, shares, admission_date, exit_date, notice_given_on,
          kind, is_legal_person, investing, votes)
      WHERE m.id = v.id`.execute(trx);
  }
}
