import type { Bundle } from '@plenum/ledger/verify';
import { type MinutesModel, minutesModel } from './minutes-model.ts';
import { type Lang, text } from './minutes-text.ts';

/**
 * A spreadsheet cell: always quoted, and text a spreadsheet would run as a formula (= + - @, tab,
 * carriage return) is prefixed with an apostrophe (OWASP "CSV injection").
 */
export function csvCell(value: string | number | boolean | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * German spreadsheets expect `;` and a BOM for umlauts; English ones `,` (a mail merge passes `;`
 * for both, like the access codes). Lines end in CRLF (RFC 4180).
 */
export function toCsv(
  lang: Lang,
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
  separator?: ';' | ',',
): string {
  const sep = separator ?? (lang === 'de' ? ';' : ',');
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(sep));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * One row per motion poll; an election round has one row per candidate (their votes and whether
 * they were elected), so every figure the minutes state is in the file. Words and times in the
 * file's language and the cooperative's time zone.
 */
export function resultsCsv(bundle: Bundle, lang: Lang): string {
  const t = text(lang);
  const model: MinutesModel = minutesModel(bundle, lang);
  const yesNo = (value: boolean) => (value ? t.csv.yes : t.csv.no);
  const rows = model.items.flatMap((item) =>
    item.polls.flatMap((p) => {
      const head = [item.position, item.title, p.round, t.csv.kinds[p.kind] ?? p.kind, yesNo(p.secret)];
      // C5, R27: how it was voted, and the votes per channel (hall count, electronic ballots).
      const channels = [
        p.methodName,
        p.hall?.yes ?? null,
        p.hall?.no ?? null,
        p.hall?.abstain ?? null,
        p.electronic?.yes ?? null,
        p.electronic?.no ?? null,
        p.electronic?.abstain ?? null,
        p.electronic?.invalid ?? null,
        p.channelVotes.room,
        p.channelVotes.online,
        p.channelVotes.proxy,
        p.channelVotes.advance,
        p.tellers.map((x) => x.name).join(', '),
      ];
      const tail = [
        p.excludedVotes,
        p.ballots,
        ...channels,
        p.threshold,
        p.resultText,
        p.declaredOutcome,
        p.declarationText,
        p.declaredAt,
      ];
      const noCounts = [null, null, null, null];
      if (p.kind !== 'election') {
        const c = p.counts;
        return [
          [
            ...head,
            c?.yes ?? null,
            c?.no ?? null,
            c?.abstain ?? null,
            c?.invalid ?? null,
            null,
            null,
            null,
            ...tail,
          ],
        ];
      }
      if (p.candidateVotes.length === 0) return [[...head, ...noCounts, null, null, null, ...tail]];
      return p.candidateVotes.map((v) => [
        ...head,
        ...noCounts,
        v.name,
        v.votes,
        v.elected ? (v.byLot ? `${t.csv.yes} (${t.byLot})` : t.csv.yes) : t.csv.no,
        ...tail,
      ]);
    }),
  );
  return toCsv(lang, t.csv.results, rows);
}

export function attendanceCsv(bundle: Bundle, lang: Lang): string {
  const t = text(lang);
  const names = new Map(bundle.members.map((m) => [m.id, m]));
  const list = (bundle.annexes.attendanceList ?? []) as Record<string, string | null>[];
  const rows = list.map((a) => [
    a.memberNumber ?? '',
    a.name ?? '',
    t.csv.presence[a.presence ?? ''] ?? a.presence ?? '',
    a.via === null || a.via === undefined ? null : (names.get(a.via)?.name ?? a.via),
    a.at ?? null,
  ]);
  return toCsv(lang, t.csv.attendance, rows);
}

export function proxiesCsv(bundle: Bundle, lang: Lang): string {
  const t = text(lang);
  const names = new Map(bundle.members.map((m) => [m.id, m]));
  const rows = bundle.proxies.map((p) => {
    const principal = names.get(String(p.principalId));
    const holder =
      p.holderMemberId === null ? p.holderName : (names.get(String(p.holderMemberId))?.name ?? p.holderName);
    return [
      String(p.grantId),
      principal?.memberNumber ?? '',
      principal?.name ?? String(p.principalId),
      (holder as string | null) ?? '',
      String(p.form),
      t.csv.status[String(p.event)] ?? String(p.event),
      (p.reason as string | null) ?? null,
      String(p.at),
    ];
  });
  return toCsv(lang, t.csv.proxies, rows);
}
