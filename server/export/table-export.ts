// Tables leave the server as CSV or xlsx, streamed: rows are written as their batches arrive,
// so an export of a million detail rows never sits in memory whole. A download the client cuts
// stops the writer and frees the table's source at once: nothing waits for a `drain` that a
// closed response will never emit, and the rows written until then are reported.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportCell = string | number | boolean | null;

export interface ExportTable {
  /** Column headers as the reader sees them (labels), in order. */
  headers: string[];
  batches: AsyncIterable<ExportCell[][]>;
  /** Frees what the batches read from (a warehouse result) before they are all read: the download was cut. */
  close?: () => Promise<void>;
}

/** How an export ended: every row out (`ok`), cut by the client (`aborted`) or stopped by an error (`failed`). */
export type ExportOutcome = 'ok' | 'aborted' | 'failed';

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

/** The response went away: the writer stops where it is. */
class ExportCut extends Error {}

/**
 * The table as a byte stream in `format`. `onEnd` is called once: with the rows written and `ok`
 * when the reader has taken the whole file, `aborted` when the stream was destroyed first (the
 * client went away; the table's source is closed before `onEnd` runs), or `failed` with the error
 * that stopped it (the stream is then destroyed, so the client sees a broken download rather
 * than a short file that looks whole).
 */
export function exportStream(table: ExportTable, format: ExportFormat, sheetName: string, onEnd: (rows: number, outcome: ExportOutcome, error?: Error) => void): Readable {
  const out = new PassThrough();
  let rows = 0;
  let ended = false;
  const end = (outcome: ExportOutcome, error?: Error) => {
    if (ended) return;
    ended = true;
    onEnd(rows, outcome, error);
  };
  const iterator = table.batches[Symbol.asyncIterator]();
  const source: AsyncIterable<ExportCell[][]> = { [Symbol.asyncIterator]: () => iterator };
  let freed: Promise<void> | null = null;
  const free = () => {
    freed ??= (async () => {
      await table.close?.();
      await iterator.return?.();
    })().catch(() => undefined);
    return freed;
  };
  out.once('end', () => end('ok'));
  out.once('close', () => {
    if (ended || out.readableEnded) return;
    void free().then(() => end('aborted'));
  });
  const write = format === 'csv' ? writeCsv : writeXlsx;
  write({ headers: table.headers, batches: source }, out, sheetName, (n) => { rows += n; })
    .catch(async (error: Error) => {
      if (error instanceof ExportCut || out.destroyed) return; // the 'close' listener reports it
      await free();
      end('failed', error);
      out.destroy(error);
    });
  return out;
}

/** Until `out` can take more, or is gone (a destroyed stream never emits `drain`). */
async function writable(out: PassThrough): Promise<void> {
  if (out.destroyed) throw new ExportCut();
  if (!out.writableNeedDrain) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
  if (out.destroyed) throw new ExportCut();
}

async function writeCsv(table: ExportTable, out: PassThrough, _sheet: string, counted: (n: number) => void): Promise<void> {
  // A BOM, so Excel opens UTF-8 Chinese text as such.
  out.write(`\uFEFF${table.headers.map(csvField).join(',')}\r\n`);
  for await (const batch of table.batches) {
    await writable(out);
    out.write(batch.map((row) => `${row.map(csvField).join(',')}\r\n`).join(''));
    counted(batch.length);
  }
  await writable(out);
  out.end();
}

async function writeXlsx(table: ExportTable, out: PassThrough, sheetName: string, counted: (n: number) => void): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31).replace(/[\\/?*[\]:]/g, '_'));
  const header = sheet.addRow(table.headers);
  header.font = { bold: true };
  header.commit();
  for await (const batch of table.batches) {
    // The zip writer pipes into `out`: waiting here keeps its buffers from growing past one batch.
    await writable(out);
    for (const row of batch) sheet.addRow(row).commit();
    counted(batch.length);
  }
  await writable(out);
  sheet.commit();
  await workbook.commit();
}
