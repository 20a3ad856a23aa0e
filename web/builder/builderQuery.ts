// From the builder's shelves to what the server and the chart builders read: the MetricQuery
// (asked through TanStack Query, keyed by it), the chart config, and the saved chart's config.
import type { MetricQuery, SavedChart } from '../api/types.ts';
import { chartTypes, type ChartConfig, type ChartType, type ConditionalColor, type NumberFormatName, type Threshold } from '../charts/chartConfig.ts';
import type { Language } from '../i18n/language.ts';
import {
  compareBlocker, emptyBuilder, secondaryOf, timeRangeOf, usesTime, type BuilderState, type CompareChoice, type DimensionFilter, type TimeRangeChoice,
} from './builderState.ts';

const reservedWords = new Set(['and', 'or', 'not', 'in', 'between', 'like', 'ilike', 'is', 'null', 'true', 'false', 'case', 'when', 'then', 'else', 'end']);

/** A dimension name as the filter language reads it: bare when it can be, else in double quotes. */
export function filterName(name: string): string {
  if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name) && !reservedWords.has(name.toLowerCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

function filterLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/** The query's `where`: every filter with values, and-ed; undefined when none filters. */
export function whereOf(filters: DimensionFilter[]): string | undefined {
  const parts = filters
    .filter((f) => f.values.length > 0)
    .map((f) => (f.values.length === 1 ? `${filterName(f.dimension)} = ${filterLiteral(f.values[0]!)}` : `${filterName(f.dimension)} in (${f.values.map(filterLiteral).join(', ')})`));
  return parts.length === 0 ? undefined : parts.join(' and ');
}

/** The question the shelves ask; null until there is a metric to ask for. */
export function metricQueryOf(state: BuilderState): MetricQuery | null {
  if (state.y.length === 0) return null;
  const dimensions = [state.x, state.series].filter((d): d is string => d !== null);
  const where = whereOf(state.filters);
  const timeRange = timeRangeOf(state.timeRange);
  return {
    metrics: [...state.y],
    ...(dimensions.length > 0 ? { dimensions } : {}),
    ...(usesTime(state) ? { grain: state.grain } : {}),
    ...(where ? { where } : {}),
    ...(timeRange ? { timeRange } : {}),
    ...(state.compare && compareBlocker(state) === null ? { compare: [state.compare] } : {}),
  };
}

/**
 * The chosen formats, for the metrics and for their 同比/环比 columns (the earlier value and the
 * change are in the metric's unit, so they are written the same way).
 */
function numberFormatsOf(state: BuilderState): Record<string, NumberFormatName> {
  const compare = metricQueryOf(state)?.compare ?? [];
  return Object.fromEntries(
    state.y.flatMap((m) => {
      const format = state.numberFormat[m];
      return format ? [[m, format], ...compare.flatMap((c) => [[`${m}__${c}`, format], [`${m}__${c}_change`, format]])] : [];
    }),
  );
}

/** How to draw the answer, for `chartSpec` and the table builders. */
export function chartConfigOf(state: BuilderState, type: ChartType, language: Language): ChartConfig {
  // A combo draws `y` as bars and `secondaryY` as lines: each metric in one of them.
  const secondaryY = type === 'combo' ? secondaryOf(state) : [];
  const numberFormat = numberFormatsOf(state);
  return {
    type,
    y: state.y.filter((m) => !secondaryY.includes(m)),
    ...(secondaryY.length > 0 ? { secondaryY } : {}),
    ...(Object.keys(numberFormat).length > 0 ? { numberFormat } : {}),
    ...(state.thresholds.length > 0 ? { thresholds: state.thresholds.map((t) => ({ ...t })) } : {}),
    ...(state.conditionalColor ? { conditionalColors: [{ ...state.conditionalColor }] } : {}),
    ...(state.x ? { x: state.x } : {}),
    ...(state.series ? { series: state.series } : {}),
    ...(state.sort ? { sort: state.sort } : {}),
    ...(state.topN ? { topN: state.topN } : {}),
    ...(usesTime(state) ? { grain: state.grain } : {}),
    language,
  };
}

/** What POST/PUT /api/charts keeps: the query, and the chart config with the builder's filters (no language: the reader's). */
export function savedConfigOf(state: BuilderState, type: ChartType): SavedChart['config'] {
  const { language: _language, ...chart } = chartConfigOf(state, type, 'zh-CN');
  return {
    query: metricQueryOf(state) ?? { metrics: [] },
    chart: {
      ...chart,
      filters: state.filters,
      ...(state.chosenType ? { chosen: true } : {}),
      // Kept with the chart too: the query drops a comparison it cannot ask yet (no date range).
      ...(state.compare ? { compare: state.compare } : {}),
      ...(state.secondaryY.length > 0 ? { secondaryChoice: [...state.secondaryY] } : {}),
    },
  };
}

function isChartType(value: unknown): value is ChartType {
  return typeof value === 'string' && (chartTypes as readonly string[]).includes(value);
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function savedTimeRange(query: MetricQuery): TimeRangeChoice {
  const range = query.timeRange;
  if (!range) return { kind: 'all' };
  return 'relative' in range ? { kind: 'relative', relative: range.relative } : { kind: 'absolute', from: range.from, to: range.to };
}

/**
 * The builder as a saved chart left it. Reads defensively: a chart saved by an older builder (or
 * through the API) may lack options; whatever is missing takes the new chart's default.
 */
export function builderStateOf(config: SavedChart['config']): BuilderState {
  const chart = config.chart;
  const query = config.query;
  const dimensions = query.dimensions ?? [];
  const x = typeof chart['x'] === 'string' ? chart['x'] : (dimensions[0] ?? null);
  const series = typeof chart['series'] === 'string' ? chart['series'] : (dimensions[1] ?? null);
  // A combo keeps its lines apart from `y`; the builder's Y shelf holds both, in the query's order.
  // A chart written by hand (dashboards/*.yaml) may leave `y` out: it draws every metric asked.
  const listed = [...strings(chart['y']), ...strings(chart['secondaryY']).filter((m) => !strings(chart['y']).includes(m))];
  const drawn = listed.length > 0 ? listed : query.metrics;
  const ordered = query.metrics.filter((m) => drawn.includes(m));
  const y = ordered.length === drawn.length ? ordered : drawn;
  const filters = Array.isArray(chart['filters'])
    ? (chart['filters'] as unknown[]).flatMap((f) => {
        const filter = f as Partial<DimensionFilter> | null;
        return filter && typeof filter.dimension === 'string' && Array.isArray(filter.values) ? [{ dimension: filter.dimension, values: filter.values }] : [];
      })
    : [];
  const sort = chart['sort'] as BuilderState['sort'] | undefined;
  const topN = typeof chart['topN'] === 'number' ? chart['topN'] : null;
  const shelfY = y.length > 0 ? y : [...query.metrics];
  return {
    ...emptyBuilder,
    x,
    y: shelfY,
    series,
    filters,
    chosenType: chart['chosen'] === true && isChartType(chart.type) ? chart.type : null,
    grain: query.grain ?? emptyBuilder.grain,
    timeRange: savedTimeRange(query),
    sort: sort && typeof sort.by === 'string' ? { by: sort.by, desc: sort.desc === true } : null,
    topN,
    numberFormat: savedNumberFormats(chart['numberFormat'], shelfY),
    thresholds: savedThresholds(chart['thresholds']),
    conditionalColor: savedConditionalColor(chart['conditionalColors']),
    secondaryY: strings(chart['secondaryChoice']).filter((m) => shelfY.includes(m)),
    compare: savedCompare(query.compare?.[0] ?? chart['compare']),
  };
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function savedNumberFormats(value: unknown, y: string[]): Record<string, NumberFormatName> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, NumberFormatName] => y.includes(e[0]) && typeof e[1] === 'string'));
}

function savedThresholds(value: unknown): Threshold[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((t: Partial<Threshold> | null) =>
    t && finite(t.value) ? [{ value: t.value, ...(typeof t.label === 'string' ? { label: t.label } : {}), ...(typeof t.color === 'string' ? { color: t.color } : {}) }] : [],
  );
}

function savedConditionalColor(value: unknown): ConditionalColor | null {
  const rule = Array.isArray(value) ? (value[0] as Partial<ConditionalColor> | null) : null;
  if (!rule || typeof rule.color !== 'string' || (!finite(rule.above) && !finite(rule.below))) return null;
  return { ...(finite(rule.above) ? { above: rule.above } : {}), ...(finite(rule.below) ? { below: rule.below } : {}), color: rule.color };
}

function savedCompare(value: unknown): CompareChoice | null {
  return value === 'yoy' || value === 'mom' ? value : null;
}
