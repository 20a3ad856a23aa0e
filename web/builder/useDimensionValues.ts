import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getJson } from '../api/request.ts';

/** GET /api/dimensions/:name/values: the values, and the names of those that have one. */
type DimensionValues = { dimension: string; values: (string | number | boolean | null)[]; labels: Record<string, string> };

/**
 * A dimension's values the user may see that contain `search`, for the filter picker. The server
 * searches, so a dimension with thousands of values (医生, 药品) is never read whole.
 */
export function useDimensionValues(dimension: string, search: string, limit = 50) {
  return useQuery({
    queryKey: ['dimensionValues', dimension, search, limit],
    queryFn: ({ signal }) =>
      getJson<DimensionValues>(`/api/dimensions/${encodeURIComponent(dimension)}/values?${new URLSearchParams({ search, limit: String(limit) })}`, signal),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
