// `hbi load`: for each dataset, stage the source, standardize and validate in SQL, then publish
// the clean rows, the rejected rows and the load record in one transaction. A failed or killed
// load leaves the previous table in place.
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { isDatabaseSource, type CodeDictionary, type DatasetSpec } from './dataset-spec.ts';
import type { ConnectorProject } from './project.ts';
import { SourceError, type StageContext, type StagedSource } from './staging.ts';
import { quoteIdentifier as q, sqlLiteral } from './sql-text.ts';
import { crossRowSelect, standardizeSelect, warehouseType, type StagedTypes } from './standardize.ts';
import { stageFiles } from './sources/file-source.ts';
import { stagePostgres } from './sources/postgres-source.ts';
import { stageMysql } from './sources/mysql-source.ts';
import { stagingTableName, type Warehouse } from './warehouse.ts';
import type { LoadProgress, LoadReport, RejectSummary } from './load-report.ts';
import { suggestion } from './dataset-spec.ts';

export const defaultRejectThreshold = 0.05;
export const defaultHoldRowDrop = 0.5;

export interface LoadOptions {
  /** Publish a load that would be held (someone confirmed it). */
  confirmHold?: boolean;
}
const examplesPerRule = 5;

export class DatasetNotFoundError extends Error {}

/** Loads the named datasets (all when none), in dependency order; one failure does not stop the rest. */
/** Throws DatasetNotFoundError (with the closest name) unless every name is a dataset of the project. */
export function checkDatasetNames(project: ConnectorProject, names: string[]): void {
  const known = project.datasets.map((d) => d.spec.name);
  for (const name of names) {
    if (!known.includes(name)) throw new DatasetNotFoundError(`no dataset "${name}" in ${join(project.dir, 'datasets')}${suggestion(name, known)}`);
  }
}

export async function loadDatasets(
  warehouse: Warehouse, project: ConnectorProject, names: string[] = [], onProgress: (progress: LoadProgress) => void = () => {}, options: LoadOptions = {},
): Promise<LoadReport[]> {
  checkDatasetNames(project, names);
  const selected = project.datasets.filter((d) => names.length === 0 || names.includes(d.spec.name));
  const reports: LoadReport[] = [];
  for (const { spec } of selected) reports.push(await loadDataset(warehouse, spec, project.dictionaries, onProgress, options));
  return reports;
}

export async function loadDataset(
  warehouse: Warehouse, spec: DatasetSpec, dictionaries: Record<string, CodeDictionary>, onProgress: (progress: LoadProgress) => void = () => {},
  options: LoadOptions = {},
): Promise<LoadReport> {
  const { db } = warehouse;
  const started = new Date();
  const [[loadIdValue]] = (await db.runAndReadAll(`SELECT nextval('hbi.load_ids')`)).getRows() as [[bigint]];
  const loadId = Number(loadIdValue);
  const staging = q(stagingTableName(spec.name));
  const checked = q(`${stagingTableName(spec.name)}__checked`);
  const report: LoadReport = {
    dataset: spec.name, loadId, status: 'failed', dataVersion: await currentDataVersion(warehouse, spec.name),
    startedAt: started.toISOString(), durationMs: 0, files: [], rowsRead: 0, rowsLoaded: 0, rowsRejected: 0, rowsSkipped: 0, rejects: [], message: null,
  };
  try {
    onProgress({ dataset: spec.name, phase: 'reading', rowsRead: 0 });
    const staged = await stageSource(warehouse, spec, onProgress);
    report.files = staged.files;
    report.rowsRead = staged.rowsRead;
    const stagedTypes = await checkHeaders(warehouse, spec, staged);

    onProgress({ dataset: spec.name, phase: 'checking', rowsRead: staged.rowsRead });
    // One statement, so DuckDB streams standardized rows into the cross-row checks without storing them.
    const standardized = `(${standardizeSelect(spec, dictionaries, staging, stagedTypes)})`;
    await db.run(`CREATE OR REPLACE TEMP TABLE ${checked} AS ${crossRowSelect(spec, standardized, await referenceTables(warehouse, spec))}`);
    await db.run(`DROP TABLE ${staging}`);

    const incremental = spec.incremental && report.dataVersion !== null;
    const watermark = incremental ? `(SELECT max(${q(spec.incremental!.watermark)}) FROM main.${q(spec.name)})` : null;
    const [counts] = (await db.runAndReadAll(`
      SELECT count(*) FILTER (WHERE len(_reasons) > 0) AS rejected,
             count(*) FILTER (WHERE len(_reasons) = 0 ${watermark ? `AND ${q(spec.incremental!.watermark)} <= ${watermark}` : 'AND false'}) AS skipped
      FROM ${checked}`)).getRowObjectsJS() as [{ rejected: bigint; skipped: bigint }];
    report.rowsRejected = Number(counts.rejected);
    report.rowsSkipped = Number(counts.skipped);
    report.rowsLoaded = report.rowsRead - report.rowsRejected - report.rowsSkipped;
    report.rejects = await summarizeRejects(warehouse, checked);

    const threshold = spec.rejectThreshold ?? defaultRejectThreshold;
    const emptied = report.rowsRead === 0 && report.dataVersion !== null && !spec.incremental;
    const refused = emptied || (report.rowsRead > 0 && report.rowsRejected / report.rowsRead > threshold);
    const hold = refused || options.confirmHold ? null : await holdReason(warehouse, spec, checked, report, Boolean(incremental));
    onProgress({ dataset: spec.name, phase: 'publishing', rowsRead: staged.rowsRead });
    const columns = spec.columns.map((c) => q(c.name)).join(', ');
    await db.run('BEGIN TRANSACTION');
    try {
      if (hold) {
        report.status = 'held';
        report.message = `${hold}; the previous version of ${spec.name} keeps serving. Confirm the load if the extract is right (POST /api/loads/${loadId}/confirm, or hbi load --confirm ${spec.name}), or discard it / 本次加载已暂停，待确认`;
      } else if (refused) {
        report.status = 'refused';
        report.message = emptied
          ? `the extract has no rows; loading it would empty ${spec.name}, so the previous version stays in place. Check the export`
          : `${report.rowsRejected} of ${report.rowsRead} rows (${(100 * report.rowsRejected / report.rowsRead).toFixed(1)}%) were rejected, above the threshold of ${(100 * threshold).toFixed(1)}%; the previous version of ${spec.name} stays in place. Fix the extract, or raise rejectThreshold in the spec if this is expected`;
      } else {
        const clean = `SELECT ${columns} FROM ${checked} WHERE len(_reasons) = 0`;
        if (incremental) {
          const key = spec.key!.map(q).join(', ');
          const fresh = `${clean} AND ${q(spec.incremental!.watermark)} > ${watermark}`;
          await db.run(`CREATE TEMP TABLE fresh_rows AS ${fresh}`);
          await db.run(`DELETE FROM main.${q(spec.name)} WHERE (${key}) IN (SELECT (${key}) FROM fresh_rows)`);
          await db.run(`INSERT INTO main.${q(spec.name)} SELECT * FROM fresh_rows; DROP TABLE fresh_rows`);
        } else {
          await db.run(`CREATE OR REPLACE TABLE main.${q(spec.name)} AS ${clean}`);
        }
        report.status = 'loaded';
        report.dataVersion = loadId;
        const [[rowCount]] = (await db.runAndReadAll(`SELECT count(*) FROM main.${q(spec.name)}`)).getRows() as [[bigint]];
        await db.run(`INSERT OR REPLACE INTO hbi.datasets VALUES (${sqlLiteral(spec.name)}, ${loadId}, ${sqlLiteral(utcTimestamp(new Date()))}::TIMESTAMP, ${Number(rowCount)}, ${sqlLiteral(JSON.stringify(catalogueEntry(spec)))})`);
      }
      await keepRejects(warehouse, spec, checked, loadId);
      report.durationMs = Date.now() - started.getTime();
      await recordLoad(warehouse, report);
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
  } catch (error) {
    report.status = 'failed';
    report.message = error instanceof SourceError ? error.message : `${(error as Error).message.split('\n')[0]}`;
    report.durationMs = Date.now() - started.getTime();
    await recordLoad(warehouse, report);
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${staging}; DROP TABLE IF EXISTS ${checked}`);
  }
  onProgress({ dataset: spec.name, phase: 'done', rowsRead: report.rowsRead });
  return report;
}

/**
 * Why a checked load should wait for a person instead of replacing the table, or null: its clean
 * rows fell by more than `holdRowDrop` against the loaded table, or a file's last record was cut
 * mid-way (no line end after it, and it broke the rules).
 */
async function holdReason(warehouse: Warehouse, spec: DatasetSpec, checked: string, report: LoadReport, incremental: boolean): Promise<string | null> {
  const source = isDatabaseSource(spec.source) ? null : spec.source;
  if (source && (source.format === 'csv' || source.format === 'tsv' || source.format === 'ndjson')) {
    const lastRejected = (await warehouse.db.runAndReadAll(`
      SELECT DISTINCT _file FROM ${checked} c WHERE len(_reasons) > 0 AND _row = (SELECT max(_row) FROM ${checked} l WHERE l._file = c._file)`)).getRows().map((r) => String(r[0]));
    const delimiter = source.format === 'tsv' ? '\t' : ('delimiter' in source && typeof source.delimiter === 'string' ? source.delimiter : ',');
    for (const file of lastRejected) {
      if (file.endsWith('.gz')) continue;
      if (await lastRecordCut(join(warehouse.projectDir, file), source.format === 'ndjson' ? null : delimiter)) {
        return `the last record of ${file} is cut mid-way (no line end, and fewer fields than the header): the extract looks truncated`;
      }
    }
  }
  if (incremental || report.dataVersion === null) return null;
  const drop = spec.holdRowDrop ?? defaultHoldRowDrop;
  if (drop >= 1) return null;
  const [[previous]] = (await warehouse.db.runAndReadAll(`SELECT row_count FROM hbi.datasets WHERE dataset = $dataset`, { dataset: spec.name })).getRows() as [[bigint]];
  const before = Number(previous);
  if (before > 0 && report.rowsLoaded < before * (1 - drop)) {
    return `${report.rowsLoaded} rows would replace ${before} (${(100 * (1 - report.rowsLoaded / before)).toFixed(1)}% fewer, more than the ${(100 * drop).toFixed(0)}% holdRowDrop allows)`;
  }
  return null;
}

/**
 * Whether a file's last record stops mid-way: no line end after it, and fewer fields than the
 * header line (a CSV or TSV; `delimiter` null for NDJSON: then not a whole JSON object).
 */
async function lastRecordCut(path: string, delimiter: string | null): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return false;
    const tailSize = Math.min(size, 1 << 16);
    const tail = Buffer.alloc(tailSize);
    await file.read(tail, 0, tailSize, size - tailSize);
    if (tail[tailSize - 1] === 0x0a || tail[tailSize - 1] === 0x0d) return false;
    const text = tail.toString('latin1');
    const lastLine = text.slice(text.lastIndexOf('\n') + 1);
    if (delimiter === null) {
      try {
        JSON.parse(Buffer.from(lastLine, 'latin1').toString('utf8'));
        return false;
      } catch {
        return true;
      }
    }
    const head = Buffer.alloc(Math.min(size, 1 << 16));
    await file.read(head, 0, head.length, 0);
    const headerLine = head.toString('latin1').split(/\r?\n/)[0] ?? '';
    return fieldCount(lastLine, delimiter) < fieldCount(headerLine, delimiter);
  } finally {
    await file.close();
  }
}

/** Fields in one delimited line, delimiters inside double quotes not counted; an open quote counts as cut. */
function fieldCount(line: string, delimiter: string): number {
  let fields = 1;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) fields++;
  }
  return quoted ? 0 : fields;
}

/**
 * Settles a held load, once: `discarded` (the previous version stays) or `confirmed` (it is loaded
 * again, to publish, as a new load). Null when the load is not held.
 */
export async function settleHeldLoad(warehouse: Warehouse, loadId: number, outcome: 'discarded' | 'confirmed', by: string): Promise<LoadReport | null> {
  const rows = (await warehouse.db.runAndReadAll(`SELECT report FROM hbi.loads WHERE load_id = $id AND status = 'held'`, { id: loadId })).getRows();
  if (rows.length === 0) return null;
  const message = outcome === 'discarded' ? `discarded by ${by}; the previous version stays` : `confirmed by ${by}; loaded again to publish`;
  const report = { ...(JSON.parse(String(rows[0]![0])) as LoadReport), status: outcome, message };
  await warehouse.db.run(`UPDATE hbi.loads SET status = $status, message = $message, report = $report::JSON WHERE load_id = $id AND status = 'held'`,
    { id: loadId, status: outcome, message, report: JSON.stringify(report) });
  return report;
}

/** The newest load of `dataset` if it is held. */
export async function heldLoad(warehouse: Warehouse, dataset: string): Promise<LoadReport | null> {
  const rows = (await warehouse.db.runAndReadAll(`SELECT status, report FROM hbi.loads WHERE dataset = $dataset ORDER BY load_id DESC LIMIT 1`, { dataset })).getRows();
  return rows.length > 0 && rows[0]![0] === 'held' ? JSON.parse(String(rows[0]![1])) as LoadReport : null;
}

async function stageSource(warehouse: Warehouse, spec: DatasetSpec, onProgress: (p: LoadProgress) => void): Promise<StagedSource> {
  const ctx: StageContext = { db: warehouse.db, projectDir: warehouse.projectDir, onProgress: (rowsRead) => onProgress({ dataset: spec.name, phase: 'reading', rowsRead }) };
  const table = stagingTableName(spec.name);
  const source = spec.source;
  if (isDatabaseSource(source)) {
    const url = resolveUrl(spec.name, source.url);
    const database = { url, ...(source.table ? { table: source.table } : {}), ...(source.query ? { query: source.query } : {}) };
    return source.format === 'postgres' ? stagePostgres(ctx, database, table) : stageMysql(ctx, database, table);
  }
  return stageFiles(ctx, source, table, join(warehouse.projectDir, 'data', 'tmp'));
}

/** `env:NAME` keeps credentials out of spec files. */
function resolveUrl(dataset: string, url: string): string {
  if (!url.startsWith('env:')) return url;
  const name = url.slice(4);
  const value = process.env[name];
  if (!value) throw new SourceError(`dataset ${dataset}`, `its source URL comes from the environment variable ${name}, which is not set`, `Set ${name} to the database URL`);
  return value;
}

async function checkHeaders(warehouse: Warehouse, spec: DatasetSpec, staged: StagedSource): Promise<StagedTypes> {
  const missing = spec.columns.map((c) => c.source ?? c.name).filter((header) => !staged.headers.includes(header));
  if (missing.length > 0) {
    const where = staged.files.map((f) => f.path).join(', ');
    throw new SourceError(where, `missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"${suggestion(m, staged.headers)}`).join(', ')}`,
      `The file has: ${staged.headers.join(', ')}. Fix the export, or the column's source: in datasets/${spec.name}.yaml`);
  }
  const types = await warehouse.db.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'temp' AND table_name = $table`, { table: stagingTableName(spec.name) });
  return new Map(types.getRows().map(([name, type]) => [String(name), String(type)]));
}

async function currentDataVersion(warehouse: Warehouse, dataset: string): Promise<number | null> {
  const rows = (await warehouse.db.runAndReadAll(`SELECT data_version FROM hbi.datasets WHERE dataset = $dataset`, { dataset })).getRows();
  return rows.length > 0 ? Number(rows[0]![0]) : null;
}

async function referenceTables(warehouse: Warehouse, spec: DatasetSpec): Promise<Map<string, string>> {
  const tables = new Map<string, string>();
  for (const column of spec.columns) {
    if (!column.references) continue;
    const dataset = column.references.split('.')[0]!;
    if ((await currentDataVersion(warehouse, dataset)) !== null) tables.set(dataset, `main.${q(dataset)}`);
  }
  return tables;
}

async function summarizeRejects(warehouse: Warehouse, checked: string): Promise<RejectSummary[]> {
  const rows = (await warehouse.db.runAndReadAll(`
    WITH reasons AS (SELECT _file, _sheet, _row, unnest(_reasons) AS r FROM ${checked} WHERE len(_reasons) > 0)
    SELECT r.rule AS rule, r."column" AS "column", count(*) AS "rows",
           list({'file': _file, 'sheet': _sheet, 'row': _row, 'column': r."column", 'value': r.value, 'message': r.message} ORDER BY _file, _sheet, _row)[1:${examplesPerRule}] AS examples
    FROM reasons GROUP BY ALL ORDER BY "rows" DESC, rule, "column"`)).getRowObjectsJS();
  return rows.map((r) => ({
    rule: r.rule as RejectSummary['rule'],
    column: r.column as string | null,
    rows: Number(r.rows),
    examples: (r.examples as Record<string, unknown>[]).map((e) => ({
      file: String(e.file), sheet: (e.sheet as string | null) ?? null, row: Number(e.row), column: (e.column as string | null) ?? null,
      value: (e.value as string | null) ?? null, message: String(e.message),
    })),
  }));
}

/** Rejected rows with their source text and reasons, per load, for download and fixing. */
async function keepRejects(warehouse: Warehouse, spec: DatasetSpec, checked: string, loadId: number): Promise<void> {
  const table = `rejects.${q(spec.name)}`;
  await warehouse.db.run(`CREATE TABLE IF NOT EXISTS ${table} (
    load_id BIGINT, file VARCHAR, sheet VARCHAR, "row" BIGINT,
    reasons STRUCT("rule" VARCHAR, "column" VARCHAR, "value" VARCHAR, message VARCHAR)[], source JSON)`);
  const source = `json_object(${spec.columns.map((c) => `${sqlLiteral(c.source ?? c.name)}, ${q(`_raw_${c.name}`)}`).join(', ')})`;
  await warehouse.db.run(`INSERT INTO ${table} SELECT ${loadId}, _file, _sheet, _row, _reasons, ${source} FROM ${checked} WHERE len(_reasons) > 0`);
}

async function recordLoad(warehouse: Warehouse, report: LoadReport): Promise<void> {
  await warehouse.db.run(
    `INSERT INTO hbi.loads VALUES ($loadId, $dataset, $status, $startedAt::TIMESTAMP, $finishedAt::TIMESTAMP, $rowsRead, $rowsLoaded, $rowsRejected, $message, $report::JSON)`,
    {
      loadId: report.loadId, dataset: report.dataset, status: report.status, startedAt: utcTimestamp(new Date(report.startedAt)), finishedAt: utcTimestamp(new Date()),
      rowsRead: report.rowsRead, rowsLoaded: report.rowsLoaded, rowsRejected: report.rowsRejected, message: report.message ?? '',
      report: JSON.stringify(report),
    },
  );
}

/** Times in hbi.* are UTC, without a zone (DuckDB TIMESTAMP); the API adds the Z. */
const utcTimestamp = (date: Date) => date.toISOString().replace('T', ' ').replace('Z', '');

/** What the catalogue keeps of a dataset: labels, key and columns with types and PII tags. */
function catalogueEntry(spec: DatasetSpec) {
  return {
    title: spec.title ?? null,
    description: spec.description ?? null,
    key: spec.key ?? null,
    columns: spec.columns.map((c) => ({ name: c.name, source: c.source ?? c.name, type: c.type, warehouseType: warehouseType(c.type), pii: c.pii ?? null, codes: c.codes ?? null })),
  };
}
