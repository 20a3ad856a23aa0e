// Row-level security as the compiler applies it: the rows a user may see, as conditions on every
// scan of a dataset before anything is aggregated. They are ANDed with the query's own conditions,
// so no filter, dimension or metric definition can widen them, and their values are bound
// parameters like any other value.
import type { ModelDataset, SemanticModel } from '../model/semantic-model.ts';
import type { SqlExpr } from '../sql/sql-ast.ts';

export interface RowFilter {
  /** A conformed dimension, read by each dataset through its own expression. */
  dimension: string;
  /** The values whose rows stay visible; with none, no row does. */
  values: string[];
  /** Model datasets without the dimension that stay open (data about no patient, such as drug stock). */
  exempt: string[];
}

/**
 * What a user may see, as plain data. Each dataset having a filter's dimension keeps only rows whose
 * value is one of `values` (exempt or not); a dataset without it yields no rows, unless exempt.
 */
export interface AccessScope {
  rowFilters: RowFilter[];
}

const noRows: SqlExpr = { kind: 'constant', value: false };

/** The conditions keeping `dataset`'s rows within `scope`; `dimensionSql` reads a dimension it has. */
export function scopeConditions(dataset: ModelDataset, scope: AccessScope | undefined, dimensionSql: (dimension: string) => SqlExpr): SqlExpr[] {
  return (scope?.rowFilters ?? []).flatMap((filter): SqlExpr[] => {
    // A closed dataset answers with no rows rather than an error, so a dashboard mixing it with
    // open metrics still shows those; the plan lists it (closedDatasets) for the user to be told.
    if (!dataset.dimensions.has(filter.dimension)) return filter.exempt.includes(dataset.name) ? [] : [noRows];
    if (filter.values.length === 0) return [noRows];
    return [{ kind: 'in', expr: dimensionSql(filter.dimension), list: filter.values.map((value): SqlExpr => ({ kind: 'param', value })), negated: false }];
  });
}

/** The model datasets among `datasets` that `scope` closes: they lack a filter's dimension and are not exempt from it. */
export function closedDatasets(model: SemanticModel, datasets: string[], scope: AccessScope | undefined): string[] {
  return [...new Set(datasets)].filter((name) => (scope?.rowFilters ?? [])
    .some((filter) => !model.datasets.get(name)!.dimensions.has(filter.dimension) && !filter.exempt.includes(name)));
}
