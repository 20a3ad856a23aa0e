// Web Storage in memory, for tests of what the app keeps in the browser.

/** localStorage or sessionStorage as a Map, optionally refusing to hold more than `capacity` characters. */
export function memoryStorage(capacity = Infinity) {
  const items = new Map<string, string>();
  const used = () => [...items].reduce((sum, [k, v]) => sum + k.length + v.length, 0);
  return {
    items,
    get length() { return items.size; },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem(key: string, value: string) {
      const before = items.get(key);
      items.set(key, value);
      if (used() > capacity) {
        if (before === undefined) items.delete(key);
        else items.set(key, before);
        throw new DOMException('quota exceeded', 'QuotaExceededError');
      }
    },
    removeItem: (key: string) => void items.delete(key),
  };
}
