// A cross-filter click answered in the browser. Clicking a bar (科室 = 心血管内科) narrows each other
// tile by that one value, and a tile's answer narrowed to one value of a dimension is its answer
// grouped also by that dimension, read at that value: every metric is computed per group, so the
// row of the group is the narrowed answer (a ratio, a median, a 同比 pair alike).
//
// So once a board's tiles have their answers, it asks, when the page is idle, for each tile's answer
// grouped by each dimension a reader can click (`groupedQueries`); those answers are asked, checked
// and audited as any other. A click then reads each tile's new answer from them
// (`answerSelection`) and asks the server only for the ones it could not work out: a group with no
// rows (an empty group's KPI is a row of nulls or zeros the browser cannot tell apart), a query
// whose rows depend on each other (shares of a total; a top-N cut before the grouping), or a
// selection that widens an earlier one (科室 in two values).
import { useIsFetching, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { whenIdle } from '../app/whenIdle.ts';
import type { Catalogue, DashboardDefinition, MetricQuery, QueryCell, QueryResult } from '../api/types.ts';
import { metricQueryResultKey } from '../api/useMetricQuery.ts';
import { boardQueries, dimensionApplies, tileQuery } from './boardQuery.ts';
import { prefetchTileResults } from './useTileResult.ts';
import { sameSelection, tilesOnTab, timeDimension, type BoardState, type Selection } from './boardState.ts';

type CatalogueParts = Pick<Catalogue, 'dimensions' | 'metrics' | 'hierarchies'>;

/**
 * `query` grouped also by `dimension`, whose group at a value answers `query` narrowed to it; the
 * query itself when it is grouped by it already; null when its rows depend on each other.
 */
export function groupedQuery(query: MetricQuery, dimension: string): MetricQuery | null {
  if (query.percentOfTotal) return null;
  const dimensions = query.dimensions ?? [];
  if (dimensions.includes(dimension)) return query;
  // A top-N or an order cut or arrange the groups as a whole, not within each value of the dimension.
  if (query.limit !== undefined || (query.order ?? []).length > 0) return null;
  return { ...query, dimensions: [...dimensions, dimension] };
}

/**
 * The rows of `grouped` (the answer to `groupedQuery(query, dimension)`) at `value`, as the answer
 * to `query` narrowed to it: without the dimension's column unless `query` has it. Null when no row
 * has the value, or the column is masked (its values are not the codes a reader selects).
 */
export function answerAt(grouped: QueryResult, query: MetricQuery, dimension: string, value: QueryCell): QueryResult | null {
  const column = grouped.columns.find((c) => c.name === dimension);
  if (!column || column.masked) return null;
  const keep = (query.dimensions ?? []).includes(dimension);
  const rows = grouped.rows.filter((row) => row[dimension] === value).map((row) => {
    if (keep) return row;
    const { [dimension]: _dropped, ...rest } = row;
    return rest;
  });
  if (rows.length === 0) return null;
  const labels = Object.fromEntries(Object.entries(grouped.labels ?? {}).flatMap(([name, names]) => {
    if (name === dimension && !keep) return [];
    const codes = new Set(rows.map((row) => String(row[name])));
    return [[name, Object.fromEntries(Object.entries(names).filter(([code]) => codes.has(code)))]];
  }));
  return { ...grouped, columns: keep ? grouped.columns : grouped.columns.filter((c) => c !== column), rows, ...(grouped.labels ? { labels } : {}) };
}

/** The non-time dimensions a reader can click on the tab's charts: those their queries group by. */
function clickableDimensions(definition: DashboardDefinition, queries: Map<string, MetricQuery | null>, tab: string | undefined): string[] {
  return [...new Set(tilesOnTab(definition, tab).flatMap((tile) => queries.get(tile.id)?.dimensions ?? []))].filter((d) => d !== timeDimension);
}

/**
 * The grouped queries a click on the board in `state` would read its answers from: each tile's
 * query grouped by each clickable dimension that is not selected yet and that would narrow it.
 */
export function groupedQueries(definition: DashboardDefinition, state: BoardState, tab: string | undefined, catalogue: CatalogueParts): MetricQuery[] {
  const queries = boardQueries(definition, state, catalogue);
  const wanted = new Map<string, MetricQuery>();
  for (const dimension of clickableDimensions(definition, queries, tab)) {
    if (state.selections.some((s) => s.dimension === dimension)) continue;
    for (const tile of tilesOnTab(definition, tab)) {
      const query = queries.get(tile.id);
      if (!query || tile.kind !== 'chart' || tile.ignoreGlobalFilters || !dimensionApplies(catalogue, query.metrics, dimension)) continue;
      const grouped = groupedQuery(query, dimension);
      if (grouped && grouped !== query) wanted.set(JSON.stringify(grouped), grouped);
    }
  }
  return [...wanted.values()];
}

/** The answer cached under `query`, unless a data load has made it stale since. */
function heldAnswer(client: QueryClient, query: MetricQuery): QueryResult | null {
  const state = client.getQueryState<QueryResult>(metricQueryResultKey(query));
  return state?.status === 'success' && !state.isInvalidated && state.data ? state.data : null;
}

/** The one selection `after` adds to `before`, when that is all that changed. */
function addedSelection(before: BoardState, after: BoardState): Selection | null {
  if (JSON.stringify(before.filters) !== JSON.stringify(after.filters) || JSON.stringify(before.drills) !== JSON.stringify(after.drills)) return null;
  const added = after.selections.filter((s) => !before.selections.some((b) => sameSelection(b, s)));
  const removed = before.selections.filter((b) => !after.selections.some((s) => sameSelection(b, s)));
  return added.length === 1 && removed.length === 0 ? added[0]! : null;
}

/**
 * Puts into the cache the answers of the tiles on `tab` that the click taking the board from
 * `before` to `after` narrows, where the grouped answers held allow: under each tile's new query,
 * so that the tile finds it and nothing is asked. Returns the ids of the tiles answered so.
 */
export function answerSelection(client: QueryClient, definition: DashboardDefinition, before: BoardState, after: BoardState, tab: string | undefined, catalogue: CatalogueParts): string[] {
  const selection = addedSelection(before, after);
  // A period replaces a tile's range rather than narrowing it; a second value widens the first.
  if (!selection || selection.dimension === timeDimension || before.selections.some((s) => s.dimension === selection.dimension)) return [];
  const answered: string[] = [];
  for (const tile of tilesOnTab(definition, tab)) {
    if (tile.kind !== 'chart' || tile.id === selection.tileId) continue;
    const was = tileQuery(tile, before.filters, before.selections, before.drills[tile.id] ?? [], catalogue);
    const is = tileQuery(tile, after.filters, after.selections, after.drills[tile.id] ?? [], catalogue);
    if (!was || !is || JSON.stringify(was) === JSON.stringify(is) || heldAnswer(client, is)) continue;
    const grouped = groupedQuery(was, selection.dimension);
    const held = grouped && heldAnswer(client, grouped);
    const answer = held && answerAt(held, was, selection.dimension, selection.value);
    if (!answer) continue;
    client.setQueryData(metricQueryResultKey(is), answer);
    answered.push(tile.id);
  }
  return answered;
}

/** At most this many grouped queries are asked for a board: one batch's worth, well under the server's 60. */
const groupedQueriesAsked = 40;

/**
 * Asks for the grouped answers a click on the board in `state` would read (`groupedQueries`), once
 * the tiles have their answers and the page is idle: they never hold up a tile.
 */
export function useGroupedAnswers(definition: DashboardDefinition, state: BoardState, tab: string | undefined, catalogue: CatalogueParts): void {
  const client = useQueryClient();
  const settled = useIsFetching({ queryKey: ['query'] }) === 0;
  useEffect(() => {
    if (!settled) return;
    const queries = groupedQueries(definition, state, tab, catalogue).slice(0, groupedQueriesAsked);
    if (queries.length === 0) return;
    return whenIdle(() => prefetchTileResults(client, queries, { ahead: true }), 2000);
  }, [client, settled, definition, state, tab, catalogue]);
}
