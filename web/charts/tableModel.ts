// The table chart type: the query result as header and rows of formatted cells, for a React
// <table>. Vega-Lite draws no tables; a plain model keeps the table testable without a browser.
import { cellText, type CellText } from './cellText.ts';
import type { ChartConfig, ChartResult } from './chartConfig.ts';
import { columnTitle } from './columnTitle.ts';
import { rankedRows, sortedRows } from './rankedRows.ts';

export type TableHeader = {
  name: string;
  /** Label and unit in the reader's language: 出院人数（人）. */
  label: string;
  role: 'dimension' | 'metric';
  /** Numbers line up at the end of the cell, text at its start. */
  align: 'start' | 'end';
};

export type TableRow = {
  /** The row's dimension values: unique within a result, stable across re-sorting. */
  key: string;
  cells: CellText[];
};

export type TableModel = { columns: TableHeader[]; rows: TableRow[] };

/**
 * Every column of the result, in the result's order (dimensions first, then metrics and their
 * comparisons): the query asked for exactly these. Rows keep `topN` (see `rankedRows`) and
 * follow `sort`, else the query's order.
 */
export function tableModel(result: ChartResult, config: ChartConfig): TableModel {
  const columns = result.columns.map((c): TableHeader => ({
    name: c.name,
    label: columnTitle(c, config.language),
    role: c.role,
    align: c.role === 'metric' ? 'end' : 'start',
  }));
  const dimensions = result.columns.filter((c) => c.role === 'dimension').map((c) => c.name);
  const rows = sortedRows(rankedRows(result, config), config.sort, config.language).map((row, index): TableRow => ({
    key: dimensions.length > 0 ? JSON.stringify(dimensions.map((d) => row[d] ?? null)) : String(index),
    cells: result.columns.map((c) => cellText(row[c.name], c, config)),
  }));
  return { columns, rows };
}
