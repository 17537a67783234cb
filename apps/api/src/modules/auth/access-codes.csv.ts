import type { IssuedCode } from './access-codes.service.ts';

export type CsvLang = 'de' | 'en';

const HEADERS: Record<CsvLang, readonly string[]> = {
  de: ['Mitgliedsnummer', 'Vorname', 'Nachname', 'E-Mail', 'Zugangscode', 'Anmeldelink', 'Versammlungscode'],
  en: ['Member number', 'Given name', 'Family name', 'Email', 'Access code', 'Login link', 'Assembly code'],
};

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or CR before one) as a formula; the
 * register comes from outside, so every such cell gets a leading apostrophe (OWASP CSV injection).
 */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The link a letter's QR code carries; the join page logs the member in with it. It names the
 * assembly by its short code, which the letter also prints for members who type instead of scan.
 */
export function loginLink(baseUrl: string, assemblyCode: string, memberNumber: string, code: string): string {
  const query = new URLSearchParams({ code: assemblyCode, m: memberNumber, c: code });
  return `${baseUrl.replace(/\/+$/, '')}/join?${query.toString()}`;
}

/**
 * The codes as a mail-merge CSV: UTF-8 with BOM (so Excel reads umlauts), `;`-separated (the
 * German Excel default), CRLF line ends.
 */
export function renderAccessCodesCsv(
  codes: readonly IssuedCode[],
  options: { lang: CsvLang; baseUrl: string; assemblyCode: string },
): string {
  const lines = [HEADERS[options.lang].map(csvCell).join(';')];
  for (const c of codes) {
    const link = loginLink(options.baseUrl, options.assemblyCode, c.memberNumber, c.code);
    const cells = [
      c.memberNumber,
      c.givenName,
      c.familyName,
      c.email ?? '',
      c.code,
      link,
      options.assemblyCode,
    ];
    lines.push(cells.map(csvCell).join(';'));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
