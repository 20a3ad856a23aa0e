// The metric center's one entry point: a MetricQuery and a resolved model in, SQL text with bound
// parameters and the result's column descriptions out. Running it is the caller's business.
import type { SemanticModel } from './model/semantic-model.ts';
import type { AccessScope } from './plan/access-scope.ts';
import type { RollupCatalog } from './plan/rollups.ts';
import { planQuery, type MetricQuery, type QueryPlan, type ResultColumn } from './plan/planner.ts';
import { dialects } from './sql/dialects.ts';
import { renderSelect, type RenderedSql } from './sql/render.ts';

export interface CompiledQuery {
  plan: QueryPlan;
  sql: RenderedSql;
  columns: ResultColumn[];
  dialect: string;
}

/**
 * With a `scope`, every dataset scan keeps only the rows it allows (see `AccessScope`); with
 * `rollups`, groups a built rollup covers read it instead of the rows (see `plan/rollups.ts`).
 */
export function compileQuery(model: SemanticModel, query: MetricQuery, dialect: 'duckdb' | 'postgres' = 'duckdb', scope?: AccessScope, rollups?: RollupCatalog): CompiledQuery {
  const { plan, select, columns } = planQuery(model, query, scope, rollups);
  return { plan, sql: renderSelect(select, dialects[dialect]!), columns, dialect };
}

export { QueryError, type Comparison, type MetricQuery, type QueryPlan, type ResultColumn } from './plan/planner.ts';
export type { AccessScope, RowFilter } from './plan/access-scope.ts';
export { rollupBuildSelect, rollupTable, type BuiltRollup, type RollupCatalog } from './plan/rollups.ts';
export { compileDetail, type CompiledDetail, type DetailColumn, type DetailQuery } from './plan/detail.ts';
export { dimensionColumns, metricLineage, type ColumnRead, type MetricLineage } from './plan/lineage.ts';
export { compileDimensionValues, type DimensionValuesQuery } from './plan/dimension-values.ts';
