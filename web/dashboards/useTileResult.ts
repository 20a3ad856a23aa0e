import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { MetricQuery } from '../api/types.ts';
import { metricQueryResultKey, useAskQuery } from '../api/useMetricQuery.ts';

/**
 * A tile's answer: asked with the board's other tiles in one batch, under the same key as the builder's (`metricQueryResultKey`),
 * so an unchanged query is answered from the cache and a board's tiles share what they ask alike.
 * `refreshSeconds` asks again on a timer (TV mode). While a changed query is out, the previous
 * answer stays drawn rather than the tile going blank.
 */
export function useTileResult(query: MetricQuery | null, refreshSeconds: number | null) {
  const ask = useAskQuery();
  return useQuery({
    queryKey: metricQueryResultKey(query ?? { metrics: [] }),
    queryFn: () => ask(query!),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds === null ? false : refreshSeconds * 1000,
  });
}
