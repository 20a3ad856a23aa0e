import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { ChartListing } from './types.ts';

export const chartsQueryKey = ['charts'] as const;

/** The saved charts the user may read: their own (every chart, for admins). */
export function useCharts() {
  return useQuery({
    queryKey: chartsQueryKey,
    queryFn: ({ signal }) => getJson<ChartListing>('/api/charts', signal),
  });
}
