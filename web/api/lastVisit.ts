// What this browser found on its last visit, kept in localStorage: guesses (never the session,
// which is an HTTP-only cookie the web never reads) that let the first page's requests go out
// together instead of each waiting for the answer that says it may go (prefetchBoardPage). A wrong
// guess costs a refused request (401, 404) that the page then handles as ever; no guess, the wait.
import { browserStorage } from '../app/browserStorage.ts';

/** Whether someone was logged in: the server's last word on the session. */
const signedInKey = 'hbi.signedIn';
/** Whether the home page showed a board (a server without a project has none, nor a catalogue). */
const homeBoardKey = 'hbi.homeBoard';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

function read(key: string, storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(key) === '1';
  } catch {
    return false;
  }
}

function remember(key: string, yes: boolean, storage: Storage | null): void {
  try {
    if (yes) storage?.setItem(key, '1');
    else storage?.removeItem(key);
  } catch {
    // Without it the next first page waits for its answers in turn: slower, not wrong.
  }
}

export const wasSignedIn = (storage: Pick<Storage, 'getItem'> | null = browserStorage()) => read(signedInKey, storage);
export const rememberSignedIn = (yes: boolean, storage: Storage | null = browserStorage()) => remember(signedInKey, yes, storage);
export const hadHomeBoard = (storage: Pick<Storage, 'getItem'> | null = browserStorage()) => read(homeBoardKey, storage);
export const rememberHomeBoard = (yes: boolean, storage: Storage | null = browserStorage()) => remember(homeBoardKey, yes, storage);
