import type { MEMBERS_CSV_LINE_CODES } from '@plenum/contracts';

export type MemberField =
  | 'memberNumber'
  | 'givenName'
  | 'familyName'
  | 'email'
  | 'shares'
  | 'admissionDate'
  | 'exitDate'
  | 'noticeGivenOn'
  | 'kind'
  | 'investing'
  | 'votes';

export type MemberKind = 'natural_person' | 'legal_person' | 'partnership';

/**
 * The values of one valid line. Absent (undefined) means "not given": an update keeps the stored
 * value, a new member gets the default. null clears a date or the e-mail address.
 */
export interface MemberValues {
  memberNumber: string;
  givenName: string;
  familyName: string;
  admissionDate: string;
  email?: string | null;
  shares?: number;
  exitDate?: string | null;
  noticeGivenOn?: string | null;
  kind?: MemberKind;
  investing?: boolean;
  votes?: number;
}

type Code = keyof typeof MEMBERS_CSV_LINE_CODES;
export type CellOutcome = { value?: unknown; error?: { code: Code; message: string } };
export type CellReader = (cell: string, line: { kindCell: string }) => CellOutcome;

const MAX_TEXT = 200;
const MAX_INT = 2_147_483_647;

const fail = (code: Code, message: string): CellOutcome => ({ error: { code, message } });

function foldValue(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replace(/[^a-z0-9]/g, '');
}

const KINDS = new Map<string, MemberKind>([
  ...['natuerlicheperson', 'naturlicheperson', 'natuerlich', 'np', 'natural', 'naturalperson'].map(
    (k) => [k, 'natural_person'] as const,
  ),
  ...['juristischeperson', 'juristisch', 'jp', 'legal', 'legalperson', 'legalentity'].map(
    (k) => [k, 'legal_person'] as const,
  ),
  ...['personengesellschaft', 'pg', 'partnership'].map((k) => [k, 'partnership'] as const),
]);

const YES = new Set(['ja', 'j', 'yes', 'y', 'true', 'wahr', 'x', '1']);
const NO = new Set(['nein', 'n', 'no', 'false', 'falsch', '0', '-']);

// A register has a handful of distinct spellings; remembering them spares folding every line.
const kindCache = new Map<string, MemberKind | undefined>();

export function parseKind(cell: string): MemberKind | undefined {
  const cached = kindCache.get(cell);
  if (cached !== undefined || kindCache.has(cell)) return cached;
  const kind = KINDS.get(foldValue(cell));
  if (kindCache.size < 1000) kindCache.set(cell, kind);
  return kind;
}

/** ISO `2024-03-01` or German `1.3.2024` / `01.03.2024`; a real calendar day, else undefined. */
export function parseDate(cell: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  const de = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(cell);
  const [y, m, d] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : de
      ? [Number(de[3]), Number(de[2]), Number(de[1])]
      : [0, 0, 0];
  if (y < 1800 || y > 9999) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const text =
  (required: boolean): CellReader =>
  (cell) => {
    if (cell === '') return required ? fail('members.field_required', 'Required.') : { value: undefined };
    if (cell.length > MAX_TEXT) return fail('members.too_long', `Longer than ${MAX_TEXT} characters.`);
    return { value: cell };
  };

const date =
  (required: boolean): CellReader =>
  (cell) => {
    if (cell === '') return required ? fail('members.field_required', 'Required.') : { value: null };
    const value = parseDate(cell);
    return value === undefined
      ? fail('members.invalid_date', `"${cell}" is not a date; use 2024-03-01 or 01.03.2024.`)
      : { value };
  };

const integer =
  (min: number, max: number): CellReader =>
  (cell) => {
    if (cell === '') return { value: undefined };
    if (!/^[+-]?\d+$/.test(cell)) return fail('members.invalid_integer', `"${cell}" is not a whole number.`);
    const value = Number(cell);
    if (value < min || value > max)
      return fail('members.out_of_range', `${cell} is not between ${min} and ${max}.`);
    return { value };
  };

export const READERS: Record<MemberField, CellReader> = {
  memberNumber: text(true),
  // A legal person or partnership has a name but no given name (§43(4) GenG: it acts through others).
  givenName: (cell, line) => {
    const kind = parseKind(line.kindCell);
    if (cell === '' && kind !== undefined && kind !== 'natural_person') return { value: '' };
    return text(true)(cell, line);
  },
  familyName: text(true),
  email: (cell) => {
    if (cell === '') return { value: null };
    if (cell.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(cell))
      return fail('members.invalid_email', `"${cell}" is not an e-mail address.`);
    return { value: cell };
  },
  shares: integer(0, MAX_INT),
  admissionDate: date(true),
  exitDate: date(false),
  noticeGivenOn: date(false),
  kind: (cell) => {
    if (cell === '') return { value: undefined };
    const value = parseKind(cell);
    return value === undefined ? fail('members.invalid_kind', `Unknown kind "${cell}".`) : { value };
  },
  investing: (cell) => {
    if (cell === '') return { value: undefined };
    const folded = cell.toLowerCase();
    if (YES.has(folded)) return { value: true };
    if (NO.has(folded)) return { value: false };
    return fail('members.invalid_yes_no', `"${cell}" is not yes or no.`);
  },
  // C1: the statute may grant up to three votes (§43(3) GenG).
  votes: integer(1, 3),
};

/** The exit takes effect on or after admission (the database checks it too). */
export function checkExitAfterAdmission(values: Partial<MemberValues>) {
  const { exitDate, admissionDate } = values;
  if (typeof exitDate === 'string' && typeof admissionDate === 'string' && exitDate < admissionDate) {
    return {
      field: 'exitDate' as const,
      code: 'members.exit_before_admission' as const,
      message: `The exit date ${exitDate} is before the admission date ${admissionDate}.`,
    };
  }
  return null;
}
