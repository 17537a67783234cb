/** Error codes of the members routes: stable, documented, never renamed (see ../errors.ts). */
export const MEMBERS_ERROR_CODES = {
  'members.csv_invalid':
    'The file cannot be read as a register CSV (not UTF-8, no header, a required column missing or named twice); see details.',
  'members.csv_has_errors':
    'Some lines of the file are invalid, so nothing was imported; details.report lists every line. Fix them, or import with mode=valid_lines.',
  'members.representative_not_found': 'No representative with this id for this member.',
  'members.representative_self': 'A member cannot be its own representative.',
  'members.representative_duplicate': 'This member already represents that member.',
  'members.heirs_representative_exists':
    'The heirs already have a joint representative (§77(1) GenG: one for all heirs); remove it first.',
  'offices.not_found': 'No board office with this id.',
  'offices.invalid_period': 'The term ends before it starts.',
  'offices.overlap': 'This person already holds a term on this body that overlaps the given period.',
  'offices.already_ended': 'This term has already ended.',
} as const;

/**
 * Why one line of a register import was refused (`lines[].errors[].code`). These are not HTTP error
 * codes: they describe a field of one line inside a 200 report or a `members.csv_has_errors` 422.
 */
export const MEMBERS_CSV_LINE_CODES = {
  'members.field_required': 'This field is required and the cell is empty.',
  'members.invalid_integer': 'Not a whole number.',
  'members.out_of_range': 'The number is outside the allowed range (shares ≥ 0; votes 1 to 3).',
  'members.invalid_date': 'Not a valid date; use 2024-03-01 or 01.03.2024.',
  'members.exit_before_admission': 'The exit date is before the admission date.',
  'members.invalid_email': 'Not an e-mail address.',
  'members.invalid_kind':
    'Unknown kind; use natürliche Person, juristische Person, Personengesellschaft (or natural, legal, partnership).',
  'members.invalid_yes_no': 'Use ja/nein, yes/no, true/false, x or 1/0.',
  'members.too_long': 'The text is longer than 200 characters.',
  'members.duplicate_number': 'The member number appears on more than one line of the file.',
  'members.column_count': 'The line has a different number of fields than the header.',
} as const;
