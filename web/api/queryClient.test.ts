import { QueryObserver } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient, shouldRetry } from './queryClient.ts';
import { ApiError } from './request.ts';
import type { SessionInfo, SessionReply } from './types.ts';
import { cachedSession, sessionQueryKey } from './useSession.ts';

const session: SessionInfo = {
  user: { username: 'xinnei', displayName: '心血管内科数据分析员', role: 'analyst', department: '0101', disabled: false, createdAt: '2025-01-01T00:00:00Z' },
  departmentName: '心血管内科',
  grants: ['detail'],
  csrfToken: 'token-1',
  expiresAt: '2025-01-01T08:00:00Z',
};

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A client whose session query is watched, as the app shell watches it, answered by `whoIsIn`. */
function appClient(whoIsIn: () => SessionReply) {
  const client = createQueryClient();
  let asked = 0;
  const observer = new QueryObserver(client, {
    queryKey: sessionQueryKey,
    queryFn: async () => {
      asked++;
      return whoIsIn();
    },
    staleTime: Infinity,
  });
  const stop = observer.subscribe(() => {});
  cleanups.push(() => {
    stop();
    client.clear();
  });
  return { client, asked: () => asked };
}

const failing = (status: number | null) => async () => {
  throw new ApiError(`HTTP ${status}`, '/api/datasets', status);
};

describe('createQueryClient', () => {
  it('asks who is logged in again when a request answers 401, and so shows the login page', async () => {
    let reply: SessionReply = session;
    const { client, asked } = appClient(() => reply);
    await vi.waitFor(() => expect(cachedSession(client)).toEqual(session));
    expect(asked()).toBe(1);

    reply = { user: null }; // the session expired on the server
    await expect(client.fetchQuery({ queryKey: ['datasets'], queryFn: failing(401) })).rejects.toThrow('HTTP 401');
    await vi.waitFor(() => expect(client.getQueryData(sessionQueryKey)).toEqual({ user: null }));
    expect(asked()).toBe(2);
  });

  it('does not ask again for a refusal (403) or a failure, nor for the 401 of a wrong password', async () => {
    const { client, asked } = appClient(() => ({ user: null }));
    await vi.waitFor(() => expect(asked()).toBe(1));
    // Nobody is logged in: a wrong password's 401 is not news.
    await expect(client.getMutationCache().build(client, { mutationFn: failing(401) }).execute(undefined)).rejects.toThrow();

    client.setQueryData(sessionQueryKey, session);
    await expect(client.fetchQuery({ queryKey: ['loads', 1], queryFn: failing(403) })).rejects.toThrow();
    await expect(client.fetchQuery({ queryKey: ['loads', 2], queryFn: failing(500), retryDelay: 0 })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(asked()).toBe(1);
    expect(cachedSession(client)).toEqual(session);
  });
});

describe('shouldRetry', () => {
  it('retries once after a network failure or a server error, never after a 4xx', () => {
    for (const status of [null, 500, 502]) {
      expect(shouldRetry(0, new ApiError('x', '/api/x', status)), String(status)).toBe(true);
      expect(shouldRetry(1, new ApiError('x', '/api/x', status)), String(status)).toBe(false);
    }
    for (const status of [400, 401, 403, 404, 429]) expect(shouldRetry(0, new ApiError('x', '/api/x', status)), String(status)).toBe(false);
    expect(shouldRetry(0, new TypeError('Failed to fetch'))).toBe(true);
  });
});
