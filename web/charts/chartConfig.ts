// How a chart is drawn (the `config.chart` the server saves next to the chart's MetricQuery) and
// the part of a query result a chart reads. Both stay plain JSON: a saved chart must open the same
// way next year, so nothing here holds functions, classes or Vega objects.
import type { LocalizedText, QueryCell, QueryColumn } from '../api/types.ts';
import type { Language } from '../i18n/language.ts';

/** The same names, in the same order, as the server's `chartTypes` (server/charts/chart-routes.ts). */
export const chartTypes = ['bar', 'bar_stacked', 'bar_horizontal', 'line', 'area', 'combo', 'pie', 'donut', 'kpi', 'table', 'pivot', 'scatter', 'heatmap'] as const;
export type ChartType = (typeof chartTypes)[number];

/** Types drawn by Vega-Lite; the others are HTML (`kpiCard`, `tableModel`, `pivotModel`). */
export type VegaChartType = Exclude<ChartType, 'kpi' | 'table' | 'pivot'>;

export type TimeGrain = 'day' | 'week' | 'month' | 'quarter' | 'year';

/**
 * How numbers are written: the metric definitions' vocabulary (`integer`, `percent`, `0.0`, `0.00`)
 * plus `decimalN` (N digits after the point). Percent values are fractions: 0.912 → 91.2%.
 */
export type NumberFormatName = 'integer' | 'percent' | `decimal${number}` | `0.${string}`;

/** A reference line on the value axis (目标值, 警戒线). */
export type Threshold = { value: number; label?: string; color?: string };

/**
 * Marks whose value lies above `above` and below `below` (either may be left out) take `color`.
 * The first rule that matches wins, so list the most urgent first.
 */
export type ConditionalColor = { above?: number; below?: number; color: string };

export type ChartConfig = {
  type: ChartType;
  /** The dimension along the category or time axis (pie: the slices; heatmap: the columns). */
  x?: string;
  /** Metrics on the value axis (scatter: x then y; heatmap: the colour). */
  y: string[];
  /** A second dimension, one colour per value (heatmap: the rows; pivot: the columns). */
  series?: string;
  /** Combo only: metrics drawn as lines on a right-hand axis of their own. */
  secondaryY?: string[];
  /** `by` is a metric or the `x` dimension; without it the query's row order is kept. */
  sort?: { by: string; desc: boolean };
  /** Keep the N largest `x` values by the first metric, or the N first by `sort` when it sorts by a metric; see `rankedRows`. */
  topN?: number;
  /** Per metric name, a format to use instead of the metric definition's. */
  numberFormat?: Record<string, NumberFormatName>;
  thresholds?: Threshold[];
  conditionalColors?: ConditionalColor[];
  /** The time axis's period; the builder copies it from the query's grain. Without it, days. */
  grain?: TimeGrain;
  /** The reader's language, set when the chart is drawn; labels and formats follow it. */
  language: Language;
  /**
   * The start (YYYY-MM-DD) of the time axis's period still under way on the reader's day, set when
   * the chart is drawn (never saved): that period is drawn apart, dashed or hollow (`partialPeriod.ts`).
   */
  partialPeriod?: string;
};

/** A value of `POST /api/query`'s result; days are YYYY-MM-DD, masked identifiers strings (张*). */
export type ChartCell = QueryCell;

/** One column of `POST /api/query`'s result, as the server describes it. */
export type ChartColumn = QueryColumn;

/** The part of a query result a chart needs; a whole `POST /api/query` reply fits it. */
export type ChartResult = { columns: ChartColumn[]; rows: Record<string, ChartCell>[] };

export function isVegaChart<C extends ChartConfig>(config: C): config is C & { type: VegaChartType } {
  return config.type !== 'kpi' && config.type !== 'table' && config.type !== 'pivot';
}

/** A config that cannot be drawn from this result, said in the reader's language. */
export class ChartConfigError extends Error {
  constructor(language: Language, text: LocalizedText) {
    super(language === 'en' ? text.en : text.zh);
    this.name = 'ChartConfigError';
  }
}
