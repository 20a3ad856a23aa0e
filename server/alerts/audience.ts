// What a reader of an alert may see: a group's number reaches a person (or a channel's readers)
// only if their own access would let them query that group. A department's analyst, whose row
// policy keeps only their department's rows, sees their department's groups and never a
// hospital-wide number (theirs would differ); a dataset their policy closes shows them nothing,
// unless it is exempt (data about no patient, such as drug stock). The same rule as the
// compiler's access scope (`metrics/plan/access-scope.ts`), applied to groups instead of rows.
import { metricLineage, type AccessScope } from '../../metrics/compile.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import type { Group } from './condition.ts';

/** The model datasets a rule's number is counted from, each with its conformed dimensions. */
export interface RuleReads {
  datasets: { name: string; dimensions: string[] }[];
}

export function readsOf(model: SemanticModel, metric: string): RuleReads {
  const name = metric.split('@')[0]!;
  return {
    datasets: metricLineage(model, name).datasets.map((dataset) => ({ name: dataset, dimensions: [...model.datasets.get(dataset)!.dimensions.keys()] })),
  };
}

/** Whether someone with `scope` could query `group` of a rule reading `reads` and get the same number. */
export function mayQueryGroup(scope: AccessScope, reads: RuleReads, group: Group): boolean {
  return scope.rowFilters.every((filter) => reads.datasets.every((dataset) => {
    if (!dataset.dimensions.includes(filter.dimension)) return filter.exempt.includes(dataset.name);
    const value = group[filter.dimension];
    return value !== undefined && value !== null && filter.values.includes(String(value));
  }));
}

/** The items whose group `scope` may query. */
export function visibleTo<T extends { group: Group }>(scope: AccessScope, reads: RuleReads, items: T[]): T[] {
  return items.filter((item) => mayQueryGroup(scope, reads, item.group));
}
