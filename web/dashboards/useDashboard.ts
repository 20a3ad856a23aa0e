import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/request.ts';
import type { Dashboard } from '../api/types.ts';

export const dashboardQueryKey = (id: string) => ['dashboards', id] as const;
export const sharedLinkQueryKey = (token: string) => ['links', token] as const;

/** GET /api/dashboards/:id: the board, its published version for readers (and the draft for editors). */
export function useDashboard(id: string) {
  return useQuery({
    queryKey: dashboardQueryKey(id),
    queryFn: ({ signal }) => getJson<Dashboard>(`/api/dashboards/${encodeURIComponent(id)}`, signal),
  });
}

/** GET /api/links/:token: the board a share link opens; 410 once the link has expired. */
export function useSharedLink(token: string) {
  return useQuery({
    queryKey: sharedLinkQueryKey(token),
    queryFn: ({ signal }) => getJson<Dashboard>(`/api/links/${encodeURIComponent(token)}`, signal),
  });
}
