import { useTranslation } from 'react-i18next';
import { otherLanguage, storeLanguage } from '../i18n/language.ts';
import { browserStorage } from './browserStorage.ts';
import { useLanguage } from '../i18n/useLanguage.ts';

/**
 * Switches between the two UI languages. The button is named after the language it switches
 * to, in that language ("English" on the Chinese page, "中文" on the English one), and marked
 * with that lang so screen readers pronounce it right.
 */
export function LanguageToggle() {
  const { t, i18n } = useTranslation();
  const next = otherLanguage(useLanguage());
  return (
    <button
      type="button"
      className="language-toggle"
      lang={next}
      title={t('language.switchToHint')}
      onClick={() => {
        storeLanguage(browserStorage(), next);
        void i18n.changeLanguage(next);
      }}
    >
      {t('language.switchTo')}
    </button>
  );
}
