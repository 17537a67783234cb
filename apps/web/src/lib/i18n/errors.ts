import { ERRORS_DE } from './errors.de';
import { ERRORS_EN } from './errors.en';
import { type LocaleCode, locale } from './locale.svelte';

const texts: Record<LocaleCode, Readonly<Record<string, string>>> = { de: ERRORS_DE, en: ERRORS_EN };

/** An API error code in plain words, in the current language; undefined for an unknown code. */
export function errorMessage(code: string): string | undefined {
  return Object.hasOwn(texts[locale.current], code) ? texts[locale.current][code] : undefined;
}
