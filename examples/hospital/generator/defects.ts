// Injected defects: the small, known set of bad rows real extracts carry. Each defect is an
// extra row, a copy of a clean row with exactly one thing wrong, placed right after it, so no
// clean row is lost or orphaned and a loader can be checked row by row against the manifest.
import type { GeneratorDb } from './generator-db.ts';

export type DefectKind =
  | 'duplicate_id'
  | 'bad_date'
  | 'invalid_id_number'
  | 'negative_amount'
  | 'unknown_department'
  | 'unknown_ward'
  | 'unknown_code'
  | 'out_of_range'
  | 'time_order'
  | 'discharge_before_admission';

export interface DefectSpec {
  kind: DefectKind;
  /** The column (as headed in the extract) that carries the defect. */
  column: string;
  /** SQL over the copied row giving the defective value. */
  value: string;
  /** Which rows may be copied (default: any). */
  where?: string;
  /** A new key for the copy, so that only `column` is wrong; absent for duplicate keys. */
  freshKey?: { column: string; prefix: string; digits: number };
}

export interface InjectedDefect {
  extract: string;
  file: string;
  /** Worksheet, for xlsx extracts. */
  sheet?: string;
  /** Data record number (1 = first record after the header); for xlsx the row number Excel shows. */
  row: number;
  column: string;
  kind: DefectKind;
  value: string | null;
}

export const defectsPerKind = 3;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function injectDefects(db: GeneratorDb, extract: string, table: string, specs: readonly DefectSpec[]): Promise<void> {
  await db.run(`
    ALTER TABLE ${table} ADD COLUMN _defect VARCHAR;
    ALTER TABLE ${table} ADD COLUMN _defect_column VARCHAR;
    ALTER TABLE ${table} ADD COLUMN _defect_value VARCHAR;
  `);
  for (const [slot, spec] of specs.entries()) {
    const replaced = [`${spec.value} AS ${quote(spec.column)}`];
    if (spec.freshKey) {
      const { column, prefix, digits } = spec.freshKey;
      replaced.push(`'${prefix}' || lpad((${(slot + 1) * 100} + defect_no)::VARCHAR, ${digits}, '0') AS ${quote(column)}`);
    }
    replaced.push(
      `_ord + 0.5 + ${slot + 1} / 100 AS _ord`,
      `'${spec.kind}' AS _defect`,
      `'${spec.column}' AS _defect_column`,
      `(${spec.value})::VARCHAR AS _defect_value`,
    );
    await db.run(`
      CREATE OR REPLACE TEMP TABLE defect_source AS
      SELECT *, row_number() OVER (ORDER BY _ord) AS defect_no
      FROM (SELECT * FROM ${table} WHERE _defect IS NULL AND (${spec.where ?? 'true'})
            ORDER BY u01(_ord::VARCHAR, '${extract}/${spec.kind}'), _ord LIMIT ${defectsPerKind});
      INSERT INTO ${table} BY NAME
      SELECT * EXCLUDE (defect_no) REPLACE (${replaced.join(', ')}) FROM defect_source;
    `);
  }
}

/** Where each defect ended up: row numbers count from the first data record in file order. */
export async function listDefects(
  db: GeneratorDb,
  extract: string,
  file: string,
  table: string,
  xlsxHeaderRows: number | null,
): Promise<InjectedDefect[]> {
  const rows = await db.rows<{ sheet: string | null; row: bigint | number; column: string; kind: DefectKind; value: string | null }>(`
    SELECT sheet, row, _defect_column AS column, _defect AS kind, _defect_value AS value FROM (
      SELECT ${xlsxHeaderRows === null ? 'NULL' : '_sheet'} AS sheet, _defect, _defect_column, _defect_value, _ord,
             row_number() OVER (${xlsxHeaderRows === null ? '' : 'PARTITION BY _sheet'} ORDER BY _ord) + ${xlsxHeaderRows ?? 0} AS row
      FROM ${table})
    WHERE _defect IS NOT NULL ORDER BY _ord`);
  return rows.map((r) => ({
    extract,
    file,
    ...(r.sheet === null ? {} : { sheet: r.sheet }),
    row: Number(r.row),
    column: r.column,
    kind: r.kind,
    value: r.value,
  }));
}
