// xlsx extracts through exceljs's streaming reader: one sheet or all, headers on a given row
// (title rows above it are skipped), every cell staged as text the way Excel shows it.
import ExcelJS from 'exceljs';
import { quoteIdentifier, SourceError, type StageContext } from '../staging.ts';

export async function stageXlsx(
  ctx: StageContext, path: string, display: string, target: string, options: { sheet: string; headerRow: number },
): Promise<{ rows: number; headers: string[] }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  let headers: string[] | null = null;
  let appender: Awaited<ReturnType<typeof ctx.db.createAppender>> | null = null;
  let rows = 0;
  const sheetsSeen: string[] = [];
  try {
    for await (const worksheet of workbook) {
      const sheetName = (worksheet as unknown as { name: string }).name;
      sheetsSeen.push(sheetName);
      if (options.sheet !== '*' && sheetName !== options.sheet) {
        // A sheet emitted and not read is parked by exceljs in a temporary file it opens later;
        // left unread, that file can be cleaned up first and the read fails outside any await.
        for await (const skipped of worksheet) void skipped;
        continue;
      }
      let sheetHeaders: string[] | null = null;
      for await (const row of worksheet) {
        if (row.number < options.headerRow) continue;
        // Array.from: exceljs leaves holes for empty cells, which map() and join() would skip.
        const values = Array.from((row.values as unknown[]).slice(1));
        if (row.number === options.headerRow) {
          sheetHeaders = values.map((v) => cellText(v) ?? '').map((h) => h.trim());
          while (sheetHeaders.length > 0 && sheetHeaders.at(-1) === '') sheetHeaders.pop();
          if (sheetHeaders.length === 0 || sheetHeaders.some((h) => h === '')) {
            throw new SourceError(`${display} sheet "${sheetName}"`, `row ${options.headerRow} is not a header row (${sheetHeaders.length === 0 ? 'it is empty' : 'a column has no name'})`,
              'Set source.headerRow to the row that holds the column names (title rows above it are skipped)');
          }
          if (headers === null) {
            headers = sheetHeaders;
            await ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(target)} (_file VARCHAR, _sheet VARCHAR, _row BIGINT, ${headers.map((h) => `${quoteIdentifier(h)} VARCHAR`).join(', ')})`);
            appender = await ctx.db.createAppender(target, 'main', 'temp');
          } else if (sheetHeaders.join('\u0000') !== headers.join('\u0000')) {
            throw new SourceError(`${display} sheet "${sheetName}"`, `its headers (${sheetHeaders.join(', ')}) differ from the first sheet's (${headers.join(', ')})`,
              'Every sheet must have the same columns, or name one sheet in source.sheet');
          }
          continue;
        }
        if (!sheetHeaders || !appender || !headers) continue;
        if (values.every((v) => v === null || v === undefined || v === '')) continue;
        appender.appendVarchar(display);
        appender.appendVarchar(sheetName);
        appender.appendBigInt(BigInt(row.number));
        for (let i = 0; i < headers.length; i++) {
          const text = cellText(values[i]);
          if (text === null) appender.appendNull();
          else appender.appendVarchar(text);
        }
        appender.endRow();
        rows++;
        if (rows % 10000 === 0) ctx.onProgress?.(rows);
      }
      if (!sheetHeaders && options.sheet !== '*') {
        throw new SourceError(`${display} sheet "${sheetName}"`, `has no row ${options.headerRow}`, 'Set source.headerRow to the row that holds the column names');
      }
    }
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(display, `is not a readable xlsx workbook (${(error as Error).message.split('\n')[0]})`, 'Open it in Excel and save it again as .xlsx');
  } finally {
    appender?.flushSync();
    appender?.closeSync();
  }
  if (options.sheet !== '*' && !sheetsSeen.includes(options.sheet)) {
    throw new SourceError(display, `has no sheet "${options.sheet}" (sheets: ${sheetsSeen.join(', ')})`, 'Fix source.sheet, or use "*" for every sheet');
  }
  if (!headers) throw new SourceError(display, `has no header row ${options.headerRow} on any sheet`, 'Set source.headerRow to the row that holds the column names');
  return { rows, headers };
}

/** A cell as text: dates as YYYY-MM-DD (with time when it has one), numbers as written, rich text flattened. */
function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    const cell = value as { text?: string; result?: unknown; richText?: { text: string }[]; error?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cell.text;
    if (cell.error) return cell.error;
  }
  return String(value);
}
