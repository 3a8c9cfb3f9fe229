// antd's own texts (close buttons, empty lists…) in the active language: its locale for that
// language is loaded on demand like our catalogs; English is antd's built-in default.
import type { Locale } from 'antd/es/locale';
import { create } from 'zustand';
import type { Language } from './languages';

const LOADERS: Record<Language, () => Promise<Locale | undefined>> = {
  en: () => Promise.resolve(undefined),
  zh: () => import('antd/es/locale/zh_CN').then((m) => m.default),
  ru: () => import('antd/es/locale/ru_RU').then((m) => m.default),
  es: () => import('antd/es/locale/es_ES').then((m) => m.default),
};

export const useAntdLocale = create<{ locale: Locale | undefined }>(() => ({ locale: undefined }));

let latest: Language | null = null;

/** Loads antd's locale for `language`; a later switch wins over a load still under way. */
export async function loadAntdLocale(language: Language): Promise<void> {
  latest = language;
  const locale = await LOADERS[language]();
  if (latest === language) useAntdLocale.setState({ locale });
}
