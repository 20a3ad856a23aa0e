// Tables leave the server as CSV or xlsx, streamed: rows are written as their batches arrive,
// so an export of a million detail rows never sits in memory whole.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportCell = string | number | boolean | null;

export interface ExportTable {
  /** Column headers as the reader sees them (labels), in order. */
  headers: string[];
  batches: AsyncIterable<ExportCell[][]>;
}

export const exportMediaTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** CSV for Excel: fields quoted when needed, and text that Excel would run as a formula defused. */
export function csvField(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The table as a byte stream in `format`. `onEnd` gets the number of rows written once the last
 * one is out, or the error that stopped it (the stream is then destroyed, so the client sees a
 * broken download rather than a short file that looks whole).
 */
export function exportStream(table: ExportTable, format: ExportFormat, sheetName: string, onEnd: (rows: number, error?: Error) => void): Readable {
  const out = new PassThrough();
  let rows = 0;
  const write = format === 'csv' ? writeCsv : writeXlsx;
  write(table, out, sheetName, (n) => { rows += n; })
    .then(() => onEnd(rows), (error: Error) => {
      onEnd(rows, error);
      out.destroy(error);
    });
  return out;
}

async function writeCsv(table: ExportTable, out: PassThrough, _sheet: string, counted: (n: number) => void): Promise<void> {
  // A BOM, so Excel opens UTF-8 Chinese text as such.
  out.write(`\uFEFF${table.headers.map(csvField).join(',')}\r\n`);
  for await (const batch of table.batches) {
    const text = batch.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
    if (!out.write(text)) await new Promise((resolve) => out.once('drain', resolve));
    counted(batch.length);
  }
  out.end();
}

async function writeXlsx(table: ExportTable, out: PassThrough, sheetName: string, counted: (n: number) => void): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'));
  const header = sheet.addRow(table.headers);
  header.font = { bold: true };
  header.commit();
  for await (const batch of table.batches) {
    for (const row of batch) sheet.addRow(row).commit();
    counted(batch.length);
  }
  sheet.commit();
  await workbook.commit();
}
