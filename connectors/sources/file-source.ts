// Reads file extracts (CSV/TSV, xlsx, Parquet, JSON, NDJSON; globs; gzip; UTF-8, GB18030, GBK)
// into a staging table, as they are. DuckDB reads what it can natively; GB18030/GBK text is
// transcoded to a scratch UTF-8 file first (DuckDB has no such decoder built in), xlsx goes
// through exceljs.
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import fastGlob from 'fast-glob';
import type { FileSource } from '../dataset-spec.ts';
import { quoteIdentifier, SourceError, type StageContext, type StagedSource } from '../staging.ts';
import { stageXlsx } from './xlsx-source.ts';
import { GbToUtf8Transcoder, InvalidGbBytesError } from './gb-transcoder.ts';

export async function stageFiles(ctx: StageContext, source: FileSource, stagingTable: string, scratchDir: string): Promise<StagedSource> {
  const paths = await matchFiles(ctx.projectDir, source.path);
  const staged: StagedSource = { files: [], rowsRead: 0, headers: [] };
  try {
    await stageEach(ctx, source, paths, stagingTable, scratchDir, staged);
  } finally {
    // The load drops the staging table itself; the table of a later file is ours to drop.
    await ctx.db.run(`DROP TABLE IF EXISTS ${quoteIdentifier(`${stagingTable}_next`)}`);
  }
  return staged;
}

async function stageEach(ctx: StageContext, source: FileSource, paths: string[], stagingTable: string, scratchDir: string, staged: StagedSource): Promise<void> {
  for (const [i, path] of paths.entries()) {
    const display = relative(ctx.projectDir, path);
    const target = i === 0 ? stagingTable : `${stagingTable}_next`;
    let result: { rows: number; headers: string[] };
    switch (source.format) {
      case 'csv':
      case 'tsv':
        result = await stageDelimited(ctx, source, path, display, target, scratchDir);
        break;
      case 'parquet':
        result = await stageWithDuckDb(ctx, display, target,
          `SELECT $display AS _file, NULL::VARCHAR AS _sheet, file_row_number + 1 AS _row, * EXCLUDE (file_row_number) FROM read_parquet($path, file_row_number = true)`, path);
        break;
      case 'json':
      case 'ndjson':
        result = await stageJson(ctx, source.format, path, display, target);
        break;
      case 'xlsx':
        result = await stageXlsx(ctx, path, display, target, { sheet: source.sheet ?? '*', headerRow: source.headerRow ?? 1 });
        break;
    }
    if (i > 0) {
      if (result.headers.join('\u0000') !== staged.headers.join('\u0000')) {
        throw new SourceError(display, `its columns (${result.headers.join(', ')}) differ from ${staged.files[0]!.path}'s (${staged.headers.join(', ')})`,
          'Every file a glob matches must have the same columns; split them into separate datasets or fix the export');
      }
      await ctx.db.run(`INSERT INTO ${quoteIdentifier(stagingTable)} SELECT * FROM ${quoteIdentifier(target)}; DROP TABLE ${quoteIdentifier(target)}`);
    } else {
      staged.headers = result.headers;
    }
    staged.files.push({ path: display, rows: result.rows });
    staged.rowsRead += result.rows;
    ctx.onProgress?.(staged.rowsRead);
  }
}

async function matchFiles(projectDir: string, pattern: string): Promise<string[]> {
  const paths = fastGlob.isDynamicPattern(pattern)
    ? (await fastGlob(pattern, { cwd: projectDir, absolute: true, onlyFiles: true })).sort()
    : [join(projectDir, pattern)];
  if (paths.length === 0) throw new SourceError(pattern, 'no file matches this pattern', 'Check source.path in the spec, relative to the project folder');
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      throw new SourceError(relative(projectDir, path), 'file not found', 'Put the extract there or fix source.path (for the demo hospital: hbi generate)');
    }
  }
  return paths;
}

async function stageWithDuckDb(ctx: StageContext, display: string, target: string, select: string, path: string): Promise<{ rows: number; headers: string[] }> {
  const [read, complete] = await Promise.allSettled([
    ctx.db.run(`CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(target)} AS ${select}`, { display, path }),
    path.endsWith('.gz') ? checkGzipComplete(path, display) : Promise.resolve(),
  ]);
  if (complete.status === 'rejected') throw complete.reason;
  if (read.status === 'rejected') throw explainReadError(display, read.reason as Error);
  const columns = await ctx.db.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = $target ORDER BY column_index`, { target });
  const headers = columns.getRows().map((r) => String(r[0])).filter((c) => !c.startsWith('_') || !['_file', '_sheet', '_row'].includes(c));
  const count = await ctx.db.runAndReadAll(`SELECT count(*) FROM ${quoteIdentifier(target)}`);
  return { rows: Number(count.getRows()[0]?.[0] ?? 0), headers };
}

/**
 * DuckDB reads a truncated gzip file without complaint, as far as it goes, and the load would
 * publish part of the extract. zlib checks the end of the stream; it runs beside DuckDB's read.
 */
async function checkGzipComplete(path: string, display: string): Promise<void> {
  try {
    await pipeline(createReadStream(path), createGunzip(), new Writable({ write: (_chunk, _encoding, done) => done() }));
  } catch (error) {
    throw new SourceError(display, `is not a complete gzip file (${(error as Error).message})`, 'The file is truncated or corrupt; ask the sending system for a new export');
  }
}

/** DuckDB's reader errors, in words that say what is wrong with the file and what to do. */
function explainReadError(display: string, error: Error): SourceError {
  const message = error.message;
  if (/unicode|utf-?8/i.test(message)) {
    return new SourceError(display, 'is not valid UTF-8 text', 'If it was saved by Excel on Chinese Windows, set source.encoding: gb18030');
  }
  if (/gzip|inflate|zlib|compress/i.test(message)) {
    return new SourceError(display, `is not a complete gzip file (${firstLine(message)})`, 'The file is truncated or corrupt; ask the sending system for a new export');
  }
  if (/parquet|magic bytes/i.test(message)) {
    return new SourceError(display, `is not a readable Parquet file (${firstLine(message)})`, 'Check that the export finished and the format is parquet');
  }
  if (/json/i.test(message)) {
    return new SourceError(display, `is not valid JSON (${firstLine(message)})`, 'Check the export; NDJSON needs one JSON object per line');
  }
  return new SourceError(display, `could not be read (${firstLine(message)})`, 'Check the file and the source options in the spec');
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 300);

async function stageDelimited(
  ctx: StageContext, source: FileSource, path: string, display: string, target: string, scratchDir: string,
): Promise<{ rows: number; headers: string[] }> {
  const encoding = source.encoding ?? 'utf-8';
  let readable = path;
  if (encoding !== 'utf-8') {
    await mkdir(scratchDir, { recursive: true });
    readable = join(scratchDir, `${target}.utf8.csv`);
    await transcodeToUtf8(path, readable, encoding, display);
  }
  try {
    // row_number() OVER () is a streaming window in DuckDB: it numbers rows in file order.
    return await stageWithDuckDb(ctx, display, target, `
      SELECT $display AS _file, NULL::VARCHAR AS _sheet, row_number() OVER () AS _row, *
      FROM read_csv($path, header = true, all_varchar = true, delim = '${source.format === 'tsv' ? '\\t' : ','}', quote = '"', escape = '"',
                    strict_mode = false, null_padding = true, sample_size = -1)`, readable);
  } finally {
    if (readable !== path) await rm(readable, { force: true });
  }
}

/** GB18030/GBK → UTF-8, streamed; gzip is undone first. Fails on bytes that decode to U+FFFD. */
async function transcodeToUtf8(path: string, out: string, encoding: 'gb18030' | 'gbk', display: string): Promise<void> {
  const file: ReadStream = createReadStream(path, { highWaterMark: 8 << 20 });
  const input = path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
  const transcoder = new GbToUtf8Transcoder(encoding);
  const handle = await open(out, 'w');
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) await handle.write(transcoder.write(chunk));
    transcoder.end();
  } catch (error) {
    if (error instanceof InvalidGbBytesError) {
      throw new SourceError(display, `has bytes that are not ${encoding.toUpperCase()} at byte ${error.byteOffset}`, 'Check source.encoding (utf-8, gb18030 or gbk) against how the file was saved');
    }
    const gzip = String((error as NodeJS.ErrnoException).code ?? '').startsWith('Z_');
    throw new SourceError(display, `${gzip ? 'is not a complete gzip file' : 'could not be read'} (${(error as Error).message})`,
      'The file is truncated or corrupt; ask the sending system for a new export');
  } finally {
    await handle.close();
  }
}

async function stageJson(ctx: StageContext, format: 'json' | 'ndjson', path: string, display: string, target: string): Promise<{ rows: number; headers: string[] }> {
  // Every value as text, like the other text formats: JSON's own types are checked by the spec.
  const sample = await ctx.db.runAndReadAll(
    `SELECT json_keys(json)::VARCHAR[] AS keys FROM read_json_objects($path, format = $format) LIMIT 1000`,
    { path, format: format === 'ndjson' ? 'newline_delimited' : 'array' },
  ).catch((error: Error) => {
    throw explainReadError(display, error);
  });
  const names = [...new Set(sample.getRowObjectsJS().flatMap((r) => r.keys as string[]))];
  const columns = `{${names.map((n) => `'${n.replaceAll("'", "''")}': 'VARCHAR'`).join(', ')}}`;
  return stageWithDuckDb(ctx, display, target, `
    SELECT $display AS _file, NULL::VARCHAR AS _sheet, row_number() OVER () AS _row, *
    FROM read_json($path, format = '${format === 'ndjson' ? 'newline_delimited' : 'array'}', columns = ${columns}, auto_detect = false)`, path);
}
