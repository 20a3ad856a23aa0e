import { describe, expect, it } from 'vitest';
import { localized, otherLanguage, readStoredLanguage, storeLanguage } from './language.ts';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> {
  const items = new Map<string, string>();
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('language preference', () => {
  it('defaults to Chinese when nothing was chosen', () => {
    expect(readStoredLanguage(memoryStorage())).toBe('zh-CN');
    expect(readStoredLanguage(undefined)).toBe('zh-CN');
  });

  it('remembers the chosen language', () => {
    const storage = memoryStorage();
    storeLanguage(storage, 'en');
    expect(readStoredLanguage(storage)).toBe('en');
    storeLanguage(storage, 'zh-CN');
    expect(readStoredLanguage(storage)).toBe('zh-CN');
  });

  it('ignores a stored value it does not support', () => {
    const storage = memoryStorage();
    storage.setItem('hbi.language', 'fr');
    expect(readStoredLanguage(storage)).toBe('zh-CN');
  });

  it('still opens when storage throws', () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error('SecurityError');
      },
      setItem: (): void => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(readStoredLanguage(broken)).toBe('zh-CN');
    expect(() => storeLanguage(broken, 'en')).not.toThrow();
  });

  it('toggles between the two languages', () => {
    expect(otherLanguage('zh-CN')).toBe('en');
    expect(otherLanguage('en')).toBe('zh-CN');
  });

  it('picks the server-provided name for the language', () => {
    const title = { zh: '门诊挂号就诊', en: 'Outpatient visits' };
    expect(localized(title, 'zh-CN')).toBe('门诊挂号就诊');
    expect(localized(title, 'en')).toBe('Outpatient visits');
  });
});
