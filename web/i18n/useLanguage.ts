import { useTranslation } from 'react-i18next';
import { defaultLanguage, isLanguage, type Language } from './language.ts';

/** The current UI language; components using it re-render when the user switches. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return isLanguage(language) ? language : defaultLanguage;
}
