import { describe, expect, it } from 'vitest';
import { declarationFor } from './result';

describe('R29: the declaration in the screen language', () => {
  const both = { text: 'Angenommen.', lang: 'de' as const, texts: { de: 'Angenommen.', en: 'Carried.' } };
  const englishOnly = { text: 'Carried.', lang: 'en' as const, texts: { de: null, en: 'Carried.' } };

  it('R29: each screen shows its own language when the chair gave it', () => {
    expect(declarationFor('de', both)).toEqual({ text: 'Angenommen.', lang: 'de', foreign: false });
    expect(declarationFor('en', both)).toEqual({ text: 'Carried.', lang: 'en', foreign: false });
  });

  it('R29: otherwise the text as entered, marked with its language', () => {
    expect(declarationFor('de', englishOnly)).toEqual({ text: 'Carried.', lang: 'en', foreign: true });
    expect(declarationFor('en', englishOnly)).toEqual({ text: 'Carried.', lang: 'en', foreign: false });
    expect(declarationFor('de', null)).toBeNull();
  });
});
