import type { DeclarationLang, DeclarationTexts } from '@plenum/contracts';

/**
 * A declaration per language from how it is stored: `text` in `lang`, and `translation` (if the
 * chair gave one) in the other language. A screen shows its own language and falls back to `text`.
 */
export function declarationTexts(
  text: string,
  lang: DeclarationLang,
  translation: string | null,
): DeclarationTexts {
  return lang === 'en' ? { de: translation, en: text } : { de: text, en: translation };
}
