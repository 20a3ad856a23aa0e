// The metric center's one entry point: a MetricQuery and a resolved model in, SQL text with bound
// parameters and the result's column descriptions out. Running it is the caller's business.
import type { SemanticModel } from './model/semantic-model.ts';
import { planQuery, type MetricQuery, type QueryPlan, type ResultColumn } from './plan/planner.ts';
import { dialects } from './sql/dialects.ts';
import { renderSelect, type RenderedSql } from './sql/render.ts';

export interface CompiledQuery {
  plan: QueryPlan;
  sql: RenderedSql;
  columns: ResultColumn[];
  dialect: string;
}

export function compileQuery(model: SemanticModel, query: MetricQuery, dialect: 'duckdb' | 'postgres' = 'duckdb'): CompiledQuery {
  const { plan, select, columns } = planQuery(model, query);
  return { plan, sql: renderSelect(select, dialects[dialect]!), columns, dialect };
}

export { QueryError, type Comparison, type MetricQuery, type QueryPlan, type ResultColumn } from './plan/planner.ts';
