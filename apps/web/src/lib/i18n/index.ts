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

/**
 * Messages in plural forms are keys `<base>.<category>` with the CLDR categories the languages use
 * (German and English: `one` and `other`); `.other` is the fallback. The count fills `{count}`.
 */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
}[MessageKey];

type PluralParams<B extends PluralBase> = `${B}.other` extends infer K extends MessageKey
  ? Omit<MessageParams<K>, 'count'>
  : never;

const pluralRules = new Map<LocaleCode, Intl.PluralRules>();

export function translatePlural<B extends PluralBase>(
  code: LocaleCode,
  base: B,
  count: number,
  params?: PluralParams<B>,
): string {
  let rules = pluralRules.get(code);
  if (!rules) {
    rules = new Intl.PluralRules(code);
    pluralRules.set(code, rules);
  }
  const exact = `${base}.${rules.select(count)}`;
  const key = (exact in dictionaries[code] ? exact : `${base}.other`) as MessageKey;
  const template = dictionaries[code][key];
  const values: Record<string, string | number> = { ...(params ?? {}), count };
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) return match;
    return typeof value === 'number' ? formatNumber(code, value) : value;
  });
}

/** `t()` for a count: picks the plural form of `base` for the current locale (Intl.PluralRules). */
export function plural<B extends PluralBase>(base: B, count: number, params?: PluralParams<B>): string {
  return translatePlural(locale.current, base, count, params);
}
