import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { DashboardListing } from './types.ts';

export const dashboardsQueryKey = ['dashboards'] as const;

/** The boards the user may read, newest change first, and the board the app opens on. */
export function useDashboardListing() {
  return useQuery({ queryKey: dashboardsQueryKey, queryFn: ({ signal }) => getJson<DashboardListing>('/api/dashboards', signal) });
}
