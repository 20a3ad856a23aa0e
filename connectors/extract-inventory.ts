// What extracts a folder holds: each file's format, size and record count, read from disk.
// The generator's (or a department's) manifest.json says what each file is; sizes and counts
// always come from the files themselves. Counts are cached by (path, size, mtime).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DuckDBInstance } from '@duckdb/node-api';
import { countRecords } from './record-count.ts';

export type ExtractFormat = 'csv' | 'xlsx' | 'parquet' | 'ndjson';

/** The part of a manifest entry the inventory reads. */
export interface ManifestEntry {
  name: string;
  title: { zh: string; en: string };
  sourceSystem: string;
  format: ExtractFormat;
  encoding: 'utf-8' | 'gb18030' | null;
  compression: 'gzip' | null;
  file: string;
  headerRows: number;
}

export interface Manifest {
  seed: number;
  scale: number;
  from: string;
  to: string;
  extracts: ManifestEntry[];
  defects: { extract: string }[];
}

export interface ExtractFileSurvey {
  path: string;
  sizeBytes: number;
  rows: number;
}

export interface ExtractSurvey extends Omit<ManifestEntry, 'file' | 'headerRows'> {
  files: ExtractFileSurvey[];
  sizeBytes: number;
  rows: number;
  defects: number;
}

export interface ExtractFolderSurvey {
  generation: { seed: number; scale: number; from: string; to: string; generatedAt: string } | null;
  extracts: ExtractSurvey[];
}

export class ExtractFolderError extends Error {}

export class ExtractInventory {
  private readonly counted = new Map<string, { key: string; rows: number }>();

  constructor(readonly dir: string) {}

  async survey(): Promise<ExtractFolderSurvey> {
    const manifest = await this.readManifest();
    if (!manifest) return { generation: null, extracts: [] };
    const extracts = await Promise.all(
      manifest.extracts.map(async (entry): Promise<ExtractSurvey> => {
        const file = await this.surveyFile(entry);
        const { file: _file, headerRows: _headerRows, ...described } = entry;
        return {
          ...described,
          files: [file],
          sizeBytes: file.sizeBytes,
          rows: file.rows,
          defects: manifest.defects.filter((defect) => defect.extract === entry.name).length,
        };
      }),
    );
    const { seed, scale, from, to } = manifest;
    return { generation: { seed, scale, from, to, generatedAt: to }, extracts };
  }

  private async readManifest(): Promise<Manifest | null> {
    const path = join(this.dir, 'manifest.json');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as Manifest;
    } catch (error) {
      throw new ExtractFolderError(`${path} is not valid JSON (${(error as Error).message}); regenerate it with \`hbi generate\``);
    }
  }

  private async surveyFile(entry: ManifestEntry): Promise<ExtractFileSurvey> {
    const path = join(this.dir, entry.file);
    const info = await stat(path).catch(() => {
      throw new ExtractFolderError(`extract "${entry.name}": file ${path} is listed in manifest.json but missing`);
    });
    const key = `${info.size}:${info.mtimeMs}`;
    const cached = this.counted.get(path);
    if (cached?.key === key) return { path: entry.file, sizeBytes: info.size, rows: cached.rows };
    const rows = await countDataRows(path, entry);
    this.counted.set(path, { key, rows });
    return { path: entry.file, sizeBytes: info.size, rows };
  }
}

/** Data records of one file: header and title rows are not data. */
export async function countDataRows(path: string, entry: Pick<ManifestEntry, 'format' | 'compression' | 'headerRows'>): Promise<number> {
  switch (entry.format) {
    case 'csv':
      return Math.max(0, (await countRecords(path, { gzip: entry.compression === 'gzip' })) - 1);
    case 'ndjson':
      return countRecords(path, { gzip: entry.compression === 'gzip', quoted: false });
    case 'parquet':
      return countParquetRows(path);
    case 'xlsx':
      return countXlsxRows(path, entry.headerRows);
  }
}

async function countParquetRows(path: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll('SELECT sum(num_rows) AS n FROM parquet_file_metadata($path)', { path });
    return Number(reader.getRowObjectsJS()[0]?.n ?? 0);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function countXlsxRows(path: string, headerRows: number): Promise<number> {
  let rows = 0;
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const worksheet of workbook) {
    let sheetRows = 0;
    for await (const _row of worksheet) sheetRows++;
    rows += Math.max(0, sheetRows - headerRows);
  }
  return rows;
}
