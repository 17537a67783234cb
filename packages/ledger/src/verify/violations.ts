/**
 * One finding of the offline verifier. `code` is stable and dotted (listed in SPEC.md §10.4),
 * `where` names the place (a ledger seq, a poll, a ballot), `message` says what is wrong in words.
 */
export type Violation = { readonly code: string; readonly where: string; readonly message: string };

/** The one-line form the CLI prints: `code where: message`. */
export function formatViolation(v: Violation): string {
  return `${v.code} ${v.where}: ${v.message}`;
}

export type Report = (code: string, where: string, message: string) => void;

export function collector(): { violations: Violation[]; report: Report } {
  const violations: Violation[] = [];
  return { violations, report: (code, where, message) => violations.push({ code, where, message }) };
}
