// Which rows a chart draws and in which order, for the parts done before drawing: top-N and the
// row order of HTML tables. Vega-Lite charts sort in their encodings; they get the rows as given.
import type { ChartCell, ChartConfig, ChartResult } from './chartConfig.ts';

type Row = Record<string, ChartCell>;

/**
 * The result's rows, keeping with `topN` only the rows of the N first `x` values (every row when
 * there is no x). Values are ranked by `sort.by` when it is a metric, in its direction, else by the
 * first metric, largest first. An x value with several rows (one per series) ranks by their total,
 * the height of its stacked bar. Done here rather than in Vega-Lite so that tables, pivots and
 * charts keep the same departments, and so that the data a chart holds is what it shows.
 * Dropped rows are not summed into an 其他 (other) row: ratios (rates, averages) do not add up.
 */
export function rankedRows(result: ChartResult, config: ChartConfig): Row[] {
  const { topN } = config;
  if (topN === undefined || topN <= 0) return result.rows;
  const byMetric = config.sort && result.columns.some((c) => c.name === config.sort?.by && c.role === 'metric');
  const measure = byMetric ? config.sort!.by : config.y[0];
  const desc = byMetric ? config.sort!.desc : true;
  if (measure === undefined) return result.rows;

  const keyOf = (row: Row, index: number): string => (config.x === undefined ? String(index) : String(row[config.x]));
  const totals = new Map<string, number>();
  result.rows.forEach((row, index) => {
    const value = row[measure];
    const key = keyOf(row, index);
    totals.set(key, (totals.get(key) ?? 0) + (typeof value === 'number' ? value : 0));
  });
  // Array.prototype.sort is stable: equal totals keep the query's order.
  const kept = new Set([...totals].sort(([, a], [, b]) => (desc ? b - a : a - b)).slice(0, topN).map(([key]) => key));
  return result.rows.filter((row, index) => kept.has(keyOf(row, index)));
}

/** Rows in `sort` order (numbers by value, text as the language sorts it, empty cells last); else as given. */
export function sortedRows(rows: Row[], sort: ChartConfig['sort'], language: string): Row[] {
  if (!sort) return rows;
  const collator = new Intl.Collator(language, { numeric: true });
  const compare = (a: ChartCell, b: ChartCell): number => {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    const order = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
    return sort.desc ? -order : order;
  };
  return [...rows].sort((a, b) => compare(a[sort.by] ?? null, b[sort.by] ?? null));
}
