export const LOCALES = ['de', 'en'] as const;
export type LocaleCode = (typeof LOCALES)[number];

export const DEFAULT_LOCALE: LocaleCode = 'de';
const STORAGE_KEY = 'plenum.locale';

export function isLocaleCode(value: unknown): value is LocaleCode {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function readStored(): LocaleCode | undefined {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocaleCode(stored) ? stored : undefined;
  } catch {
    // Storage can be disabled (private mode, strict settings); the default still works.
    return undefined;
  }
}

function writeStored(code: LocaleCode): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, code);
  } catch {
    // Not remembering the choice is acceptable; the switch still works for this visit.
  }
}

/**
 * The current user-interface language. German is the default; a choice is remembered in
 * localStorage and copied to `<html lang>` so screen readers pronounce the page correctly.
 */
export class Locale {
  #current = $state<LocaleCode>(DEFAULT_LOCALE);

  constructor(initial: LocaleCode = readStored() ?? DEFAULT_LOCALE) {
    this.#current = initial;
    this.#reflect();
  }

  get current(): LocaleCode {
    return this.#current;
  }

  set(code: LocaleCode): void {
    this.#current = code;
    writeStored(code);
    this.#reflect();
  }

  #reflect(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.#current;
  }
}

/** One locale for the whole app: this is a client-only SPA, so a module singleton is safe. */
export const locale = new Locale();
