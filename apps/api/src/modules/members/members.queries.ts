import type { BoardOffice, Member } from '@plenum/domain';
import type { BundleMember } from '@plenum/ledger/verify';
import { type Selectable, sql } from 'kysely';
import type { MemberRepresentativesTable, MembersTable } from '../../db/schema.ts';
import type { Db, Trx } from '../../db/types.ts';

/** The columns of a member that the domain's rules read (R3, R4). */
const DOMAIN_COLUMNS = [
  'id',
  'kind',
  'admission_date',
  'exit_date',
  'investing',
  'votes',
  'notice_given_on',
  'expulsion_letter_sent_at',
  'deceased_on',
  'has_legal_capacity',
] as const;

type DomainRow = Pick<
  Selectable<MembersTable>,
  | 'id'
  | 'kind'
  | 'admission_date'
  | 'exit_date'
  | 'investing'
  | 'votes'
  | 'notice_given_on'
  | 'expulsion_letter_sent_at'
  | 'deceased_on'
  | 'has_legal_capacity'
>;

/** The register as the domain sees it (R3, R4): membership dates, kind and who acts for whom. */
export async function loadDomainMembers(db: Db, ids?: readonly string[]): Promise<Member[]> {
  if (ids !== undefined && ids.length === 0) return [];
  const rows = await db
    .selectFrom('members')
    .select(DOMAIN_COLUMNS)
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
    .execute();
  return domainMembers(db, rows, ids);
}

async function domainMembers(db: Db, rows: readonly DomainRow[], ids?: readonly string[]): Promise<Member[]> {
  const reps = await db
    .selectFrom('member_representatives')
    .select(['member_id', 'person_id', 'representative_member_id', 'kind'])
    .$if(ids !== undefined, (q) => q.where('member_id', 'in', ids ?? []))
    .execute();
  const repsOf = new Map<string, typeof reps>();
  for (const rep of reps) {
    const mine = repsOf.get(rep.member_id);
    if (mine) mine.push(rep);
    else repsOf.set(rep.member_id, [rep]);
  }
  return rows.map((row) => {
    const mine = repsOf.get(row.id) ?? [];
    // A representative who is a member acts under their member id (they log in as themselves).
    const personOf = (r: (typeof mine)[number]) => r.representative_member_id ?? r.person_id;
    const heirs = mine.find((r) => r.kind === 'heirs_joint_representative');
    const member: Member = {
      id: row.id,
      kind: row.kind,
      admissionDate: row.admission_date,
      investing: row.investing,
      votes: row.votes,
      hasLegalCapacity: row.has_legal_capacity,
      representatives: mine.filter((r) => r.kind !== 'heirs_joint_representative').map(personOf),
      ...(row.exit_date === null ? {} : { exitEffectiveDate: row.exit_date }),
      ...(row.notice_given_on === null ? {} : { noticeGivenOn: row.notice_given_on }),
      ...(row.expulsion_letter_sent_at === null
        ? {}
        : { expulsionLetterSentAt: new Date(row.expulsion_letter_sent_at).toISOString() }),
      ...(row.deceased_on === null ? {} : { deceasedOn: row.deceased_on }),
      ...(heirs === undefined ? {} : { heirsRepresentativeId: personOf(heirs) }),
    };
    return member;
  });
}

/**
 * The whole register read once, as the bundle states it ({@link loadRegister}: the rows
 * `registerRoot` hashes, in member-number order) and as the domain sees it
 * ({@link loadDomainMembers}, same order): what opening a poll needs from one read.
 */
export async function loadRegisterAndDomain(
  db: Db,
): Promise<{ register: BundleMember[]; members: Member[] }> {
  const rows = await db
    .selectFrom('members')
    .select([...DOMAIN_COLUMNS, 'member_number', 'given_name', 'family_name'])
    .orderBy('member_number')
    .execute();
  return { register: rows.map(bundleMember), members: await domainMembers(db, rows) };
}

export function bundleMember(
  r: Pick<
    Selectable<MembersTable>,
    | 'id'
    | 'member_number'
    | 'given_name'
    | 'family_name'
    | 'kind'
    | 'admission_date'
    | 'exit_date'
    | 'investing'
    | 'votes'
  >,
): BundleMember {
  return {
    id: r.id,
    memberNumber: r.member_number,
    name: `${r.given_name} ${r.family_name}`.trim(),
    kind: r.kind,
    admissionDate: r.admission_date,
    exitDate: r.exit_date,
    investing: r.investing,
    votes: r.votes,
  };
}

/**
 * The register as the bundle states it (SPEC.md §10.2): id, member number, name and the facts the
 * roll depends on; in member-number order. `registerRoot` hashes exactly these rows.
 */
export async function loadRegister(db: Db): Promise<BundleMember[]> {
  return (await registerQuery(db).execute()).map(bundleMember);
}

/** The statement of `loadRegister`, for reading it in pages (the streamed export). */
export function registerQuery(db: Db) {
  return db
    .selectFrom('members')
    .select([
      'id',
      'member_number',
      'given_name',
      'family_name',
      'kind',
      'admission_date',
      'exit_date',
      'investing',
      'votes',
    ])
    .orderBy('member_number');
}

/** Board terms (the basis of §43(6) exclusions) and Prokura holders (R21). */
export async function loadOffices(db: Db): Promise<{ boards: BoardOffice[]; prokura: BoardOffice[] }> {
  const rows = await db.selectFrom('offices').select(['member_id', 'body', 'from_date', 'to_date']).execute();
  const boards: BoardOffice[] = [];
  const prokura: BoardOffice[] = [];
  for (const r of rows) {
    if (r.body === 'prokura') {
      prokura.push({ personId: r.member_id, body: 'management_board', from: r.from_date, to: r.to_date });
    } else {
      boards.push({ personId: r.member_id, body: r.body, from: r.from_date, to: r.to_date });
    }
  }
  return { boards, prokura };
}

// ---- the register as staff see it (list, search, detail) --------------------------------------

const SUMMARY_COLUMNS = [
  'members.id',
  'members.member_number',
  'members.given_name',
  'members.family_name',
  'members.email',
  'members.shares',
  'members.admission_date',
  'members.exit_date',
  'members.kind',
  'members.notice_given_on',
  'members.expulsion_letter_sent_at',
  'members.deceased_on',
] as const;

/** `\`, `%` and `_` match themselves in a LIKE pattern. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Matches a member-number prefix, or every word of `q` somewhere in the name. The name side is
 * folded by the same SQL function as the stored search key (ü → u, and the key also holds ü → ue).
 */
function searchFilter(q: string | undefined) {
  const text = q?.trim() ?? '';
  if (text === '') return undefined;
  const words = text.split(/\s+/).map(
    (w) => sql<boolean>`members.search_key LIKE
      '%' || member_search_fold(${escapeLike(w)}) || '%'`,
  );
  return sql<boolean>`(lower(members.member_number) LIKE lower(${escapeLike(text)}) || '%'
    OR (${sql.join(words, sql` AND `)}))`;
}

export async function searchMembers(db: Db, options: { q?: string; after?: string; limit: number }) {
  const filter = searchFilter(options.q);
  return db
    .selectFrom('members')
    .select(SUMMARY_COLUMNS)
    .$if(filter !== undefined, (qb) => qb.where(filter ?? sql<boolean>`true`))
    .$if(options.after !== undefined, (qb) => qb.where('members.member_number', '>', options.after ?? ''))
    .orderBy('members.member_number')
    .limit(options.limit)
    .execute();
}

export async function countMembers(db: Db, q: string | undefined): Promise<number> {
  const filter = searchFilter(q);
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(filter !== undefined, (qb) => qb.where(filter ?? sql<boolean>`true`))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findMemberRow(db: Db, memberId: string) {
  return db
    .selectFrom('members')
    .select([...SUMMARY_COLUMNS, 'members.investing', 'members.votes', 'members.has_legal_capacity'])
    .where('members.id', '=', memberId)
    .executeTakeFirst();
}

export async function representativesOf(db: Db, memberId: string) {
  return db
    .selectFrom('member_representatives')
    .select(['id', 'member_id', 'person_id', 'representative_member_id', 'name', 'kind'])
    .where('member_id', '=', memberId)
    .orderBy('name')
    .execute();
}

/** Locks one member's row for the transaction (serialises changes to their offices and representatives). */
export async function lockMemberRow(trx: Trx, memberId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('members')
    .select('id')
    .where('id', '=', memberId)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a member with this id is on the register. */
export async function memberExists(db: Db, memberId: string): Promise<boolean> {
  const row = await db.selectFrom('members').select('id').where('id', '=', memberId).executeTakeFirst();
  return row !== undefined;
}

/** Names who acts for a member and answers the stored entry. */
export async function insertRepresentative(
  db: Db,
  r: {
    memberId: string;
    representativeMemberId: string | null;
    name: string;
    kind: MemberRepresentativesTable['kind'];
  },
) {
  return db
    .insertInto('member_representatives')
    .values({
      member_id: r.memberId,
      representative_member_id: r.representativeMemberId,
      name: r.name,
      kind: r.kind,
    })
    .returning(['id', 'member_id', 'person_id', 'representative_member_id', 'name', 'kind'])
    .executeTakeFirstOrThrow();
}

/** Removes one representative of a member; answers what was removed, or undefined if none matched. */
export async function deleteRepresentative(db: Db, memberId: string, representativeId: string) {
  return db
    .deleteFrom('member_representatives')
    .where('id', '=', representativeId)
    .where('member_id', '=', memberId)
    .returning(['id', 'kind', 'person_id', 'representative_member_id'])
    .executeTakeFirst();
}

/** The id of the member with this member number, if on the register. */
export async function findMemberIdByNumber(
  db: Db,
  memberNumber: string,
): Promise<{ id: string } | undefined> {
  return db.selectFrom('members').select('id').where('member_number', '=', memberNumber).executeTakeFirst();
}
