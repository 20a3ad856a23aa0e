// Runs a compiled metric query on the warehouse and shapes the result: metric values as numbers,
// days as YYYY-MM-DD, with the data version the numbers come from.
import type { Warehouse } from '../connectors/warehouse.ts';
import { compileQuery, QueryError, type MetricQuery, type QueryPlan, type ResultColumn } from '../metrics/compile.ts';
import { resolveStoredMetric, type SemanticModel } from '../metrics/model/semantic-model.ts';
import { recordMetricVersions, type MetricVersionStore } from '../metrics/versions/metric-versions.ts';

export interface QueryResult {
  columns: ResultColumn[];
  rows: Record<string, string | number | boolean | null>[];
  /** The version of each requested metric's definition the numbers come from. */
  metricVersions: Record<string, number>;
  dataVersion: number | null;
  sql?: { text: string; params: unknown[] };
  plan?: QueryPlan;
}

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 19 : 10).replace('T', ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value;
  return String(value);
}

export interface VersionContext {
  store: MetricVersionStore;
  /** Who changed a definition, when a change is first seen. */
  author: string;
}

/**
 * Records new versions of changed definitions, then resolves `name@N` to version N of `name`:
 * the pinned definition joins the model under that name, so results keep it as their column.
 */
async function withVersions(model: SemanticModel, metrics: string[], versions: VersionContext | undefined) {
  if (!versions) return { model, used: Object.fromEntries(metrics.map((m) => [m, 1])) };
  const current = await recordMetricVersions(versions.store, [...model.metrics.values()].map((m) => ({ spec: m.spec, file: m.file })), versions.author);
  const pinned = new Map(model.metrics);
  const used: Record<string, number> = {};
  for (const requested of metrics) {
    const [name, pin] = requested.split('@') as [string, string | undefined];
    if (pin === undefined) {
      used[requested] = current.get(name) ?? 1;
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

export async function runMetricQuery(
  warehouse: Warehouse, baseModel: SemanticModel, query: MetricQuery, options: { includeSql?: boolean; versions?: VersionContext } = {},
): Promise<QueryResult> {
  const { model, used } = await withVersions(baseModel, query.metrics, options.versions);
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
      metricVersions: used,
      dataVersion: dataVersion === null || dataVersion === undefined ? null : Number(dataVersion),
      ...(options.includeSql ? { sql: { text: compiled.sql.text, params: compiled.sql.params }, plan: compiled.plan } : {}),
    };
  } finally {
    connection.closeSync();
  }
}
