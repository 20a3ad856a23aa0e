// A metric's lineage as the page lists it: one row per dataset it reads, with the measures it
// aggregates there and the columns those read, personal data (PII-tagged columns) marked.
import type { MetricLineage } from '../api/types.ts';

export type LineageColumnRow = {
  /** `table.column` when the column lives in another loaded table (a lookup's, or the dataset's own source table). */
  name: string;
  pii: string | null;
};

export type LineageRow = { dataset: string; measures: string[]; columns: LineageColumnRow[] };

export function lineageRows(lineage: MetricLineage): LineageRow[] {
  return lineage.datasets.map((dataset) => {
    const columns = new Map<string, LineageColumnRow>();
    for (const read of lineage.columns) {
      if (read.dataset !== dataset) continue;
      const name = read.table && read.table !== dataset ? `${read.table}.${read.column}` : read.column;
      const known = columns.get(name);
      columns.set(name, { name, pii: known?.pii ?? read.pii ?? null });
    }
    return {
      dataset,
      measures: [...new Set(lineage.measures.filter((m) => m.dataset === dataset).map((m) => m.measure))],
      columns: [...columns.values()],
    };
  });
}
