import { de, type MessageKey, type Messages } from './de';
import { en } from './en';
import { type LocaleCode, locale } from './locale.svelte';

export type { MessageKey, Messages } from './de';
export { DEFAULT_LOCALE, isLocaleCode, LOCALES, Locale, type LocaleCode, locale } from './locale.svelte';

const dictionaries: Record<LocaleCode, Messages> = { de, en };

/** Names of the `{placeholders}` in a message, e.g. `'HTTP {status}'` → `'status'`. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

export type MessageParams<K extends MessageKey> = Record<Placeholders<(typeof de)[K]>, string | number>;

/** Messages with placeholders require their params; messages without take none. */
type ParamsArg<K extends MessageKey> = [Placeholders<(typeof de)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

const numberFormats = new Map<LocaleCode, Intl.NumberFormat>();

function formatNumber(code: LocaleCode, value: number): string {
  let format = numberFormats.get(code);
  if (!format) {
    format = new Intl.NumberFormat(code);
    numberFormats.set(code, format);
  }
  return format.format(value);
}

export function translate<K extends MessageKey>(code: LocaleCode, key: K, ...args: ParamsArg<K>): string {
  const template = dictionaries[code][key];
  const params: Partial<Record<string, string | number>> = args[0] ?? {};
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? formatNumber(code, value) : value;
  });
}

/**
 * Translates `key` into the current locale. Reading `locale.current` makes every template that
 * calls `t()` re-render when the language changes.
 */
export function t<K extends MessageKey>(key: K, ...args: ParamsArg<K>): string {
  return translate(locale.current, key, ...args);
}
