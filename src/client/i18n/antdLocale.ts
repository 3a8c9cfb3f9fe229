// antd's own texts (close buttons, empty lists…) in the active language: its locale for that
// language is loaded on demand like our catalogs. English is antd's built-in default, and is
// still passed: ConfigProvider wraps its children in one more provider when it has a locale, so
// going from none to one would remount the whole app (open panels close, videos restart).
import type { Locale } from 'antd/es/locale';
import enUS from 'antd/es/locale/en_US';
import { create } from 'zustand';
import type { Language } from './languages';

const LOADERS: Record<Language, () => Promise<Locale>> = {
  en: () => Promise.resolve(enUS),
  zh: () => import('antd/es/locale/zh_CN').then((m) => m.default),
  ru: () => import('antd/es/locale/ru_RU').then((m) => m.default),
  es: () => import('antd/es/locale/es_ES').then((m) => m.default),
};

export const useAntdLocale = create<{ locale: Locale }>(() => ({ locale: enUS }));

let latest: Language | null = null;

/** Loads antd's locale for `language`; a later switch wins over a load still under way. */
export async function loadAntdLocale(language: Language): Promise<void> {
  latest = language;
  const locale = await LOADERS[language]();
  if (latest === language) useAntdLocale.setState({ locale });
}
