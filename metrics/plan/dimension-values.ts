// The values of a conformed dimension a user may pick in a filter: distinct values from each
// dataset that has the dimension, within the user's access scope, optionally those containing a
// search text, the first `limit` in order. One query per dataset; the caller merges the lists.
import type { SemanticModel } from '../model/semantic-model.ts';
import { dialects } from '../sql/dialects.ts';
import { renderSelect, type RenderedSql } from '../sql/render.ts';
import type { SqlExpr } from '../sql/sql-ast.ts';
import { closedDatasets, scopeConditions, type AccessScope } from './access-scope.ts';
import { datasetFrom, withLookups } from './dataset-rows.ts';
import { expressionSql } from './expression-sql.ts';
import { QueryError } from './query-error.ts';

export interface DimensionValuesQuery {
  dimension: string;
  /** Values containing this text, ignoring case. */
  search?: string;
  /** How many values at most (default 50). */
  limit?: number;
}

export function compileDimensionValues(
  model: SemanticModel, query: DimensionValuesQuery, dialect: 'duckdb' | 'postgres' = 'duckdb', scope?: AccessScope,
): { dataset: string; sql: RenderedSql }[] {
  const conformed = model.dimensions.get(query.dimension);
  if (!conformed) throw new QueryError(`no dimension "${query.dimension}"; the dimensions are ${[...model.dimensions.keys()].join(', ')}`);
  const limit = query.limit ?? 50;
  const closed = new Set(closedDatasets(model, conformed.datasets, scope));
  return conformed.datasets.filter((name) => !closed.has(name)).map((name) => {
    const dataset = model.datasets.get(name)!;
    const alias = 't';
    const dimensionSql = (dimension: string): SqlExpr => expressionSql(dataset.dimensions.get(dimension)!.expr, (r) => ({ kind: 'column', table: r.relationship ?? alias, name: r.name }));
    const value = dimensionSql(query.dimension);
    const conditions: SqlExpr[] = [{ kind: 'isNull', expr: value, negated: true }, ...scopeConditions(dataset, scope, dimensionSql)];
    if (query.search) {
      const lower = (e: SqlExpr): SqlExpr => ({ kind: 'function', name: 'lower', args: [e] });
      conditions.push({
        kind: 'binary', op: '>',
        left: { kind: 'function', name: 'strpos', args: [lower({ kind: 'cast', type: 'VARCHAR', expr: value }), lower({ kind: 'param', value: query.search })] },
        right: { kind: 'constant', value: 0 },
      });
    }
    const sql = renderSelect({
      kind: 'select', distinct: true,
      columns: [{ expr: value, alias: 'value' }],
      from: withLookups(dataset, datasetFrom(dataset, alias, false), alias),
      where: conditions.reduce((a, c) => ({ kind: 'binary', op: 'AND', left: a, right: c })),
      orderBy: [{ expr: { kind: 'constant', value: 1 } }],
      limit,
    }, dialects[dialect]!);
    return { dataset: name, sql };
  });
}
