import { queryOptions, useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { Catalogue } from './types.ts';

export const catalogueQueryKey = ['catalogue'] as const;

/**
 * The metric catalogue: datasets, dimensions and every metric's current definition. Definitions
 * change by a new version on the server, rarely; a minute's staleness spares a refetch on every
 * move between the list and a metric's page.
 */
export const catalogueQuery = queryOptions({
  queryKey: catalogueQueryKey,
  queryFn: ({ signal }) => getJson<Catalogue>('/api/catalogue', signal),
  staleTime: 60_000,
});

export function useCatalogue() {
  return useQuery(catalogueQuery);
}
