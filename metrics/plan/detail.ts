// Drill-through: the rows of a dataset's table behind one number of a metric query, a page at a
// time, with the same row rules the aggregate used (measure and metric filters, time range, the
// query's `where`, the clicked cell, the access scope), so the rows are the ones the number counts.
import type { ColumnType, PiiTag } from '../../connectors/dataset-spec.ts';
import type { Label } from '../model/model-spec.ts';
import { spanDay, type MeasureRef, type ModelExpr, type ModelResolution, type SemanticModel } from '../model/semantic-model.ts';
import { dialects } from '../sql/dialects.ts';
import { renderSelect, type RenderedSql } from '../sql/render.ts';
import type { SqlExpr, SqlFrom, SqlSelect, TimeGrain } from '../sql/sql-ast.ts';
import { scopeConditions, type AccessScope } from './access-scope.ts';
import { datasetFrom, readsSequence, spanOccupies, withLookups } from './dataset-rows.ts';
import { parseWhere } from './dimension-filter.ts';
import { expressionSql } from './expression-sql.ts';
import { QueryError } from './query-error.ts';
import { addDays, periodOf, resolveRange, type DayRange, type RelativeRange } from './time-range.ts';

export interface DetailQuery {
  /** A simple, ratio or cumulative metric (`name@N` once the caller has put version N into the model). */
  metric: string;
  /** The query's filter over conformed dimensions. */
  where?: string;
  timeRange?: DayRange | { relative: RelativeRange };
  asOf?: string;
  /** The cell clicked: a value of each of the query's dimensions (null: the rows without one), and
   *  `time`, the first day of its period of `grain`. */
  cell?: Record<string, string | number | null>;
  grain?: TimeGrain;
  offset?: number;
  /** Rows per page (default 100). */
  limit?: number;
}

export interface DetailColumn {
  name: string;
  type: ColumnType;
  /** The label of the dimension or time dimension that is exactly this column. */
  label?: Label;
  pii?: PiiTag;
}

export interface CompiledDetail {
  /** One page, ordered by the table's key when it is shown (else by every column shown), so pages neither overlap nor skip. */
  sql: RenderedSql;
  /** How many rows all pages hold. */
  countSql: RenderedSql;
  columns: DetailColumn[];
  /** The model dataset whose measure the number aggregates. */
  dataset: string;
  /** The loaded dataset the rows are from (datasets/<table>.yaml, where PII tags are declared). */
  table: string;
}

/** The rows a metric's number counts: one measure of one dataset, with the filters and time dimension it is counted with. */
interface Drilled {
  ref: MeasureRef;
  metricFilter: ModelExpr | null;
  time: string | null;
  window: 'running' | { days: number } | null;
  metric: string;
}

/** What a metric's number counts; for a ratio, its denominator: the population the ratio is a share or rate of. */
function drilled(model: SemanticModel, name: string, seen: string[]): Drilled {
  if (seen.includes(name)) throw new QueryError(`metric ${name} is defined in terms of itself (${[...seen, name].join(' → ')})`);
  const metric = model.metrics.get(name);
  if (!metric) throw new QueryError(`no metric "${name}"; the metrics are ${[...model.metrics.keys()].join(', ')}`);
  const counted = (ref: MeasureRef): Drilled => ({
    ref, metricFilter: metric.filter, time: metric.timeDimension?.name ?? null, window: metric.spec.window ?? null, metric: name,
  });
  switch (metric.spec.type) {
    case 'simple':
    case 'cumulative':
      return counted(metric.measure!);
    case 'ratio':
      return metric.denominator!.kind === 'measure' ? counted(metric.denominator!) : drilled(model, metric.denominator!.metric, [...seen, name]);
    case 'derived':
      throw new QueryError(`${name} is a formula over other metrics, so no one set of rows is behind it; drill-through needs a simple, ratio or cumulative metric: drill into one of the metrics it is computed from`);
  }
}

/** The days whose rows the number counts: the range, the cell's period, and for a cumulative metric the days its window adds up. */
function timeWindow(query: DetailQuery, d: Drilled): Partial<DayRange> {
  const range = resolveRange(query.timeRange, query.asOf);
  const cellTime = query.cell?.time;
  let period: DayRange | null = null;
  if (cellTime !== undefined) {
    if (!query.grain) throw new QueryError('the cell names a time period: give its grain (day, week, month, quarter or year)');
    period = typeof cellTime === 'string' ? periodOf(cellTime, query.grain) : null;
    if (!period) throw new QueryError(`the cell's time ${JSON.stringify(cellTime)} is not the first day (YYYY-MM-DD) of a ${query.grain}`);
  }
  if ((range || period) && !d.time) throw new QueryError(`metric ${d.metric} has no time dimension, so its rows cannot be filtered by time; give it timeDimension:`);
  if (d.window !== null && d.window !== 'running') {
    if (!period || query.grain !== 'day') throw new QueryError(`metric ${d.metric} is a rolling ${d.window.days}-day total: name the cell's day (time, grain day)`);
    return { from: addDays(period.from, 1 - d.window.days), to: period.to };
  }
  // A running total at a period counts every row from the start of the range to the period's end.
  const bounds: Partial<DayRange>[] = [];
  if (range) bounds.push(range);
  if (period) bounds.push(d.window === 'running' ? { to: period.to } : period);
  const froms = bounds.flatMap((b) => (b.from ? [b.from] : [])).sort();
  const tos = bounds.flatMap((b) => (b.to ? [b.to] : [])).sort();
  return { ...(froms.length ? { from: froms.at(-1)! } : {}), ...(tos.length ? { to: tos[0]! } : {}) };
}

export function compileDetail(
  model: SemanticModel, query: DetailQuery, dialect: 'duckdb' | 'postgres' = 'duckdb', scope?: AccessScope, columns?: string[],
): CompiledDetail {
  const d = drilled(model, query.metric, []);
  const dataset = model.datasets.get(d.ref.dataset)!;
  const table = model.tables.get(dataset.table)!;
  const measure = dataset.measures.get(d.ref.measure)!;
  const alias = 't';
  const column = (r: ModelResolution): SqlExpr => ({ kind: 'column', table: r.relationship ?? alias, name: r.name });
  const dimensionsRead = new Set<string>();
  const dimensionSql = (name: string): SqlExpr => {
    const dimension = dataset.dimensions.get(name);
    if (!dimension) throw new QueryError(`${dataset.name} has no dimension "${name}", so the rows behind ${query.metric} cannot be filtered by it`);
    dimensionsRead.add(name);
    return expressionSql(dimension.expr, column);
  };
  for (const [name, value] of [['offset', query.offset], ['limit', query.limit]] as const) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new QueryError(`${name} is a count of rows: a whole number, 0 or more`);
  }

  // Which rows are in the cell: its time, the query's filter, the cell's values, the scope.
  const rowConditions: SqlExpr[] = [];
  const window = timeWindow(query, d);
  const timeExpr = d.time === null || (dataset.spans && d.time === spanDay) ? null : dataset.timeDimensions.get(d.time)!.expr;
  const rowTime = timeExpr && expressionSql(timeExpr, column);
  const day = (value: string): SqlExpr => ({ kind: 'cast', type: 'DATE', expr: { kind: 'param', value } });
  if (rowTime && window.from) rowConditions.push({ kind: 'binary', op: '>=', left: rowTime, right: day(window.from) });
  if (rowTime && window.to) rowConditions.push({ kind: 'binary', op: '<', left: rowTime, right: day(addDays(window.to, 1)) });
  // Span rows are listed once each, not once per day: those occupying a day of the window.
  if (dataset.spans) rowConditions.push(spanOccupies(dataset, column, d.time === spanDay ? window : {}));
  const where = query.where ? parseWhere(model, query.where) : null;
  if (where) rowConditions.push(expressionSql(where, (r) => dimensionSql(r.name)));
  for (const [name, value] of Object.entries(query.cell ?? {})) {
    if (name === 'time') continue;
    rowConditions.push(value === null
      ? { kind: 'isNull', expr: dimensionSql(name), negated: false }
      : { kind: 'binary', op: '=', left: dimensionSql(name), right: { kind: 'param', value } });
  }
  rowConditions.push(...scopeConditions(dataset, scope, dimensionSql));
  // Which of those the measure counts.
  const counted = [
    ...(measure.filter ? [expressionSql(measure.filter, column)] : []),
    ...(d.metricFilter ? [expressionSql(d.metricFilter, (r) => dimensionSql(r.name))] : []),
  ];

  const reads = [measure.filter, timeExpr, ...[...dimensionsRead].map((name) => dataset.dimensions.get(name)!.expr)];
  const from = withLookups(dataset, datasetFrom(dataset, alias, !dataset.spans && readsSequence(dataset, reads)), alias);
  const all = (terms: SqlExpr[]): SqlExpr | undefined => terms.reduce<SqlExpr | undefined>((a, c) => (a ? { kind: 'binary', op: 'AND', left: a, right: c } : c), undefined);
  let rows: { from: SqlFrom; where: SqlExpr | undefined } = { from, where: all([...rowConditions, ...counted]) };
  if (measure.overTime === 'last') {
    if (!rowTime) throw new QueryError(`${dataset.name}.${measure.name} is taken on the last day of each period, so ${d.metric} needs a time dimension`);
    // Only the cell's last day counts (the latest time among its rows), found before the measure's filters as the aggregate finds it.
    const lastDay: SqlExpr = { kind: 'window', fn: 'max', args: [rowTime], partitionBy: [], orderBy: [], frame: { kind: 'whole' } };
    const within: SqlSelect = { kind: 'select', columns: [{ expr: { kind: 'star', table: alias }, alias: '*' }, { expr: lastDay, alias: '_last_day' }], from, where: all(rowConditions) };
    rows = { from: { kind: 'derived', alias, query: within }, where: all([{ kind: 'binary', op: '=', left: rowTime, right: { kind: 'column', table: alias, name: '_last_day' } }, ...counted]) };
  }

  const shown = columns ?? table.columns.map((c) => c.name);
  if (shown.length === 0) throw new QueryError(`name at least one column of ${table.name} to show`);
  const detailColumns = shown.map((name): DetailColumn => {
    const c = table.columns.find((t) => t.name === name);
    if (!c) throw new QueryError(`${table.name} has no column "${name}"; its columns are ${table.columns.map((t) => t.name).join(', ')}`);
    const label = [...dataset.dimensions.values(), ...dataset.timeDimensions.values()]
      .find((x) => x.expr.kind === 'reference' && !x.expr.resolution.relationship && x.expr.resolution.name === name)?.label;
    return { name, type: c.type, ...(label ? { label } : {}), ...(c.pii ? { pii: c.pii } : {}) };
  });
  // Ordered by shown columns only: an order by a hidden column would tell its values apart.
  const order = table.key.length > 0 && table.key.every((k) => shown.includes(k)) ? table.key : shown;
  const page: SqlSelect = {
    kind: 'select',
    columns: shown.map((name) => ({ expr: { kind: 'column', table: alias, name } as SqlExpr, alias: name })),
    from: rows.from, ...(rows.where ? { where: rows.where } : {}),
    orderBy: order.map((name) => ({ expr: { kind: 'column', table: alias, name } })),
    limit: query.limit ?? 100, ...(query.offset ? { offset: query.offset } : {}),
  };
  const count: SqlSelect = {
    kind: 'select', columns: [{ expr: { kind: 'aggregate', fn: 'count', arg: null }, alias: 'count' }], from: rows.from, ...(rows.where ? { where: rows.where } : {}),
  };
  return {
    sql: renderSelect(page, dialects[dialect]!), countSql: renderSelect(count, dialects[dialect]!),
    columns: detailColumns, dataset: dataset.name, table: table.name,
  };
}
