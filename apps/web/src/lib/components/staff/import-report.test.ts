import { afterEach, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n';
import { lineErrorText } from './staff-format';

describe('the register import report in words', () => {
  afterEach(() => locale.set('de'));

  it('names the column in words, never by its field key', () => {
    locale.set('de');
    const text = lineErrorText({
      field: 'memberNumber',
      code: 'members.field_required',
      message: 'Required.',
    });
    expect(text).toBe('Mitgliedsnummer: Pflichtfeld ist leer.');
    expect(text).not.toContain('memberNumber');
    locale.set('en');
    expect(lineErrorText({ field: 'exitDate', code: 'members.invalid_date', message: 'Bad date.' })).toMatch(
      /^Exit date: /,
    );
  });

  it('leaves out a column it has no words for instead of showing its key', () => {
    locale.set('de');
    expect(
      lineErrorText({ field: 'someNewField', code: 'members.field_required', message: 'Required.' }),
    ).toBe('Pflichtfeld ist leer.');
  });
});
