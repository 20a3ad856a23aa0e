// Test support: puts every generated extract, as text, into DuckDB tables named after the
// extracts, with `_row` = the manifest's row numbering, so tests can check the files with SQL.
// Deliberately naive (all columns as text, no standardization): it checks the generator, the
// real loading is the connectors' job.
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { GenerationManifest } from '../generate.ts';

export async function openRawExtracts(dir: string): Promise<{ db: DuckDBConnection; manifest: GenerationManifest; close: () => void }> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as GenerationManifest;
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  const scratch = await mkdtemp(join(tmpdir(), 'hbi-raw-'));
  for (const extract of manifest.extracts) {
    const path = join(dir, extract.file);
    const table = `"${extract.name}"`;
    if (extract.format === 'csv') {
      let source = path;
      if (extract.encoding === 'gb18030') {
        source = join(scratch, `${extract.name}.csv`);
        await writeFile(source, iconv.decode(await readFile(path), 'gb18030'));
      }
      await db.run(`CREATE TABLE ${table} AS SELECT row_number() OVER () AS _row, * FROM read_csv($path, all_varchar = true, header = true)`, { path: source });
    } else if (extract.format === 'ndjson') {
      await db.run(`CREATE TABLE ${table} AS SELECT row_number() OVER () AS _row, * FROM read_json($path, format = 'newline_delimited', sample_size = -1)`, { path });
    } else if (extract.format === 'parquet') {
      await db.run(`CREATE TABLE ${table} AS SELECT row_number() OVER () AS _row, * FROM read_parquet($path)`, { path });
    } else {
      const json = join(scratch, `${extract.name}.json`);
      await writeFile(json, JSON.stringify(await xlsxRecords(path, extract.headerRows)));
      await db.run(`CREATE TABLE ${table} AS SELECT * FROM read_json($path, format = 'array')`, { path: json });
    }
  }
  return { db, manifest, close: () => { db.closeSync(); instance.closeSync(); } };
}

/** Rows as objects keyed by the header row; dates as YYYY-MM-DD; `_sheet` and `_row` as Excel shows them. */
async function xlsxRecords(path: string, headerRows: number): Promise<Record<string, unknown>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const records: Record<string, unknown>[] = [];
  workbook.eachSheet((sheet) => {
    const header = (sheet.getRow(headerRows).values as unknown[]).slice(1).map(String);
    sheet.eachRow((row, rowNumber) => {
      if (rowNumber <= headerRows) return;
      const cells = (row.values as unknown[]).slice(1);
      const record: Record<string, unknown> = { _sheet: sheet.name, _row: rowNumber };
      header.forEach((name, i) => {
        const value = cells[i];
        record[name] = value instanceof Date ? value.toISOString().slice(0, 10) : value === undefined ? null : typeof value === 'number' ? value : String(value);
      });
      records.push(record);
    });
  });
  return records;
}

export async function sqlRows<T = Record<string, unknown>>(db: DuckDBConnection, sql: string): Promise<T[]> {
  return (await db.runAndReadAll(sql)).getRowObjectsJS() as T[];
}
