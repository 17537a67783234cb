import { de, type MessageKey, type Messages, type Plural } from './de';
import { en } from './en';
import { type LocaleCode, locale } from './locale.svelte';

export type { MessageKey, Messages, Plural } from './de';
export { DEFAULT_LOCALE, isLocaleCode, LOCALES, Locale, type LocaleCode, locale } from './locale.svelte';

const dictionaries: Record<LocaleCode, Messages> = { de, en };

/** Names of the `{placeholders}` in a message, e.g. `'HTTP {status}'` → `'status'`. */
type Placeholders<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/** The template text(s) of an entry: a plain message, or every form of a plural one. */
type Templates<E> = E extends string ? E : E extends Plural ? E['one'] | E['other'] : never;

/** A plural entry always needs `count` (a number: it picks the form); other placeholders as usual. */
export type MessageParams<K extends MessageKey> = (typeof de)[K] extends Plural
  ? Record<Exclude<Placeholders<Templates<(typeof de)[K]>>, 'count'>, string | number> & { count: number }
  : Record<Placeholders<Templates<(typeof de)[K]>>, string | number>;

/** Messages with placeholders require their params; messages without take none. */
type ParamsArg<K extends MessageKey> = (typeof de)[K] extends Plural
  ? [params: MessageParams<K>]
  : [Placeholders<Templates<(typeof de)[K]>>] extends [never]
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

const pluralRules = new Map<LocaleCode, Intl.PluralRules>();

/**
 * The plural category of `count` in a language (Intl.PluralRules). German and English only know
 * `one` and `other`; any other category a count could get falls back to `other`.
 */
export function pluralForm(code: LocaleCode, count: number): keyof Plural {
  let rules = pluralRules.get(code);
  if (!rules) {
    rules = new Intl.PluralRules(code);
    pluralRules.set(code, rules);
  }
  return rules.select(count) === 'one' ? 'one' : 'other';
}

export function isPlural(entry: string | Plural): entry is Plural {
  return typeof entry === 'object';
}

export function translate<K extends MessageKey>(code: LocaleCode, key: K, ...args: ParamsArg<K>): string {
  const entry: string | Plural = dictionaries[code][key];
  const params: Partial<Record<string, string | number>> = args[0] ?? {};
  const count = params.count;
  const template = isPlural(entry)
    ? entry[pluralForm(code, typeof count === 'number' ? count : Number.NaN)]
    : entry;
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
