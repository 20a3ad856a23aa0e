import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { MetricQuery } from '../api/types.ts';
import { metricQueryResult, sendAskedQueries } from '../api/useMetricQuery.ts';

/**
 * An answer asked a moment ago (as the board's page started, prefetchBoardPage) is not asked again
 * when its tile mounts. Answers change when data is published, which asks every tile again
 * (useDataPublished), and on TV mode's timer.
 */
const freshResultMs = 10_000;

/**
 * A tile's answer: asked with the board's other tiles in one batch, under the same key as the builder's (`metricQueryResultKey`),
 * so an unchanged query is answered from the cache and a board's tiles share what they ask alike.
 * `refreshSeconds` asks again on a timer (TV mode). While a changed query is out, the previous
 * answer stays drawn rather than the tile going blank.
 */
export function useTileResult(query: MetricQuery | null, refreshSeconds: number | null) {
  return useQuery({
    ...metricQueryResult(useQueryClient(), query ?? { metrics: [] }),
    enabled: query !== null,
    staleTime: freshResultMs,
    placeholderData: keepPreviousData,
    refetchInterval: refreshSeconds === null ? false : refreshSeconds * 1000,
  });
}

/**
 * Asks for tiles' answers before their tiles do (as a board opens, or as a click changes what
 * they show), in one batch sent now; the tiles then find each answer, or the request under way,
 * under its key. An answer still fresh is not asked again. `ahead`: answers no tile shows yet,
 * asked before the reader's click (crossFilterAnswers.ts), which the server audits as such.
 */
export function prefetchTileResults(client: QueryClient, queries: MetricQuery[], { ahead = false }: { ahead?: boolean } = {}): void {
  for (const query of queries) void client.prefetchQuery({ ...metricQueryResult(client, query, ahead), staleTime: freshResultMs });
  sendAskedQueries(client);
}
