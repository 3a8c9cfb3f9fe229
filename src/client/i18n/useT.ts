import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { translator, type Translate } from './translate';

/**
 * The translate function for components: `t('room.join')`, `t('room.fullTitle', { room })` or
 * `t(message)` for a Message from the call machinery. Re-renders on a language switch.
 */
export function useT(): Translate {
  const { t } = useTranslation();
  return useMemo(() => translator(t), [t]);
}

/** The active language's code (for Intl formatters). */
export function useLanguage(): string {
  const { i18n } = useTranslation();
  return i18n.resolvedLanguage ?? i18n.language;
}
