import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { RejectedRows } from './types.ts';

export const rejectedRowsQueryKey = (loadId: number, offset: number, limit: number) => ['loads', loadId, 'rejects', offset, limit] as const;

/** All of a load's rejected rows as CSV, PII masked, for Excel. */
export const rejectedRowsCsvPath = (loadId: number) => `/api/loads/${loadId}/rejects.csv`;

/**
 * One page of a load's rejected rows. The page shown stays on screen while the next one is
 * fetched, so paging does not flash an empty table.
 */
export function useRejectedRows(loadId: number, offset: number, limit: number) {
  return useQuery({
    queryKey: rejectedRowsQueryKey(loadId, offset, limit),
    queryFn: ({ signal }) => getJson<RejectedRows>(`/api/loads/${loadId}/rejects?offset=${offset}&limit=${limit}`, signal),
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}
