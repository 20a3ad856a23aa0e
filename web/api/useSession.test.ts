import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from './queryClient.ts';
import { wasSignedIn } from './lastVisit.ts';
import { sessionQuery } from './useSession.ts';

/** localStorage as far as the session hint uses it. */
function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the signed-in guess (lastVisit.ts)', () => {
  it('remembers whether the server last said someone is logged in, and nothing else', async () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    let reply: unknown = { user: { username: 'admin' }, csrfToken: 'secret' };
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(reply), { headers: { 'content-type': 'application/json' } }));
    expect(wasSignedIn()).toBe(false);
    await createQueryClient().fetchQuery(sessionQuery);
    expect(wasSignedIn()).toBe(true);
    expect(storage.getItem('hbi.signedIn')).toBe('1');
    reply = { user: null };
    await createQueryClient().fetchQuery(sessionQuery);
    expect(wasSignedIn()).toBe(false);
  });

  it('is no hint where storage is missing or throws', () => {
    expect(wasSignedIn(null)).toBe(false);
    expect(wasSignedIn({ getItem: () => { throw new Error('denied'); } })).toBe(false);
  });
});
