// The languages duet speaks. Kept free of i18next so the switcher and tests can read it.

export const LANGUAGES = ['en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English' };

/** What `<html lang>` says for each (the Chinese catalog is written in simplified characters). */
export const HTML_LANG: Record<Language, string> = { en: 'en' };

/** Where a language the user picked is remembered; the browser's languages decide until then. */
export const LANGUAGE_STORAGE_KEY = 'duet.language';

export function isLanguage(code: string | undefined): code is Language {
  return (LANGUAGES as readonly string[]).includes(code ?? '');
}
