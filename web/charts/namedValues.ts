// Dimension values as readers know them: the server answers codes (0101, the value row policies,
// filters and drill-downs use) with their names beside them (`labels`, from the model's lookups).
// A chart shows the name and keeps the code in a field of its own, so a click still filters by code.
import type { ChartCell, ChartResult } from './chartConfig.ts';

/** The field of a named row holding the code behind a dimension's shown name. */
export const codeField = (dimension: string) => `${dimension}__code`;

/** Per dimension, the names of its codes, as `POST /api/query` gives them. */
export type ValueLabels = Record<string, Record<string, string>>;

/**
 * The result with names in place of codes for every dimension that has labels. A name that two
 * codes share in this result (two doctors called 张伟) is written with its code, so their bars stay apart.
 */
export function namedResult<R extends ChartResult>(result: R & { labels?: ValueLabels }): R {
  const labels = result.labels ?? {};
  const named = result.columns.filter((c) => c.role === 'dimension' && !c.masked && labels[c.name] && Object.keys(labels[c.name]!).length > 0);
  if (named.length === 0) return result;
  const shown = new Map(named.map((c) => [c.name, shownNames(labels[c.name]!)]));
  return {
    ...result,
    rows: result.rows.map((row) => {
      const copy: Record<string, ChartCell> = { ...row };
      for (const [dimension, names] of shown) {
        const code = row[dimension];
        if (code === null || code === undefined) continue;
        copy[codeField(dimension)] = code;
        copy[dimension] = names.get(String(code)) ?? code;
      }
      return copy;
    }),
  };
}

/** The code behind a value a named row shows (the value itself when it was not renamed). */
export function codeOf(row: Record<string, unknown>, dimension: string): ChartCell {
  const code = row[codeField(dimension)];
  return (code ?? row[dimension] ?? null) as ChartCell;
}

/** How a value is written in a picker: 心血管内科 (0101), or the code alone without a name. */
export function valueWithName(value: string | number | boolean | null, labels: Record<string, string> | undefined): string {
  const text = value === null ? '' : String(value);
  const name = labels?.[text];
  return name === undefined ? text : `${name}（${text}）`;
}

function shownNames(labels: Record<string, string>): Map<string, string> {
  const codesByName = new Map<string, number>();
  for (const name of Object.values(labels)) codesByName.set(name, (codesByName.get(name) ?? 0) + 1);
  return new Map(Object.entries(labels).map(([code, name]) => [code, codesByName.get(name)! > 1 ? `${name}（${code}）` : name]));
}
