// 智能图表: the chart type HBI proposes for the fields on the builder's shelves, before the user
// picks one. A suggestion only; every type stays available.
import type { ChartType, TimeGrain } from './chartConfig.ts';

/** A dimension on a shelf; `distinctValues` when the builder knows it (from a result or the model). */
export type SuggestedDimension = { name: string; type: string; distinctValues?: number };

/** A metric on a shelf: a catalogue metric fits as it is. Units tell metrics that cannot share an axis. */
export type SuggestedMetric = { name: string; unit?: string; format?: string };

export type ChartFields = { dimensions: SuggestedDimension[]; metrics: SuggestedMetric[]; grain?: TimeGrain };

/** More categories than this read better as horizontal bars, whose labels do not collide. */
const manyCategories = 12;
/** A pie is read by comparing slices; beyond this many it is not. */
const fewSlices = 6;
/** A second dimension with at most this many values groups bars; more make a heatmap. */
const fewSeries = 5;
/** Lines beyond this many tangle; a heatmap shows category × period instead. */
const mostLines = 8;
/** Metrics beyond this many are a table's job. */
const mostMetrics = 4;

/**
 * The rules, first match wins:
 *  1. no metric, or more than 4 metrics                     → table
 *  2. no dimension: one metric                              → kpi; several → table
 *  3. time only: metrics of two units                       → combo
 *                yearly grain                               → bar (a few years compare as bars)
 *                otherwise                                  → line
 *  4. time and one other dimension, one metric              → line (a line per value),
 *                                  more than 8 values       → heatmap
 *  5. one dimension, one metric: a share (`__share`, parts of a whole) with ≤ 6 values → pie,
 *                                more than 12 values        → bar_horizontal, otherwise → bar
 *  6. one dimension, two metrics of two units: > 12 values  → scatter, otherwise → combo
 *                    more metrics of several units          → table
 *                    metrics of one unit                    → bar (grouped by metric)
 *  7. two dimensions, one metric: one of them has ≤ 5 values → bar (grouped by it), otherwise → heatmap
 *     two dimensions, several metrics                       → pivot
 *  8. anything else                                         → table
 * Value counts that are unknown never count as few or many. Only a percent-of-total column is
 * a share: a rate such as 日间手术占比 per department does not add up to a whole.
 */
export function suggestChart(fields: ChartFields): ChartType {
  const { dimensions, metrics } = fields;
  if (metrics.length === 0 || metrics.length > mostMetrics) return 'table';
  if (dimensions.length === 0) return metrics.length === 1 ? 'kpi' : 'table';

  const times = dimensions.filter(isTime);
  const others = dimensions.filter((d) => !isTime(d));
  const twoUnits = new Set(metrics.map(unitOf)).size > 1;
  const values = (d: SuggestedDimension | undefined) => d?.distinctValues;

  if (times.length === 1 && others.length === 0) {
    if (twoUnits) return 'combo';
    return fields.grain === 'year' ? 'bar' : 'line';
  }
  if (times.length === 1 && others.length === 1 && metrics.length === 1) {
    return (values(others[0]) ?? 0) > mostLines ? 'heatmap' : 'line';
  }
  if (times.length === 0 && others.length === 1) {
    const count = values(others[0]);
    if (metrics.length === 1) {
      if (isShare(metrics[0]!) && count !== undefined && count <= fewSlices) return 'pie';
      return (count ?? 0) > manyCategories ? 'bar_horizontal' : 'bar';
    }
    if (!twoUnits) return 'bar';
    if (metrics.length > 2) return 'table';
    return (count ?? 0) > manyCategories ? 'scatter' : 'combo';
  }
  if (dimensions.length === 2) {
    if (metrics.length > 1) return 'pivot';
    return dimensions.some((d) => d.distinctValues !== undefined && d.distinctValues <= fewSeries) ? 'bar' : 'heatmap';
  }
  return 'table';
}

function isTime(dimension: SuggestedDimension): boolean {
  return dimension.name === 'time' || dimension.type === 'date' || dimension.type === 'timestamp';
}

function isShare(metric: SuggestedMetric): boolean {
  return metric.name.endsWith('__share');
}

/** Percentages share an axis with each other, not with counts. */
function unitOf(metric: SuggestedMetric): string {
  return metric.format === 'percent' ? '%' : (metric.unit ?? '');
}
