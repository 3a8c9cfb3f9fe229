// The languages duet speaks. Kept free of i18next so the switcher and tests can read it.

export const LANGUAGES = ['en', 'zh', 'ru', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  zh: '简体中文',
  ru: 'Русский',
  es: 'Español',
};

/** What `<html lang>` says for each (the Chinese catalog is written in simplified characters). */
export const HTML_LANG: Record<Language, string> = { en: 'en', zh: 'zh-CN', ru: 'ru', es: 'es' };

/** Where a language the user picked is remembered; the browser's languages decide until then. */
export const LANGUAGE_STORAGE_KEY = 'duet.language';

export function isLanguage(code: string | undefined): code is Language {
  return (LANGUAGES as readonly string[]).includes(code ?? '');
}
