// Writes a generator table as the file its department would send. Rows always go out in `_ord`
// order, and every format is byte-for-byte reproducible from the same rows.
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import type { GeneratorDb } from './generator-db.ts';
import type { ExtractDefinition } from './extracts.ts';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** Zip entries carry a modification time; a fixed one keeps xlsx files reproducible. */
const fixedZipDate = new Date(Date.UTC(2020, 0, 1));

export async function writeExtract(db: GeneratorDb, extract: ExtractDefinition, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const columns = Object.keys(extract.columns);
  const select = `SELECT ${columns.map(quote).join(', ')} FROM ${extract.table} ORDER BY _ord`;
  switch (extract.format) {
    case 'csv':
      if (extract.encoding === 'gb18030') return writeGb18030Csv(db, select, path);
      return db.run(`COPY (${select}) TO ${sqlString(path)} (HEADER${extract.compression === 'gzip' ? ', COMPRESSION gzip' : ''})`);
    case 'parquet':
      return db.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT parquet, COMPRESSION zstd)`);
    case 'ndjson':
      return db.run(`COPY (${select}) TO ${sqlString(path)} (FORMAT json)`);
    case 'xlsx':
      return writeXlsx(db, extract, columns, path);
  }
}

/** Excel on Windows saves "CSV" as GB18030 with CRLF line ends. */
async function writeGb18030Csv(db: GeneratorDb, select: string, path: string): Promise<void> {
  const utf8Path = `${path}.utf8.tmp`;
  await db.run(`COPY (${select}) TO ${sqlString(utf8Path)} (HEADER)`);
  // Large chunks: the encoder's cost is per call as much as per character.
  const utf8 = createReadStream(utf8Path, { highWaterMark: 8 << 20 });
  const decoder = new StringDecoder('utf8');
  const out = await open(path, 'w');
  try {
    for await (const chunk of utf8 as AsyncIterable<Buffer>) {
      await out.write(iconv.encode(decoder.write(chunk).replaceAll('\n', '\r\n'), 'gb18030'));
    }
    await out.write(iconv.encode(decoder.end().replaceAll('\n', '\r\n'), 'gb18030'));
  } finally {
    await out.close();
  }
  await rm(utf8Path);
}

async function writeXlsx(db: GeneratorDb, extract: ExtractDefinition, columns: string[], path: string): Promise<void> {
  const sheets = await db.rows<{ sheet: string }>(`SELECT DISTINCT _sheet AS sheet FROM ${extract.table} ORDER BY sheet`);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  workbook.creator = 'HBI synthetic hospital';
  workbook.created = fixedZipDate;
  workbook.modified = fixedZipDate;
  for (const { sheet } of sheets) {
    const worksheet = workbook.addWorksheet(sheet);
    worksheet.columns = columns.map((name) => ({ key: name, width: Math.max(12, name.length * 2 + 4) }));
    const title = worksheet.addRow([extract.xlsx?.title(sheet) ?? extract.title.zh]);
    title.font = { bold: true, size: 14 };
    title.commit();
    const header = worksheet.addRow(columns);
    header.font = { bold: true };
    header.commit();
    const rows = await db.rows<Record<string, unknown>>(
      `SELECT ${columns.map(quote).join(', ')} FROM ${extract.table} WHERE _sheet = $sheet ORDER BY _ord`,
      { sheet },
    );
    for (const record of rows) {
      const row = worksheet.addRow(columns.map((name) => excelCell(record[name])));
      row.eachCell((cell) => {
        if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
      });
      row.commit();
    }
    worksheet.commit();
  }
  await workbook.commit();
  await normalizeZipDates(path);
}

/** Valid ISO days become Excel dates, as a nurse's spreadsheet has them; anything else stays text. */
function excelCell(value: unknown): ExcelJS.CellValue {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(day.getTime()) && day.toISOString().startsWith(value)) return day;
  }
  return value as ExcelJS.CellValue;
}

async function normalizeZipDates(path: string): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(path));
  const rebuilt = new JSZip();
  for (const name of Object.keys(zip.files).sort()) {
    const entry = zip.files[name];
    if (!entry || entry.dir) continue;
    rebuilt.file(name, await entry.async('uint8array'), { date: fixedZipDate, createFolders: false });
  }
  const bytes = await rebuilt.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
  await writeFile(path, bytes);
}
