/**
 * localStorage, or null where merely touching it throws (sandboxed iframes, some privacy modes).
 * What the app keeps there (the language, last-visit guesses, compiled charts) is a convenience:
 * without it each works, only slower or with the defaults.
 */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
