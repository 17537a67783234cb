import { ERROR_CODES } from '@plenum/contracts';
import { describe, expect, it } from 'vitest';
import { ERRORS_DE } from '../../web/src/lib/i18n/errors.de.ts';
import { ERRORS_EN } from '../../web/src/lib/i18n/errors.en.ts';

/** Members and staff read every refusal in their own language, never the server's English. */
describe('error texts in the web app', () => {
  const codes = Object.keys(ERROR_CODES);

  it('every error code the API can answer with has a German and an English text', () => {
    expect(codes.filter((c) => !ERRORS_DE[c]?.trim())).toEqual([]);
    expect(codes.filter((c) => !ERRORS_EN[c]?.trim())).toEqual([]);
    // …and no text for a code the API does not have (a renamed code would leave one behind).
    expect(Object.keys(ERRORS_DE).filter((c) => !codes.includes(c))).toEqual([]);
    expect(Object.keys(ERRORS_EN).filter((c) => !codes.includes(c))).toEqual([]);
  });

  it('the German texts are German: not the English text, no internal keys or rule numbers', () => {
    for (const code of codes) {
      const de = ERRORS_DE[code] ?? '';
      expect(de, code).not.toBe(ERRORS_EN[code]);
      expect(de, code).not.toMatch(/\b[a-z]+\.[a-z_]+\b|\bR\d+\b|\bC\d+\b|\btrue\b|\bfalse\b/);
      expect(ERRORS_EN[code], code).not.toMatch(/\b[a-z]+_[a-z_]+\b|\bR\d+\b|\bC\d+\b/);
    }
  });
});
