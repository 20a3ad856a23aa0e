import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { getJson, sendJson, type ChangeMethod } from './request.ts';
import { chartPictures } from '../builder/chartPictures.ts';
import { chartRuntimes } from '../builder/chartRuntimes.ts';
import { rememberSignedIn } from './lastVisit.ts';
import type { Credentials, SessionInfo, SessionReply } from './types.ts';

export const sessionQueryKey = ['session'] as const;
const sessionPath = '/api/session';

/** The session in the cache, when someone is logged in. */
export function cachedSession(client: QueryClient): SessionInfo | null {
  const reply = client.getQueryData<SessionReply>(sessionQueryKey);
  return reply?.user ? reply : null;
}

/**
 * Who is logged in (`user: null` when nobody is). It changes by logging in or out here, which
 * write this cache, or by the session ending on the server, which the next 401 reveals
 * (createQueryClient); so it never goes stale by age. Coming back to the tab asks again, in case
 * the user logged out in another tab.
 */
export const sessionQuery = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: async ({ signal }) => {
    const reply = await getJson<SessionReply>(sessionPath, signal);
    rememberSignedIn(reply.user !== null);
    return reply;
  },
  staleTime: Infinity,
  refetchOnWindowFocus: 'always',
});

export function useSession() {
  return useQuery(sessionQuery);
}

/** Drops everything read for the previous user, so that none of it shows to the next one. */
function replaceSession(client: QueryClient, reply: SessionReply): void {
  rememberSignedIn(reply.user !== null);
  // Compiled charts hold no rows, but their titles and fields were the previous user's to see;
  // the tab's pictures of charts hold their values.
  chartRuntimes.forget();
  chartPictures.forget();
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  client.setQueryData<SessionReply>(sessionQueryKey, reply);
}

/**
 * Sends a change with the session's CSRF token, read from the cache when sending (not when
 * rendering), so that a change made after logging in again carries the new session's token.
 */
export function useSendJson() {
  const client = useQueryClient();
  return useCallback(
    <T>(method: ChangeMethod, path: string, body?: unknown) => sendJson<T>(method, path, body, cachedSession(client)?.csrfToken ?? null),
    [client],
  );
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (credentials: Credentials) => sendJson<SessionInfo>('POST', sessionPath, credentials, null),
    onSuccess: (session) => replaceSession(client, session),
  });
}

export function useLogout() {
  const client = useQueryClient();
  const send = useSendJson();
  return useMutation({
    mutationFn: () => send<void>('DELETE', sessionPath),
    onSuccess: () => replaceSession(client, { user: null }),
  });
}
