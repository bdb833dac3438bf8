// The language choice on pages shown before anyone signs in; remembered on this browser.
import { LANGUAGES, setLanguage, t, useLanguage, type Language } from '../../i18n';

export function LanguagePicker() {
  const language = useLanguage();
  return (
    <div class="language-picker">
      <label class="visually-hidden" for="public-language">
        {t('app.language')}
      </label>
      <select id="public-language" class="input" value={language} data-testid="language-switch" onChange={(event) => setLanguage(event.currentTarget.value as Language, { remember: true })}>
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
