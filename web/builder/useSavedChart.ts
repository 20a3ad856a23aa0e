import { useQuery } from '@tanstack/react-query';
import { getJson } from '../api/request.ts';
import type { SavedChart } from '../api/types.ts';

export const savedChartQueryKey = (id: string) => ['charts', id] as const;

/** One saved chart, to reopen in the builder. */
export function useSavedChart(id: string | null) {
  return useQuery({
    queryKey: savedChartQueryKey(id ?? ''),
    queryFn: ({ signal }) => getJson<SavedChart>(`/api/charts/${encodeURIComponent(id!)}`, signal),
    enabled: id !== null,
  });
}
