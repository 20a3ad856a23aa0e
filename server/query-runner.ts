// Runs compiled metric queries on the warehouse and shapes the result: metric values as numbers,
// days as YYYY-MM-DD, with the metric versions and the data version the numbers come from.
import { basename } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../connectors/warehouse.ts';
import { compileQuery, QueryError, type AccessScope, type CompiledQuery, type MetricQuery, type QueryPlan, type ResultColumn } from '../metrics/compile.ts';
import { resolveStoredMetric, type SemanticModel } from '../metrics/model/semantic-model.ts';
import { recordMetricVersions, type MetricVersionStore } from '../metrics/versions/metric-versions.ts';

export type Cell = string | number | boolean | null;

export interface QueryResult {
  columns: ResultColumn[];
  rows: Record<string, Cell>[];
  /** The version of each requested metric's definition the numbers come from. */
  metricVersions: Record<string, number>;
  dataVersion: number | null;
  sql?: { text: string; params: unknown[] };
  plan?: QueryPlan;
}

export function plainValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() || value.getUTCSeconds() ? 19 : 10).replace('T', ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export interface MetricVersions {
  store: MetricVersionStore;
  /** The current version of each metric of the model, recorded beforehand (`recordMetricVersions`). */
  current: Map<string, number>;
}

/** Resolves `name@N` to version N of `name`: the pinned definition joins the model under that name, so results keep it as their column. */
export async function resolveVersions(model: SemanticModel, metrics: string[], versions: MetricVersions): Promise<{ model: SemanticModel; used: Record<string, number> }> {
  const pinned = new Map(model.metrics);
  const used: Record<string, number> = {};
  for (const requested of metrics) {
    const [name, pin] = requested.split('@') as [string, string | undefined];
    if (pin === undefined) {
      used[requested] = versions.current.get(name) ?? 1;
      continue;
    }
    const history = await versions.store.history(name);
    const version = history.find((v) => String(v.version) === pin);
    if (!version) {
      throw new QueryError(history.length ? `${name} has versions 1–${history.length}; there is no version ${pin}` : `no metric "${name}" has ever been defined`);
    }
    pinned.set(requested, resolveStoredMetric(model, version.spec, `${name}@${pin}`));
    used[requested] = version.version;
  }
  return { model: { ...model, metrics: pinned }, used };
}

/** The compiled query's rows, every value plain (numbers, text, days as YYYY-MM-DD). */
export async function readRows(connection: DuckDBConnection, sql: { text: string; params: unknown[] }, columns: { name: string }[]): Promise<Record<string, Cell>[]> {
  const reader = await connection.runAndReadAll(sql.text, sql.params as never);
  return reader.getRowObjectsJS().map((row) => Object.fromEntries(columns.map((c) => [c.name, plainValue(row[c.name])])));
}

export async function currentDataVersion(connection: DuckDBConnection): Promise<number | null> {
  const version = (await connection.runAndReadAll('SELECT max(data_version) FROM hbi.datasets')).getRows()[0]?.[0];
  return version === null || version === undefined ? null : Number(version);
}

export function resultOf(compiled: CompiledQuery, rows: Record<string, Cell>[], used: Record<string, number>, dataVersion: number | null, includeSql: boolean): QueryResult {
  return {
    columns: compiled.columns, rows, metricVersions: used, dataVersion,
    ...(includeSql ? { sql: { text: compiled.sql.text, params: compiled.sql.params }, plan: compiled.plan } : {}),
  };
}

/** The model's metric definitions as versions record them: each with its file named within the project (`metrics/alos.yaml`), not by a path of this machine. */
export const metricDefinitions = (model: SemanticModel) => [...model.metrics.values()].map((m) => ({ spec: m.spec, file: `metrics/${basename(m.file)}` }));

/** One query from start to end, as the CLI runs it: new definitions are recorded as versions by `author`. */
export async function runMetricQuery(
  warehouse: Warehouse, baseModel: SemanticModel, query: MetricQuery,
  options: { includeSql?: boolean; versions?: { store: MetricVersionStore; author: string }; scope?: AccessScope } = {},
): Promise<QueryResult> {
  const { model, used } = options.versions
    ? await resolveVersions(baseModel, query.metrics, {
      store: options.versions.store,
      current: await recordMetricVersions(options.versions.store, metricDefinitions(baseModel), options.versions.author),
    })
    : { model: baseModel, used: Object.fromEntries(query.metrics.map((m) => [m, 1])) };
  const compiled = compileQuery(model, query, 'duckdb', options.scope);
  const connection = await warehouse.instance.connect();
  try {
    const rows = await readRows(connection, compiled.sql, compiled.columns);
    return resultOf(compiled, rows, used, await currentDataVersion(connection), options.includeSql ?? false);
  } finally {
    connection.closeSync();
  }
}
