// Rollups (pre-aggregations): a model dataset's additive measures (sum, count) summed per day of a
// time dimension and per value of some dimensions, declared under `rollups:` in model/*.yaml. The
// server builds them after each load; the planner reads one in place of the rows when it covers a
// group of a query: every measure additive, and every dimension the group splits or filters by (the
// query's dimensions, its `where`, the metric's filter, the reader's row policies) kept in it. Day
// is the finest grain, so any date range, grain and comparison shift reads it exactly as the rows.
import { spanDay, type ModelDataset, type ModelExpr, type ModelMeasure } from '../model/semantic-model.ts';
import type { RollupSpec } from '../model/model-spec.ts';
import type { SqlExpr, SqlSelect } from '../sql/sql-ast.ts';
import type { AccessScope } from './access-scope.ts';
import { datasetFrom, readsSequence, spanFrom, withLookups } from './dataset-rows.ts';
import { expressionSql } from './expression-sql.ts';

/** A rollup the server has built for the current data, and how many rows it holds. */
export interface BuiltRollup {
  dataset: string;
  rollup: string;
  rows: number;
}

/** Where built rollups live (a schema or attached database) and which are there. */
export interface RollupCatalog {
  schema: string;
  built: BuiltRollup[];
}

/** The table a rollup is kept in, within the catalog's schema. */
export const rollupTable = (dataset: string, rollup: string) => `${dataset}__${rollup}`;

/** Measures a rollup holds: those whose partial results add up (and are not taken on a last day). */
export const rollsUp = (measure: ModelMeasure) => (measure.agg === 'sum' || measure.agg === 'count') && measure.overTime === null;

const dayColumn = 'day';
const dimensionColumn = (name: string) => `dim_${name}`;
const valueColumn = (measure: string) => `sum_${measure}`;
/** How many rows passed a filtered measure's filter: where none did, the rows leave the group out. */
const rowsColumn = (measure: string) => `rows_${measure}`;

const and = (a: SqlExpr, b: SqlExpr): SqlExpr => ({ kind: 'binary', op: 'AND', left: a, right: b });

/** The SELECT that builds `rollup` of `dataset` from its rows: one row per day and dimension values. */
export function rollupBuildSelect(dataset: ModelDataset, rollup: RollupSpec): SqlSelect {
  const alias = 't';
  const column = (r: { name: string; relationship?: string }): SqlExpr => ({ kind: 'column', table: r.relationship ?? alias, name: r.name });
  const day: SqlExpr = { kind: 'column', table: 't', name: 'day' };
  const time = dataset.spans && rollup.timeDimension === spanDay ? day : expressionSql(dataset.timeDimensions.get(rollup.timeDimension)!.expr, column);
  const measures = [...dataset.measures.values()].filter(rollsUp);
  const sequences = readsSequence(dataset, measures.flatMap((m) => [m.expr, m.filter]));
  const rows = withLookups(dataset, dataset.spans ? spanFrom(dataset) : datasetFrom(dataset, alias, sequences), alias);
  const keys = [
    { expr: { kind: 'cast', type: 'DATE', expr: time } as SqlExpr, alias: dayColumn },
    ...rollup.dimensions.map((d) => ({ expr: expressionSql(dataset.dimensions.get(d)!.expr, column), alias: dimensionColumn(d) })),
  ];
  const filterOf = (m: ModelMeasure) => (m.filter ? { filter: expressionSql(m.filter, column) } : {});
  return {
    kind: 'select',
    columns: [
      ...keys,
      ...measures.flatMap((m) => [
        { expr: { kind: 'aggregate', fn: m.agg, arg: m.expr ? expressionSql(m.expr, column) : null, ...filterOf(m) } as SqlExpr, alias: valueColumn(m.name) },
        ...(m.filter ? [{ expr: { kind: 'aggregate', fn: 'count', arg: null, ...filterOf(m) } as SqlExpr, alias: rowsColumn(m.name) }] : []),
      ]),
    ],
    from: rows,
    groupBy: keys.map((_, i): SqlExpr => ({ kind: 'constant', value: i + 1 })),
  };
}

/** The dimension names `expr` reads (a `where`, a metric's filter: both over dimensions). */
function dimensionsRead(expr: ModelExpr | null): string[] {
  if (!expr) return [];
  const read: string[] = [];
  expressionSql(expr, (r) => {
    read.push(r.name);
    return { kind: 'constant', value: null };
  });
  return read;
}

export interface RollupGroup {
  dataset: ModelDataset;
  timeDimension: string | null;
  measures: { alias: string; measure: string; filter: ModelExpr | null }[];
}

export interface RollupRead {
  /** The rollup read, by name. */
  rollup: string;
  /** Reads a dimension of the group's dataset from the rollup's rows. */
  dimensionSql(name: string): SqlExpr;
  /** The day a row counts on. */
  day: SqlExpr;
  /** Each measure of the group, from the rollup's columns: its aggregate and the rows it counts. */
  measures: { alias: string; expr: SqlExpr; counts: SqlExpr | null }[];
  from: SqlSelect['from'];
}

/**
 * The smallest built rollup covering `group` for a query splitting by `rowDimensions`, filtering by
 * `where` and seen within `scope`, or null when none does (the group then reads the rows).
 */
export function coveringRollup(
  catalog: RollupCatalog | undefined, group: RollupGroup, rowDimensions: string[], where: ModelExpr | null, scope: AccessScope | undefined,
): RollupRead | null {
  if (!catalog || group.timeDimension === null) return null;
  const { dataset } = group;
  const measures = group.measures.map((u) => ({ ...u, model: dataset.measures.get(u.measure)! }));
  if (!measures.every((m) => rollsUp(m.model))) return null;
  const needed = new Set([
    ...rowDimensions, ...dimensionsRead(where), ...measures.flatMap((m) => dimensionsRead(m.filter)),
    ...(scope?.rowFilters ?? []).map((f) => f.dimension).filter((d) => dataset.dimensions.has(d)),
  ]);
  const candidates = catalog.built
    .filter((b) => b.dataset === dataset.name)
    .map((b) => ({ built: b, spec: dataset.rollups.find((r) => r.name === b.rollup) }))
    .filter((c): c is { built: BuiltRollup; spec: RollupSpec } => c.spec !== undefined && c.spec.timeDimension === group.timeDimension
      && [...needed].every((d) => c.spec!.dimensions.includes(d)))
    .sort((a, b) => a.built.rows - b.built.rows);
  const chosen = candidates[0];
  if (!chosen) return null;
  const alias = 'r';
  const read = (name: string): SqlExpr => ({ kind: 'column', table: alias, name });
  const dimensionSql = (name: string) => read(dimensionColumn(name));
  return {
    rollup: chosen.spec.name,
    dimensionSql,
    day: read(dayColumn),
    measures: measures.map((m) => {
      const metricFilter = m.filter ? expressionSql(m.filter, (r) => dimensionSql(r.name)) : null;
      const sum: SqlExpr = { kind: 'aggregate', fn: 'sum', arg: read(valueColumn(m.measure)), ...(metricFilter ? { filter: metricFilter } : {}) };
      // A count stays a whole number, as the rows' count is.
      const expr: SqlExpr = m.model.agg === 'count' ? { kind: 'cast', type: 'BIGINT', expr: sum } : sum;
      const passed: SqlExpr | null = m.model.filter ? { kind: 'binary', op: '>', left: read(rowsColumn(m.measure)), right: { kind: 'constant', value: 0 } } : null;
      const counts = passed && metricFilter ? and(passed, metricFilter) : passed ?? metricFilter;
      return { alias: m.alias, expr, counts };
    }),
    from: { kind: 'table', schema: catalog.schema, name: rollupTable(dataset.name, chosen.spec.name), alias },
  };
}

