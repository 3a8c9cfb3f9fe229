// A text for the user as data: a catalog key and its values. Code outside React (the call
// machinery, stores, pure helpers) produces these; components translate them when they render,
// so a language switch re-renders everything and that code needs no i18next.
import type en from './locales/en.json';

type PluralSuffix = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';
type WithoutPlural<K extends string> = K extends `${infer Base}_${PluralSuffix}` ? Base : K;
type Leaves<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string
    ? `${Prefix}${WithoutPlural<K>}`
    : Leaves<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every key of the English catalog (plural forms under their base key). */
export type MessageKey = Leaves<typeof en>;

/**
 * A value is shown as is, or translated first when it is itself a message; a list of messages
 * is joined with the language's separator.
 */
export type MessageValue = string | number | Message | readonly Message[];

export interface Message {
  key: MessageKey;
  values?: Record<string, MessageValue>;
}

export function msg(key: MessageKey, values?: Record<string, MessageValue>): Message {
  return values ? { key, values } : { key };
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'key' in value;
}
