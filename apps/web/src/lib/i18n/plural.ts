/**
 * A message that shows a count: one text per plural category (Intl.PluralRules), chosen by the
 * `count` parameter. German and English need `one` (exactly 1) and `other` (0, 2, 1.5 …).
 */
export interface Plural {
  readonly one: string;
  readonly other: string;
}

/**
 * The shape a translation of the German catalogue `T` must have: the same keys, and a plural entry
 * wherever German has one.
 */
export type TranslationOf<T> = { readonly [K in keyof T]: T[K] extends Plural ? Plural : string };
