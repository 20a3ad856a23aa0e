/**
 * localStorage (or, with `'session'`, sessionStorage: kept only as long as the tab), or null where
 * merely touching it throws (sandboxed iframes, some privacy modes). What the app keeps there (the
 * language, last-visit guesses, compiled charts, the tab's last drawings) is a convenience: without
 * it each works, only slower or with the defaults.
 */
export function browserStorage(area: 'local' | 'session' = 'local'): Storage | null {
  try {
    return (area === 'local' ? globalThis.localStorage : globalThis.sessionStorage) ?? null;
  } catch {
    return null;
  }
}
