// The two ways connector SQL may contain text that did not come from our own code: as a quoted
// identifier or as a string literal. Spec values (column names, codes, formats, patterns) only
// ever reach SQL through these.
export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

export function sqlLiteral(value: string | number | boolean | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${value.replaceAll("'", "''")}'`;
}

export const sqlList = (values: readonly (string | number)[]) => `[${values.map(sqlLiteral).join(', ')}]`;
