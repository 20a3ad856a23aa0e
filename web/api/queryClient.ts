import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './request.ts';
import { cachedSession, sessionQueryKey } from './useSession.ts';

/**
 * One quiet retry covers a server that is still starting or a dropped connection; after that the
 * page shows the error and a retry button rather than spinning for half a minute. A 4xx answer
 * (not logged in, not allowed, no such load) would only be the same again.
 */
export function shouldRetry(failureCount: number, error: Error): boolean {
  if (error instanceof ApiError && error.status !== null && error.status < 500) return false;
  return failureCount < 1;
}

/**
 * The app's query client. A 401 while the cache says someone is logged in means the session
 * ended on the server (expired, logged out in another tab, account disabled): asking who is
 * logged in again brings up the login page, in place of the page, which keeps its URL.
 */
export function createQueryClient(): QueryClient {
  const sessionEnded = (error: Error) => {
    if (error instanceof ApiError && error.status === 401 && cachedSession(client)) {
      void client.invalidateQueries({ queryKey: sessionQueryKey });
    }
  };
  const client = new QueryClient({
    queryCache: new QueryCache({ onError: sessionEnded }),
    mutationCache: new MutationCache({ onError: sessionEnded }),
    defaultOptions: { queries: { retry: shouldRetry } },
  });
  return client;
}
