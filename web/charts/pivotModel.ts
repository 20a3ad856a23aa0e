// The pivot chart type (交叉表): `x` down the side, `series` across the top, each metric of `y`
// in every cell group, as a plain model for a React <table> with a two-level header.
import { cellText, type CellText } from './cellText.ts';
import type { ChartCell, ChartConfig, ChartResult } from './chartConfig.ts';
import { columnOf, isTemporal, requireColumns } from './chartFields.ts';
import { columnLabel, columnTitle } from './columnTitle.ts';
import { rankedRows, sortedRows } from './rankedRows.ts';

export type PivotHeader = { name: string; label: string };

export type PivotModel = {
  /** The dimension down the side (`x`). */
  rowHeader: PivotHeader;
  /** The dimension across the top (`series`). */
  columnHeader: PivotHeader;
  /** Its values, left to right: the upper header row, each spanning `metrics.length` cells. */
  columnGroups: CellText[];
  /** Labels with units of the lower header row, repeated under each group. */
  metrics: PivotHeader[];
  /** `cells` run group by group, metric by metric: index = group × metrics.length + metric. */
  rows: { key: string; header: CellText; cells: CellText[] }[];
};

/**
 * Rows follow `sort` (else the query's order) and keep `topN` of `x`; periods across the top run
 * oldest first, other values in the query's order. A pair without a row is an empty cell (—), not
 * zero. There are no totals: a rate or an average of a row is not the sum of its cells, and only
 * the query (without the series dimension) can compute it correctly.
 */
export function pivotModel(result: ChartResult, config: ChartConfig): PivotModel {
  requireColumns(config, { x: true, series: true, metrics: [1, 8] });
  const x = columnOf(result, config.x!, config.language);
  const across = columnOf(result, config.series!, config.language);
  const metrics = config.y.map((name) => columnOf(result, name, config.language));
  const rows = sortedRows(rankedRows(result, config), config.sort, config.language);

  const groupValues = distinct(rows.map((r) => r[across.name] ?? null));
  if (isTemporal(across)) groupValues.sort((a, b) => String(a).localeCompare(String(b)));
  const rowValues = distinct(rows.map((r) => r[x.name] ?? null));
  const keyOf = (rowValue: ChartCell, groupValue: ChartCell) => JSON.stringify([rowValue, groupValue]);
  const byPair = new Map(rows.map((r) => [keyOf(r[x.name] ?? null, r[across.name] ?? null), r]));

  return {
    rowHeader: { name: x.name, label: columnLabel(x, config.language) },
    columnHeader: { name: across.name, label: columnLabel(across, config.language) },
    columnGroups: groupValues.map((v) => cellText(v, across, config)),
    metrics: metrics.map((m) => ({ name: m.name, label: columnTitle(m, config.language) })),
    rows: rowValues.map((rowValue) => ({
      key: JSON.stringify(rowValue),
      header: cellText(rowValue, x, config),
      cells: groupValues.flatMap((groupValue) => metrics.map((m) => cellText(byPair.get(keyOf(rowValue, groupValue))?.[m.name], m, config))),
    })),
  };
}

function distinct(values: ChartCell[]): ChartCell[] {
  return [...new Set(values)];
}
