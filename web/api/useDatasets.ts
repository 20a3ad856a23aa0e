import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { DatasetListing } from './types.ts';

export const datasetsQueryKey = ['datasets'] as const;

/** The datasets in the warehouse, each with its last load. */
export function useDatasets() {
  return useQuery({
    queryKey: datasetsQueryKey,
    queryFn: ({ signal }) => getJson<DatasetListing>('/api/datasets', signal),
  });
}
