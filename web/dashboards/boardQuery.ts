// From a board's definition and what the reader did (boardState.ts) to each tile's MetricQuery.
// TanStack Query keys tile results by that query, so a tile whose query does not change is
// answered from the cache: only the tiles a change affects ask the server again.
import type { Catalogue, DashboardDefinition, DashboardTile, MetricQuery, QueryCell } from '../api/types.ts';
import { filterName } from '../builder/builderQuery.ts';
import { initialBoardState, periodRange, tilesOnTab, timeDimension, type BoardState, type DrillStep, type Selection } from './boardState.ts';
import { drilledQuery } from './tileDrill.ts';

type ChartTile = Extract<DashboardTile, { kind: 'chart' }>;
type CatalogueParts = Pick<Catalogue, 'dimensions' | 'metrics' | 'hierarchies'>;

const metricName = (name: string) => name.replace(/@\d+$/, '');

/** The datasets a metric reads; a metric computed from others reads theirs too. */
export function metricDatasets(catalogue: Pick<Catalogue, 'metrics'>, name: string, seen: string[] = []): string[] {
  const metric = catalogue.metrics.find((m) => m.name === metricName(name));
  if (!metric || seen.includes(metric.name)) return [];
  const own = metric.lineage.datasets;
  const through = metric.lineage.dependsOn.flatMap((d) => metricDatasets(catalogue, d, [...seen, metric.name]));
  return [...new Set([...own, ...through])];
}

/** Whether a metric is counted over time: its own time dimension, or every metric it is computed from has one. */
function metricHasTime(catalogue: Pick<Catalogue, 'metrics'>, name: string, seen: string[] = []): boolean {
  const metric = catalogue.metrics.find((m) => m.name === metricName(name));
  if (!metric || seen.includes(metric.name)) return false;
  if (metric.timeDimension) return true;
  return metric.lineage.dependsOn.length > 0 && metric.lineage.dependsOn.every((d) => metricHasTime(catalogue, d, [...seen, metric.name]));
}

/**
 * Whether a filter on `dimension` applies to a query of `metrics`: every dataset they read has
 * the dimension (a filter on 病区 would fail, or silently mean nothing, for 门诊 metrics). `time`
 * applies when every metric is counted over time. Unknown metrics take no filters.
 */
export function dimensionApplies(catalogue: Pick<Catalogue, 'dimensions' | 'metrics'>, metrics: string[], dimension: string): boolean {
  if (metrics.length === 0) return false;
  if (dimension === timeDimension) return metrics.every((m) => metricHasTime(catalogue, m));
  const having = catalogue.dimensions.find((d) => d.name === dimension)?.datasets ?? [];
  return metrics.every((m) => {
    const datasets = metricDatasets(catalogue, m);
    return datasets.length > 0 && datasets.every((d) => having.includes(d));
  });
}

function literal(value: QueryCell): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `'${String(value).replaceAll("'", "''")}'`;
}

/** One dimension equal to any of `values` (null: rows without one), in the filter language. */
export function valuesClause(dimension: string, values: QueryCell[]): string {
  const name = filterName(dimension);
  const known = [...new Set(values.filter((v) => v !== null))];
  const parts = [
    ...(known.length === 1 ? [`${name} = ${literal(known[0]!)}`] : known.length > 1 ? [`${name} in (${known.map(literal).join(', ')})`] : []),
    ...(values.includes(null) ? [`${name} is null`] : []),
  ];
  return parts.length > 1 ? `(${parts.join(' or ')})` : (parts[0] ?? '');
}

/** Filters and-ed: each group's values or-ed (selections on one dimension widen, on two narrow). */
function whereOfGroups(groups: Map<string, QueryCell[]>): string[] {
  return [...groups].filter(([, values]) => values.length > 0).map(([dimension, values]) => valuesClause(dimension, values));
}

function grouped(entries: { dimension: string; value: QueryCell }[]): Map<string, QueryCell[]> {
  const groups = new Map<string, QueryCell[]>();
  for (const { dimension, value } of entries) groups.set(dimension, [...(groups.get(dimension) ?? []), value]);
  return groups;
}

const joinWhere = (parts: string[]): string | undefined => {
  const kept = parts.filter((p) => p.trim() !== '');
  if (kept.length === 0) return undefined;
  return kept.length === 1 ? kept[0] : kept.map((p) => `(${p})`).join(' and ');
};

/**
 * A chart tile's query on the board: its own query, drilled as its drill path says, narrowed by
 * the board's global filters and by the other tiles' selections where they apply (see
 * `dimensionApplies`). The global date range replaces the tile's own; a period selected on
 * another tile's time axis replaces that, and a period drilled into in this tile wins over both.
 * A tile set to ignore global filters takes neither filters nor selections (it still drills).
 * Text tiles have no query (null).
 */
export function tileQuery(
  tile: DashboardTile,
  filters: DashboardDefinition['filters'],
  selections: Selection[],
  drill: DrillStep[],
  catalogue: CatalogueParts,
): MetricQuery | null {
  if (tile.kind !== 'chart') return null;
  const { query: drilled, filters: drillFilters, period } = drilledQuery(tile as ChartTile, drill, catalogue);
  const { where: ownWhere, timeRange: ownRange, ...rest } = drilled;
  const applies = (dimension: string) => dimensionApplies(catalogue, drilled.metrics, dimension);
  let timeRange = ownRange;
  const where: string[] = [ownWhere ?? '', ...whereOfGroups(grouped(drillFilters))];
  // A pinned filter is part of the board: every tile follows it, even one that ignores the filter bar.
  const pinned = filters.dimensions.filter((f) => f.pinned && f.values.length > 0 && applies(f.dimension));
  where.push(...whereOfGroups(new Map(pinned.map((f) => [f.dimension, f.values]))));
  if (!tile.ignoreGlobalFilters) {
    if (filters.timeRange && applies(timeDimension)) timeRange = filters.timeRange;
    where.push(...whereOfGroups(new Map(filters.dimensions.filter((f) => !f.pinned && f.values.length > 0 && applies(f.dimension)).map((f) => [f.dimension, f.values]))));
    const others = selections.filter((s) => s.tileId !== tile.id && applies(s.dimension));
    const timeSelection = others.find((s) => s.dimension === timeDimension && typeof s.value === 'string');
    if (timeSelection) timeRange = periodRange(timeSelection.value as string, timeSelection.grain ?? 'day');
    where.push(...whereOfGroups(grouped(others.filter((s) => s.dimension !== timeDimension))));
  }
  if (period && typeof period.value === 'string') timeRange = periodRange(period.value, period.grain ?? 'day');
  const joined = joinWhere(where);
  return { ...rest, ...(joined ? { where: joined } : {}), ...(timeRange ? { timeRange } : {}) };
}

/**
 * The filters in force on the board (global ones with values, other tiles' selections) that a
 * tile does not follow because the data its metrics read lacks the dimension: said on the tile,
 * so that a number that did not move is not taken for one that was filtered.
 */
export function skippedFilters(tile: DashboardTile, filters: DashboardDefinition['filters'], selections: Selection[], catalogue: CatalogueParts): string[] {
  if (tile.kind !== 'chart' || tile.ignoreGlobalFilters) return [];
  const inForce = [
    ...(filters.timeRange ? [timeDimension] : []),
    ...filters.dimensions.filter((f) => f.values.length > 0).map((f) => f.dimension),
    ...selections.filter((s) => s.tileId !== tile.id).map((s) => s.dimension),
  ];
  return [...new Set(inForce)].filter((d) => !dimensionApplies(catalogue, tile.chart.query.metrics, d));
}

/** Every tile's query for the board in `state`, by tile id (text tiles: null). */
export function boardQueries(definition: DashboardDefinition, state: BoardState, catalogue: CatalogueParts): Map<string, MetricQuery | null> {
  return new Map(definition.tiles.map((tile) => [tile.id, tileQuery(tile, state.filters, state.selections, state.drills[tile.id] ?? [], catalogue)]));
}

/** The queries of the chart tiles a board shows in `state` on `tab`: what those tiles ask as they draw. */
export function tabQueries(definition: DashboardDefinition, state: BoardState, tab: string | undefined, catalogue: CatalogueParts): MetricQuery[] {
  const queries = boardQueries(definition, state, catalogue);
  return tilesOnTab(definition, tab).flatMap((tile) => {
    const query = queries.get(tile.id);
    return tile.kind === 'chart' && query ? [query] : [];
  });
}

/** The queries a board asks as it opens: its first tab, its default filters, nothing selected or drilled. */
export function openingQueries(definition: DashboardDefinition, catalogue: CatalogueParts): MetricQuery[] {
  return tabQueries(definition, initialBoardState(definition), definition.tabs[0], catalogue);
}

/**
 * The tiles whose query a change of state alters: the ones that must ask the server again.
 * The others keep their query, hence their cached result.
 */
export function affectedTiles(definition: DashboardDefinition, before: BoardState, after: BoardState, catalogue: CatalogueParts): string[] {
  const was = boardQueries(definition, before, catalogue);
  const is = boardQueries(definition, after, catalogue);
  return definition.tiles.filter((t) => JSON.stringify(was.get(t.id)) !== JSON.stringify(is.get(t.id))).map((t) => t.id);
}

/** Body of POST /api/query/detail (server/query/query-schemas.ts `detailQuerySchema`). */
export type DetailRequest = {
  metric: string;
  where?: string;
  timeRange?: MetricQuery['timeRange'];
  cell?: Record<string, string | number | null>;
  grain?: MetricQuery['grain'];
  offset: number;
  limit: number;
};

export const detailPageSize = 100;

/**
 * The rows behind one number of a tile: the tile's query as the board asked it (every filter,
 * selection and drill), the metric clicked, and the clicked cell's value of each query dimension.
 */
export function detailRequest(query: MetricQuery, metric: string, cell: Record<string, QueryCell>, offset = 0): DetailRequest {
  const dimensions = query.dimensions ?? [];
  const picked = Object.fromEntries(
    dimensions.filter((d) => d in cell).map((d) => {
      const value = cell[d];
      return [d, typeof value === 'boolean' ? String(value) : (value ?? null)];
    }),
  );
  return {
    metric,
    ...(query.where ? { where: query.where } : {}),
    ...(query.timeRange ? { timeRange: query.timeRange } : {}),
    ...(Object.keys(picked).length > 0 ? { cell: picked } : {}),
    ...(dimensions.includes(timeDimension) && query.grain ? { grain: query.grain } : {}),
    offset,
    limit: detailPageSize,
  };
}
