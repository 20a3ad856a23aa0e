import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { DatasetListing } from './types.ts';

export const datasetsQueryKey = ['datasets'] as const;

/** The datasets in the warehouse, each with its last load; not asked while `enabled` is false. */
export function useDatasets(enabled = true) {
  return useQuery({
    queryKey: datasetsQueryKey,
    queryFn: ({ signal }) => getJson<DatasetListing>('/api/datasets', signal),
    enabled,
  });
}
