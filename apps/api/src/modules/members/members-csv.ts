import type { MEMBERS_CSV_LINE_CODES } from '@plenum/contracts';
import { parse } from 'csv-parse/sync';
import { Refusal } from '../refusal.ts';
import {
  type CellReader,
  checkExitAfterAdmission,
  type MemberField,
  type MemberValues,
  READERS,
} from './members-csv-cells.ts';

export type { MemberField, MemberValues } from './members-csv-cells.ts';

export type LineErrorCode = keyof typeof MEMBERS_CSV_LINE_CODES;
export interface LineError {
  field: MemberField | null;
  code: LineErrorCode;
  message: string;
}

/** One data line of the file: its values when valid, or why it is refused. */
export interface ParsedLine {
  line: number;
  memberNumber: string | null;
  values: MemberValues | null;
  errors: LineError[];
}

export type Delimiter = ';' | ',' | '\t';

export interface ParsedCsv {
  delimiter: Delimiter;
  /** The fields the file has columns for; on update only these are compared and written. */
  fields: MemberField[];
  ignoredColumns: string[];
  lines: ParsedLine[];
}

/** Header spellings, folded by `foldHeader` (lower case, ä → ae, no spaces or punctuation). */
const HEADER_ALIASES: Record<MemberField, readonly string[]> = {
  memberNumber: [
    'mitgliedsnummer',
    'mitgliedsnr',
    'mitgliednr',
    'mitgliedernummer',
    'mitgliedernr',
    'nr',
    'nummer',
    'membernumber',
    'memberno',
    'membernr',
    'number',
  ],
  givenName: ['vorname', 'givenname', 'firstname', 'forename'],
  familyName: ['nachname', 'familienname', 'name', 'familyname', 'lastname', 'surname'],
  email: ['email', 'emailadresse', 'mail', 'emailaddress'],
  shares: ['anteile', 'geschaeftsanteile', 'anzahlanteile', 'anzahlgeschaeftsanteile', 'shares'],
  admissionDate: [
    'eintrittsdatum',
    'eintritt',
    'beitritt',
    'beitrittsdatum',
    'aufnahme',
    'aufnahmedatum',
    'mitgliedseit',
    'admissiondate',
    'admitted',
    'admission',
    'joined',
  ],
  exitDate: ['austrittsdatum', 'austritt', 'ausscheiden', 'ausgeschiedenzum', 'exitdate', 'exit', 'exited'],
  noticeGivenOn: [
    'kuendigung',
    'kuendigungzum',
    'kuendigungam',
    'gekuendigtam',
    'kuendigungsdatum',
    'noticegivenon',
    'noticegiven',
    'notice',
    'noticedate',
  ],
  kind: ['art', 'mitgliedsart', 'personenart', 'kind', 'type', 'membertype'],
  investing: ['investierend', 'investierendesmitglied', 'investing', 'investingmember', 'investor'],
  votes: ['stimmen', 'stimmenzahl', 'anzahlstimmen', 'votes'],
};

const REQUIRED_COLUMNS: readonly MemberField[] = ['memberNumber', 'givenName', 'familyName', 'admissionDate'];

export function foldHeader(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .replace(/[^a-z0-9]/g, '');
}

const FIELD_OF_HEADER = new Map<string, MemberField>(
  Object.entries(HEADER_ALIASES).flatMap(([field, names]) => names.map((n) => [n, field as MemberField])),
);

function csvInvalid(message: string, details: Record<string, unknown>): Refusal {
  return new Refusal('members.csv_invalid', message, details);
}

/** The delimiter that occurs most often outside quotes in the header line (`;` wins a tie). */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) counts[ch] += 1;
  }
  const best = (Object.keys(counts) as Delimiter[]).sort((a, b) => counts[b] - counts[a])[0];
  return best ?? ';';
}

function mapHeader(header: string[]) {
  const columns: (MemberField | null)[] = [];
  const ignoredColumns: string[] = [];
  const seen = new Map<MemberField, string>();
  for (const name of header) {
    const field = FIELD_OF_HEADER.get(foldHeader(name)) ?? null;
    if (field === null && name.trim() !== '') ignoredColumns.push(name);
    if (field !== null && seen.has(field)) {
      throw csvInvalid(`Two columns mean the same field: "${seen.get(field)}" and "${name}".`, {
        field,
        columns: [seen.get(field), name],
      });
    }
    if (field !== null) seen.set(field, name);
    columns.push(field);
  }
  const missing = REQUIRED_COLUMNS.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    throw csvInvalid(`Required columns are missing: ${missing.join(', ')}.`, {
      missing,
      found: header,
      accepted: Object.fromEntries(missing.map((f) => [f, HEADER_ALIASES[f]])),
    });
  }
  return { columns, ignoredColumns, fields: [...seen.keys()] };
}

/** Physical line breaks inside a record's (quoted) fields. */
const innerBreaks = (record: string[]) =>
  record.reduce((n, f) => (f.includes('\n') ? n + f.split('\n').length - 1 : n), 0);

/**
 * Records with the file line each starts on. Empty lines are kept while parsing (so the lines can
 * be counted without csv-parse's costly `info`) and dropped afterwards, like lines of only `;;;`.
 */
function readRecords(text: string, delimiter: Delimiter): { record: string[]; line: number }[] {
  let rows: string[][];
  try {
    rows = parse(text, { delimiter, relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const e = error as { message?: string; lines?: number };
    throw csvInvalid(`The file is not valid CSV: ${e.message ?? 'unreadable'}`, { line: e.lines ?? null });
  }
  const records: { record: string[]; line: number }[] = [];
  let line = 1;
  for (const record of rows) {
    if (record.some((field) => field.trim() !== '')) records.push({ record, line });
    line += 1 + innerBreaks(record);
  }
  return records;
}

function readLine(record: string[], line: number, columns: (MemberField | null)[]): ParsedLine {
  const errors: LineError[] = [];
  const values: Partial<Record<MemberField, unknown>> = {};
  if (record.length !== columns.length) {
    errors.push({
      field: null,
      code: 'members.column_count',
      message: `The line has ${record.length} fields, the header ${columns.length}.`,
    });
  }
  const kindCell = record[columns.indexOf('kind')] ?? '';
  columns.forEach((field, i) => {
    if (field === null) return;
    const reader: CellReader = READERS[field];
    const outcome = reader((record[i] ?? '').trim(), { kindCell });
    if (outcome.error) errors.push({ field, ...outcome.error });
    else if (outcome.value !== undefined) values[field] = outcome.value;
  });
  const typed = values as MemberValues;
  const order = checkExitAfterAdmission(typed);
  if (order) errors.push(order);
  const memberNumber = typeof values.memberNumber === 'string' ? values.memberNumber : null;
  return { line, memberNumber, values: errors.length === 0 ? typed : null, errors };
}

/** Refuses every line whose member number appears more than once: which one is right is unknown. */
function markDuplicates(lines: ParsedLine[]): void {
  const seen = new Map<string, number>();
  for (const l of lines)
    if (l.memberNumber !== null) seen.set(l.memberNumber, (seen.get(l.memberNumber) ?? 0) + 1);
  const groups = new Map<string, ParsedLine[]>();
  for (const l of lines) {
    if (l.memberNumber === null || (seen.get(l.memberNumber) ?? 0) < 2) continue;
    groups.set(l.memberNumber, [...(groups.get(l.memberNumber) ?? []), l]);
  }
  for (const group of groups.values()) {
    for (const l of group) {
      const others = group.filter((o) => o !== l).map((o) => o.line);
      l.errors.push({
        field: 'memberNumber',
        code: 'members.duplicate_number',
        message: `Member number ${l.memberNumber} is also on line ${others.join(', ')}.`,
      });
      l.values = null;
    }
  }
}

/**
 * Reads a register CSV: UTF-8 (BOM stripped), `;`, `,` or tab, German or English headers. File-level
 * problems throw `members.csv_invalid`; line-level problems are reported per line.
 */
export function parseMembersCsv(input: string): ParsedCsv {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = detectDelimiter(text);
  const records = readRecords(text, delimiter);
  const header = records[0];
  if (header === undefined) throw csvInvalid('The file is empty.', {});
  const { columns, ignoredColumns, fields } = mapHeader(header.record);
  const lines = records.slice(1).map(({ record, line }) => readLine(record, line, columns));
  if (lines.length === 0) throw csvInvalid('The file has a header but no members.', {});
  markDuplicates(lines);
  return { delimiter, fields, ignoredColumns, lines };
}
