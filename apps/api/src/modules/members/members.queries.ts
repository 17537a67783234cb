import type { BoardOffice, Member } from '@plenum/domain';
import type { Db } from '../../db/types.ts';

/** The register as the domain sees it (R3, R4): membership dates, kind and who acts for whom. */
export async function loadDomainMembers(db: Db, ids?: readonly string[]): Promise<Member[]> {
  if (ids !== undefined && ids.length === 0) return [];
  const rows = await db
    .selectFrom('members')
    .select([
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
    ])
    .$if(ids !== undefined, (q) => q.where('id', 'in', ids ?? []))
    .execute();
  const reps = await db
    .selectFrom('member_representatives')
    .select(['member_id', 'person_id', 'representative_member_id', 'kind'])
    .$if(ids !== undefined, (q) => q.where('member_id', 'in', ids ?? []))
    .execute();
  const repsOf = new Map<string, typeof reps>();
  for (const rep of reps) repsOf.set(rep.member_id, [...(repsOf.get(rep.member_id) ?? []), rep]);
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
