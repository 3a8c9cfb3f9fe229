import GlobalOutlined from '@ant-design/icons/es/icons/GlobalOutlined';
import { chooseLanguage } from '../i18n/setup';
import { HTML_LANG, LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n/languages';
import { useLanguage, useT } from '../i18n/useT';

/** The language of the page; a choice here overrides the browser's and is remembered. */
export function LanguageSwitcher() {
  const t = useT();
  const language = useLanguage();
  return (
    <label className="language-switcher">
      <GlobalOutlined aria-hidden />
      <select
        data-testid="language-select"
        aria-label={t('app.language')}
        value={language}
        onChange={(e) => {
          if (isLanguage(e.target.value)) void chooseLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={HTML_LANG[code]}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
