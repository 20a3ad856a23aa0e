import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { LoadReport } from './types.ts';

export const loadReportQueryKey = (loadId: number) => ['loads', loadId] as const;

/** What one load did. A load's report never changes once written, so it is never refetched. */
export function useLoadReport(loadId: number) {
  return useQuery({
    queryKey: loadReportQueryKey(loadId),
    queryFn: ({ signal }) => getJson<LoadReport>(`/api/loads/${loadId}`, signal),
    staleTime: Infinity,
  });
}
