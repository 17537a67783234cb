import type { MemberDetail, MemberStatus, MemberSummary, MembersPage } from '@plenum/contracts';
import { DEFAULT_STATUTE, dateOf } from '@plenum/domain';
import type { ServiceContext } from '../context.ts';
import { Refusal } from '../refusal.ts';
import { countMembers, findMemberRow, representativesOf, searchMembers } from './members.queries.ts';
import { listOffices } from './offices.queries.ts';
import { toRepresentative } from './representatives.service.ts';

type SummaryRow = Awaited<ReturnType<typeof searchMembers>>[number];

/**
 * Where a member stands today (R3): deceased and expelled first, then exited once the exit date
 * has passed; notice given (or an exit date ahead) still counts as a member until then (§65(2)).
 */
export function memberStatus(row: SummaryRow, now: Date): MemberStatus {
  // The register has no assembly: dates are judged on the default calendar (Europe/Berlin).
  const today = dateOf(now.toISOString(), DEFAULT_STATUTE.convening.timeZone);
  if (row.deceased_on !== null) return 'deceased';
  if (row.expulsion_letter_sent_at !== null && new Date(row.expulsion_letter_sent_at) <= now)
    return 'expelled';
  if (row.exit_date !== null && row.exit_date < today) return 'exited';
  if (row.notice_given_on !== null || row.exit_date !== null) return 'notice_given';
  return 'active';
}

function toSummary(row: SummaryRow, now: Date): MemberSummary {
  return {
    id: row.id,
    memberNumber: row.member_number,
    givenName: row.given_name,
    familyName: row.family_name,
    email: row.email,
    shares: row.shares,
    admissionDate: row.admission_date,
    exitDate: row.exit_date,
    kind: row.kind,
    status: memberStatus(row, now),
  };
}

/** The cursor is the last member number of a page, opaque to clients. */
const encodeCursor = (memberNumber: string) => Buffer.from(memberNumber, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (text === '' || encodeCursor(text) !== cursor) {
    throw new Refusal('request.invalid', 'The cursor is not one this API handed out.', { cursor });
  }
  return text;
}

export async function listMembers(
  ctx: ServiceContext,
  query: { q?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<MembersPage> {
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const q = query.q;
  const rows = await searchMembers(ctx.db, {
    ...(q === undefined ? {} : { q }),
    ...(after === undefined ? {} : { after }),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const now = ctx.clock.now();
  return {
    items: page.map((r) => toSummary(r, now)),
    total: await countMembers(ctx.db, q),
    nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last.member_number) : null,
  };
}

export async function getMember(ctx: ServiceContext, memberId: string): Promise<MemberDetail> {
  const row = await findMemberRow(ctx.db, memberId);
  if (row === undefined) throw new Refusal('member.not_found', 'No member with this id.', { memberId });
  const expulsion = row.expulsion_letter_sent_at;
  return {
    ...toSummary(row, ctx.clock.now()),
    noticeGivenOn: row.notice_given_on,
    deceasedOn: row.deceased_on,
    expulsionLetterSentAt: expulsion === null ? null : new Date(expulsion).toISOString(),
    investing: row.investing,
    votes: row.votes,
    hasLegalCapacity: row.has_legal_capacity,
    representatives: (await representativesOf(ctx.db, memberId)).map(toRepresentative),
    offices: await listOffices(ctx.db, { memberId }),
  };
}
