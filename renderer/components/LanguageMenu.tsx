// The language menu: every language named in itself, so anyone can find their own; the choice
// applies at once and is remembered for the next start.
import { useTranslation } from 'react-i18next';
import { rememberLanguage } from '../i18n/i18n.js';
import { isLanguage, LANGUAGES } from '../i18n/languages.js';

export function LanguageMenu() {
  const { t, i18n } = useTranslation();
  const choose = (code: string) => {
    if (!isLanguage(code)) return;
    rememberLanguage(code);
    void i18n.changeLanguage(code);
  };
  return (
    <div className="language-menu">
      <label htmlFor="language">{t('app.language')}</label>
      <select id="language" value={i18n.resolvedLanguage ?? i18n.language} onChange={(event) => choose(event.target.value)}>
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code} lang={language.code}>
            {language.name}
          </option>
        ))}
      </select>
    </div>
  );
}
