import { useQuery } from '@tanstack/react-query';
import { getJson } from './request.ts';
import type { MetricDetail } from './types.ts';

export const metricQueryKey = (name: string) => ['catalogue', 'metrics', name] as const;

/** One metric's current definition with every recorded version. */
export function useMetric(name: string) {
  return useQuery({
    queryKey: metricQueryKey(name),
    queryFn: ({ signal }) => getJson<MetricDetail>(`/api/catalogue/metrics/${encodeURIComponent(name)}`, signal),
    staleTime: 60_000,
  });
}
