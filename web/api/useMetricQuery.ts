import { useQuery } from '@tanstack/react-query';
import type { MetricQuery, QueryResult } from './types.ts';
import { useSendJson } from './useSession.ts';

export const metricQueryResultKey = (query: MetricQuery) => ['query', query] as const;

/**
 * The answer to a metric query. A POST because the query is a JSON body, but a read all the same:
 * cached by the query, refetched like any other resource. It carries the CSRF token like every POST.
 */
export function useMetricQuery(query: MetricQuery | null) {
  const send = useSendJson();
  return useQuery({
    queryKey: metricQueryResultKey(query ?? { metrics: [] }),
    queryFn: () => send<QueryResult>('POST', '/api/query', query),
    enabled: query !== null,
  });
}
