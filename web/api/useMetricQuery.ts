import { queryOptions, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { QueryBatcher } from './queryBatch.ts';
import type { MetricQuery, QueryResult } from './types.ts';
import { cachedSession } from './useSession.ts';

export const metricQueryResultKey = (query: MetricQuery) => ['query', query] as const;

const batchers = new WeakMap<QueryClient, QueryBatcher>();

/**
 * Asks a metric query through the app's one batcher: queries asked in the same moment (a board's
 * tiles) go to the server in one request. A POST, so it carries the session's CSRF token.
 */
function batcherOf(client: QueryClient): QueryBatcher {
  let batcher = batchers.get(client);
  if (!batcher) {
    batcher = new QueryBatcher(() => cachedSession(client)?.csrfToken ?? null);
    batchers.set(client, batcher);
  }
  return batcher;
}

/** `ahead`: asked before the reader asks for it (QueryBatcher.ask). */
export function askQuery(client: QueryClient, query: MetricQuery, ahead = false): Promise<QueryResult> {
  return batcherOf(client).ask(query, ahead);
}

/** Sends the queries asked so far now, rather than when the current task ends. */
export function sendAskedQueries(client: QueryClient): void {
  batcherOf(client).sendNow();
}

/** The answer to `query` as a cached resource: under its key, asked through the batcher (`ahead`: before the reader asks for it). */
export const metricQueryResult = (client: QueryClient, query: MetricQuery, ahead = false) => queryOptions({
  queryKey: metricQueryResultKey(query),
  queryFn: () => askQuery(client, query, ahead),
});

/**
 * The answer to a metric query. A POST because the query is a JSON body, but a read all the same:
 * cached by the query, refetched like any other resource.
 */
export function useMetricQuery(query: MetricQuery | null) {
  return useQuery({ ...metricQueryResult(useQueryClient(), query ?? { metrics: [] }), enabled: query !== null });
}
