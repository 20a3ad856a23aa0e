import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { rememberHomeBoard } from '../api/lastVisit.ts';
import { getJson } from '../api/request.ts';
import type { Dashboard, HomeDashboardReply } from '../api/types.ts';

export const dashboardQueryKey = (id: string) => ['dashboards', id] as const;
export const homeDashboardQueryKey = ['homeDashboard'] as const;
export const sharedLinkQueryKey = (token: string) => ['links', token] as const;

/**
 * A board read a moment ago (as the app started, or as the home board) is not asked again when
 * its page mounts; the editor's changes write this cache themselves.
 */
const freshBoardMs = 10_000;

/** GET /api/dashboards/:id: the board, its published version for readers (and the draft for editors). */
export const dashboardQuery = (id: string) => queryOptions({
  queryKey: dashboardQueryKey(id),
  queryFn: ({ signal }) => getJson<Dashboard>(`/api/dashboards/${encodeURIComponent(id)}`, signal),
  staleTime: freshBoardMs,
});

export function useDashboard(id: string) {
  return useQuery(dashboardQuery(id));
}

/**
 * GET /api/dashboards/home: the board the app opens on, or null. Its answer is that board's
 * GET /api/dashboards/:id too, so it fills the board's cache entry: the page showing it does not ask again.
 */
export const homeDashboardQuery = (client: QueryClient) => queryOptions({
  queryKey: homeDashboardQueryKey,
  queryFn: async ({ signal }) => {
    const reply = await getJson<HomeDashboardReply>('/api/dashboards/home', signal);
    if (reply.dashboard) client.setQueryData(dashboardQueryKey(reply.dashboard.id), reply.dashboard);
    rememberHomeBoard(reply.dashboard !== null);
    return reply;
  },
  staleTime: freshBoardMs,
});

export function useHomeDashboard() {
  return useQuery(homeDashboardQuery(useQueryClient()));
}

/** GET /api/links/:token: the board a share link opens; 410 once the link has expired. */
export function useSharedLink(token: string) {
  return useQuery({
    queryKey: sharedLinkQueryKey(token),
    queryFn: ({ signal }) => getJson<Dashboard>(`/api/links/${encodeURIComponent(token)}`, signal),
  });
}
