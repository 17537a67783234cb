import { toCsv } from '../exports/csv.ts';
import { formatInstant, type Lang } from '../exports/minutes-text.ts';
import { fill, invitationText } from './invitation-text.ts';

export interface InvitedMember {
  memberNumber: string;
  givenName: string;
  familyName: string;
  email: string | null;
  kind: 'natural_person' | 'legal_person' | 'partnership';
}

/**
 * The invitation's mail merge: one row per invited member. The login link names the assembly by
 * its short code only; the personal access codes are in the access-codes CSV, which exists once,
 * when they are issued. The register keeps no postal address and no preferred language, so the
 * file has no address columns and its language column is the file's own.
 */
export function invitationCsv(
  members: readonly InvitedMember[],
  a: { lang: Lang; title: string; startsAt: string; timeZone: string; code: string; joinLink: string },
): string {
  const t = invitationText(a.lang);
  const when = formatInstant(a.startsAt, a.lang, true, a.timeZone);
  const rows = members.map((m) => [
    m.memberNumber,
    m.kind === 'natural_person'
      ? fill(t.csv.salutationPerson, { name: `${m.givenName} ${m.familyName}`.trim() })
      : t.csv.salutationOrganisation,
    m.givenName,
    m.familyName,
    m.email ?? '',
    t.csv.language,
    a.title,
    when,
    a.code,
    a.joinLink,
  ]);
  return toCsv(a.lang, t.csv.header, rows, ';');
}
