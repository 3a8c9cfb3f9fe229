// The app's i18next: the browser's languages first (a choice made in the switcher overrides
// them), only the active language's catalog (and antd's locale) loaded, and <html lang> and the
// title following.
import i18next from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';
import { loadAntdLocale } from './antdLocale';
import { HTML_LANG, isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './languages';

export const i18n = i18next.createInstance();

/** The language in use, as one of ours (i18next may hold a regional code such as `zh-CN`). */
export function activeLanguage(): Language {
  const code = i18n.resolvedLanguage;
  return isLanguage(code) ? code : 'en';
}

function followLanguage(): Promise<void> {
  const language = activeLanguage();
  document.documentElement.lang = HTML_LANG[language];
  document.title = i18n.t('app.title');
  return loadAntdLocale(language);
}

/** Loads the catalog for the browser's (or the remembered) language; resolves once it is in. */
export async function setUpI18n(): Promise<void> {
  i18n.on('languageChanged', () => void followLanguage());
  await i18n
    .use(LanguageDetector)
    .use(resourcesToBackend((language: string) => import(`./locales/${language}.json`)))
    .use(initReactI18next)
    .init({
      supportedLngs: LANGUAGES,
      nonExplicitSupportedLngs: true,
      load: 'languageOnly',
      // English stands in only for a language we do not have; with our own languages nothing
      // else loads (every catalog has every key: catalogs.test.ts).
      fallbackLng: (code?: string) => (isLanguage(code?.split('-')[0]) ? [] : ['en']),
      detection: {
        order: ['localStorage', 'navigator'],
        lookupLocalStorage: LANGUAGE_STORAGE_KEY,
        // Only a choice made in the switcher is remembered, not what the browser said.
        caches: [],
      },
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  await followLanguage();
}

/** Switches to `language` and remembers it in this browser. */
export async function chooseLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Storage refused (private mode): the choice holds for this visit only.
  }
  await i18n.changeLanguage(language);
}
