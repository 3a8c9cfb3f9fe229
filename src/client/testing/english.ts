// Unit tests read the English a Message becomes, with the real catalog and i18next.
import i18next from 'i18next';
import en from '../i18n/locales/en.json';
import type { Message } from '../i18n/message';
import { translator } from '../i18n/translate';

const instance = i18next.createInstance();
void instance.init({
  lng: 'en',
  resources: { en: { translation: en } },
  initAsync: false,
  interpolation: { escapeValue: false },
});

const translate = translator(instance.t);

/** The English text of a message; null stays null, so `expect(english(x)).toBeNull()` reads well. */
export function english(message: Message | null | undefined): string | null {
  return message ? translate(message) : null;
}
