// Turns a Message into text with an i18next `t`, translating nested messages first.
import type { TFunction } from 'i18next';
import { isMessage, type Message, type MessageKey, type MessageValue } from './message';

export type Translate = (
  what: MessageKey | Message,
  values?: Record<string, MessageValue>,
) => string;

export function translator(t: TFunction): Translate {
  const text = (value: MessageValue): string | number =>
    Array.isArray(value)
      ? value.map((item: Message) => translate(item)).join(t('list.separator'))
      : isMessage(value)
        ? translate(value)
        : (value as string | number);
  const translate: Translate = (what, values) => {
    const message = typeof what === 'string' ? { key: what, values } : what;
    const resolved: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(message.values ?? {})) resolved[name] = text(value);
    return t(message.key, resolved);
  };
  return translate;
}
