// `hbi query` and `hbi validate`: the metric center from the command line.
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { compileQuery, type MetricQuery, type ResultColumn } from '../metrics/compile.ts';
import { readProjectDashboards } from './dashboards/project-dashboards.ts';
import type { TimeGrain } from '../metrics/sql/sql-ast.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { runMetricQuery, type QueryResult } from './query-runner.ts';
import { FileMetricVersionStore } from '../metrics/versions/metric-versions.ts';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export type QueryFormat = 'table' | 'json' | 'csv';

export async function runValidate(projectDir: string, out: NodeJS.WritableStream): Promise<void> {
  const model = await readSemanticModel(projectDir);
  const measures = [...model.datasets.values()].reduce((n, d) => n + d.measures.size, 0);
  out.write(`ok: ${model.datasets.size} model datasets, ${model.dimensions.size} dimensions, ${measures} measures, ${model.metrics.size} metrics\n`);
  // Tile queries compiled against the metrics as defined now, with no row policy. A tile pinning a
  // metric version (discharges@2) is left to the server, which keeps the versions.
  const dashboards = await readProjectDashboards(projectDir, model, async (query) => {
    if (!query.metrics.some((m) => m.includes('@'))) compileQuery(model, query);
  });
  if (dashboards.length > 0) out.write(`ok: ${dashboards.length} dashboards (${dashboards.map((d) => d.slug).join(', ')})\n`);
}

export async function runQuery(
  projectDir: string, query: MetricQuery, options: { format: QueryFormat; sql: boolean }, out: NodeJS.WritableStream,
): Promise<void> {
  const model = await readSemanticModel(projectDir);
  const warehouse = await openWarehouse(projectDir);
  try {
    const result = await runMetricQuery(warehouse, model, query, {
      includeSql: options.sql,
      versions: { store: new FileMetricVersionStore(join(projectDir, 'data', 'metric-versions.json')), author: process.env.HBI_AUTHOR ?? userInfo().username },
    });
    out.write(render(result, options.format));
    if (options.sql && options.format !== 'json') {
      out.write(`\n-- plan\n${JSON.stringify(result.plan)}\n-- SQL (DuckDB)\n${result.sql!.text}\n-- parameters: ${JSON.stringify(result.sql!.params)}\n`);
    }
  } finally {
    warehouse.close();
  }
}

export const grains: TimeGrain[] = ['day', 'week', 'month', 'quarter', 'year'];

function render(result: QueryResult, format: QueryFormat): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const names = result.columns.map((c) => c.name);
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'number' && !Number.isInteger(v) ? String(Number(v.toFixed(6))) : String(v));
  if (format === 'csv') {
    const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    return [names.map(field).join(','), ...result.rows.map((r) => names.map((n) => field(text(r[n]))).join(','))].join('\n') + '\n';
  }
  const header = result.columns.map((c) => `${c.label.zh}${c.unit ? `(${c.unit})` : ''}`);
  const shown = (v: unknown, column: ResultColumn) => (column.format === 'percent' && typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : text(v));
  const cells = result.rows.map((r) => result.columns.map((c) => shown(r[c.name], c)));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...cells.map((row) => width(row[i]!))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(s));
    return result.columns[i]!.role === 'metric' ? fill + s : s + fill;
  };
  const lines = [header.map(pad).join('  '), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map((row) => row.map(pad).join('  '))];
  return `${lines.join('\n')}\n(${result.rows.length} rows; data version ${result.dataVersion ?? 'none'})\n`;
}
