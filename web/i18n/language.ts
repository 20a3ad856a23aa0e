import type { LocalizedText } from '../api/types.ts';

export const supportedLanguages = ['zh-CN', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];

/** HBI is written for Chinese hospitals first; English is the second language. */
export const defaultLanguage: Language = 'zh-CN';

const storageKey = 'hbi.language';

export function isLanguage(value: unknown): value is Language {
  return supportedLanguages.includes(value as Language);
}

/** The language the toggle switches to. */
export function otherLanguage(language: Language): Language {
  return language === 'zh-CN' ? 'en' : 'zh-CN';
}

/**
 * The language the user chose last time, else the default. Storage may be missing or throw
 * (private browsing, disabled cookies); the page must still open, so that counts as no choice.
 */
export function readStoredLanguage(storage: Pick<Storage, 'getItem'> | null | undefined): Language {
  try {
    const stored = storage?.getItem(storageKey);
    return isLanguage(stored) ? stored : defaultLanguage;
  } catch {
    return defaultLanguage;
  }
}

export function storeLanguage(storage: Pick<Storage, 'setItem'> | null | undefined, language: Language): void {
  try {
    storage?.setItem(storageKey, language);
  } catch {
    // Not remembering the choice is acceptable; failing to switch language is not.
  }
}

/** Picks the server-provided name for the current language; any Chinese variant reads zh. */
export function localized(text: LocalizedText, language: string): string {
  return language.startsWith('zh') ? text.zh : text.en;
}
