import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { type Language } from './language.ts';
import { zhCN } from './zh-CN.ts';

/**
 * One i18next instance for the app. The resources are bundled (two small objects), so
 * initialisation is synchronous and the first render is already in the right language.
 * The document's lang and title follow the language so that screen readers pronounce
 * the page correctly and the browser tab reads in the same language as the page.
 */
export function createI18n(language: Language, document?: Document): i18n {
  const instance = i18next.createInstance();
  if (document) {
    instance.on('languageChanged', (lng) => {
      document.documentElement.lang = lng;
      document.title = instance.t('app.title');
    });
  }
  void instance.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: 'zh-CN',
    initAsync: false,
    // No console advertisement in users' (and tests') consoles.
    showSupportNotice: false,
    // React escapes what it renders; escaping here too would show &lt; in names.
    interpolation: { escapeValue: false },
  });
  return instance;
}
