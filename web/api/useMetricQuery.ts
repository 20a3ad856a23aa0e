import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { QueryBatcher } from './queryBatch.ts';
import type { MetricQuery, QueryResult } from './types.ts';
import { cachedSession } from './useSession.ts';

export const metricQueryResultKey = (query: MetricQuery) => ['query', query] as const;

const batchers = new WeakMap<QueryClient, QueryBatcher>();

/**
 * Asks a metric query through the app's one batcher: queries asked in the same moment (a board's
 * tiles) go to the server in one request. A POST, so it carries the session's CSRF token.
 */
export function useAskQuery(): (query: MetricQuery) => Promise<QueryResult> {
  const client = useQueryClient();
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = new QueryBatcher(() => cachedSession(client)?.csrfToken ?? null);
    batchers.set(client, batcher);
  }
  const ask = batcher;
  return (query) => ask.ask(query);
}

/**
 * The answer to a metric query. A POST because the query is a JSON body, but a read all the same:
 * cached by the query, refetched like any other resource.
 */
export function useMetricQuery(query: MetricQuery | null) {
  const ask = useAskQuery();
  return useQuery({
    queryKey: metricQueryResultKey(query ?? { metrics: [] }),
    queryFn: () => ask(query!),
    enabled: query !== null,
  });
}
