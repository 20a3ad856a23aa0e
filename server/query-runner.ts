// Runs a compiled metric query on the warehouse and shapes the result: metric values as numbers,
// days as YYYY-MM-DD, with the data version the numbers come from.
import type { Warehouse } from '../connectors/warehouse.ts';
import { compileQuery, type MetricQuery, type ResultColumn } from '../metrics/compile.ts';
import type { SemanticModel } from '../metrics/model/semantic-model.ts';

export interface QueryResult {
  columns: ResultColumn[];
  rows: Record<string, string | number | boolean | null>[];
  /** Metric definitions used; every definition is version 1 until the metric store keeps history. */
  metricVersions: Record<string, number>;
  dataVersion: number | null;
  sql?: { text: string; params: unknown[] };
}

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 19 : 10).replace('T', ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export async function runMetricQuery(warehouse: Warehouse, model: SemanticModel, query: MetricQuery, options: { includeSql?: boolean } = {}): Promise<QueryResult> {
  const compiled = compileQuery(model, query, 'duckdb');
  const connection = await warehouse.instance.connect();
  try {
    const reader = await connection.runAndReadAll(compiled.sql.text, compiled.sql.params as never);
    const rows = reader.getRowObjectsJS().map((row) => Object.fromEntries(compiled.columns.map((c) => [c.name, plain(row[c.name])])));
    const versions = await connection.runAndReadAll('SELECT max(data_version) FROM hbi.datasets');
    const dataVersion = versions.getRows()[0]?.[0];
    return {
      columns: compiled.columns,
      rows,
      metricVersions: Object.fromEntries(query.metrics.map((m) => [m, 1])),
      dataVersion: dataVersion === null || dataVersion === undefined ? null : Number(dataVersion),
      ...(options.includeSql ? { sql: { text: compiled.sql.text, params: compiled.sql.params } } : {}),
    };
  } finally {
    connection.closeSync();
  }
}
