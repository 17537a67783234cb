import { describe, expect, it } from 'vitest';
import type { PollView } from '$lib/api/staff';
import { declarationDraft } from '$lib/components/staff/staff-format';
import { de } from './de';
import { en } from './en';
import { isPlural, type LocaleCode, pluralForm, translate } from './index';
import type { Plural } from './plural';

/**
 * Placeholder names that stand for a count of something (votes, members, seats, seconds …). A
 * message that shows one of them next to a counted noun must be a plural entry, or it reads
 * "1 Stimmen" / "1 votes" for one.
 */
const COUNT_PARAMS = new Set([
  'count',
  'voted',
  'eligible',
  'present',
  'represented',
  'excluded',
  'seconds',
  'minutes',
  'failures',
  'issued',
  'members',
  'created',
  'updated',
  'unchanged',
  'refused',
  'max',
  'yes',
  'no',
  'abstain',
  'votes',
  'seats',
  'items',
  'total',
  'n',
]);

/** Messages whose numbers stand without a counted noun ("Anwesend: 3", "3 neu"), so one form fits all. */
const NO_COUNTED_NOUN = new Set([
  'ballot.election.count', // "2 von 3 angekreuzt"
  'projector.present', // "Anwesend: 3 · vertreten: 1"
  'chair.attendance', // "3 anwesend, 1 vertreten"
  'admin.import.summary', // "3 neu, 1 geändert, …"
  'speakers.time', // a clock: "2:59"
]);

const catalogues: Record<LocaleCode, Readonly<Record<string, string | Plural>>> = { de, en };

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

describe('plural forms in the catalogues', () => {
  for (const code of ['de', 'en'] as const) {
    it(`every count-bearing ${code} message has plural forms`, () => {
      const missing: string[] = [];
      for (const [key, entry] of Object.entries(catalogues[code])) {
        if (isPlural(entry) || NO_COUNTED_NOUN.has(key)) continue;
        if (placeholders(entry).some((p) => COUNT_PARAMS.has(p))) missing.push(key);
      }
      expect(missing).toEqual([]);
    });

    it(`every ${code} plural entry has a one and an other form, and other shows {count}`, () => {
      const broken: string[] = [];
      for (const [key, entry] of Object.entries(catalogues[code])) {
        if (!isPlural(entry)) continue;
        if (typeof entry.one !== 'string' || typeof entry.other !== 'string') broken.push(key);
        else if (!entry.other.includes('{count}')) broken.push(key);
      }
      expect(broken).toEqual([]);
    });
  }

  it('a message is plural in German exactly when it is plural in English', () => {
    const differ = Object.keys(de).filter(
      (key) =>
        isPlural((de as Record<string, string | Plural>)[key] ?? '') !== isPlural(catalogues.en[key] ?? ''),
    );
    expect(differ).toEqual([]);
  });
});

describe('plural selection (Intl.PluralRules)', () => {
  it('German: 0 Stimmen, 1 Stimme, 2 Stimmen', () => {
    expect([0, 1, 2].map((count) => translate('de', 'member.result.votes', { count }))).toEqual([
      '0 Stimmen',
      '1 Stimme',
      '2 Stimmen',
    ]);
  });

  it('English: 0 votes, 1 vote, 2 votes', () => {
    expect([0, 1, 2].map((count) => translate('en', 'member.result.votes', { count }))).toEqual([
      '0 votes',
      '1 vote',
      '2 votes',
    ]);
  });

  it('members and seconds follow the count in both languages', () => {
    expect(translate('de', 'member.attendance', { count: 1, represented: 0 })).toBe(
      '1 Mitglied anwesend, 0 vertreten',
    );
    expect(translate('de', 'member.attendance', { count: 2, represented: 1 })).toBe(
      '2 Mitglieder anwesend, 1 vertreten',
    );
    expect(translate('en', 'member.attendance', { count: 0, represented: 0 })).toBe(
      '0 members present, 0 represented',
    );
    expect(translate('en', 'member.attendance', { count: 1, represented: 2 })).toBe(
      '1 member present, 2 represented',
    );
    expect(translate('de', 'turnout.cast', { voted: 1, count: 1 })).toBe(
      '1 von 1 möglichen Stimme abgegeben',
    );
    expect(translate('en', 'turnout.cast', { voted: 0, count: 2 })).toBe('0 of 2 possible votes cast');
    expect(translate('de', 'turnout.register', { count: 1 })).toBe('1 Mitglied im Register');
  });

  it('the count is formatted for the language (thousands separator)', () => {
    expect(translate('de', 'member.result.votes', { count: 1200 })).toBe('1.200 Stimmen');
    expect(translate('en', 'member.result.votes', { count: 1200 })).toBe('1,200 votes');
  });

  it('only 1 is singular: 0, 2 and fractions take the other form', () => {
    for (const code of ['de', 'en'] as const) {
      expect(pluralForm(code, 1)).toBe('one');
      expect(pluralForm(code, 0)).toBe('other');
      expect(pluralForm(code, 2)).toBe('other');
      expect(pluralForm(code, 1.5)).toBe('other');
    }
  });

  it('the prefilled declaration says "1 Nein-Stimme" / "1 vote against", not "1 Nein-Stimmen"', () => {
    const poll = {
      id: 'p1',
      agendaItemId: 'i1',
      round: 1,
      kind: 'majority',
      status: 'closed',
      threshold: { num: 1, den: 2 },
      votesExcluded: 0,
      tally: {
        kind: 'majority',
        counts: { yes: 2, no: 1, abstain: 1, invalid: 0 },
        passed: true,
        excluded: 1,
      },
    } as unknown as PollView;
    const deText = declarationDraft(poll, undefined, 'de');
    const enText = declarationDraft(poll, undefined, 'en');
    expect(deText).toContain('2 Ja-Stimmen gegen 1 Nein-Stimme bei 1 Enthaltung');
    expect(deText).toContain('1 Mitglied war');
    expect(enText).toContain('2 votes in favour, 1 vote against and 1 abstention');
    expect(enText).toContain('1 member was');
  });
});
