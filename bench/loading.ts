// Loading extracts of the scale-1 hospital: the GB18030 outpatient CSV through the full
// pipeline (transcode, standardize, validate, publish) against raw DuckDB reading the same rows
// as UTF-8; xlsx rows/s; PostgreSQL → DuckDB rows/s (when PG_URL is set).
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import pg from 'pg';
import { DuckDBInstance } from '@duckdb/node-api';
import { readConnectorProject } from '../connectors/project.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { loadDatasets } from '../connectors/load.ts';
import { stagePostgres } from '../connectors/sources/postgres-source.ts';
import type { BenchContext, BenchFigure } from './run.ts';

const ratio = (value: number, baseline: number) => (value / baseline).toFixed(2);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; peakRss: number }> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, peakRss };
  } finally {
    clearInterval(sampler);
  }
}

export async function benchLoading(context: BenchContext): Promise<BenchFigure[]> {
  const extractsDir = await context.scale1Extracts();
  const project = join(context.workDir, 'load-project');
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await symlink(extractsDir, join(project, 'extracts'));
  await symlink(new URL('../examples/hospital/datasets', import.meta.url).pathname, join(project, 'datasets'));
  const connectorProject = await readConnectorProject(project);
  const warehouse = await openWarehouse(project);
  const figures: BenchFigure[] = [];
  try {
    await loadDatasets(warehouse, connectorProject, ['departments', 'wards', 'doctors', 'patients']);
    const hbi = await timed(() => loadDatasets(warehouse, connectorProject, ['outpatient_visits']));
    const rows = hbi.result[0]!.rowsRead;

    // Raw DuckDB on the same rows, converted to UTF-8 beforehand (not timed).
    const utf8 = join(context.workDir, 'outpatient_visits.utf8.csv');
    await pipeline(createReadStream(join(extractsDir, 'his/outpatient_visits.csv')), iconv.decodeStream('gb18030'), createWriteStream(utf8));
    const rawInstance = await DuckDBInstance.create(join(context.workDir, 'raw.duckdb'));
    const raw = await rawInstance.connect();
    const baseline = await timed(() => raw.run(`CREATE OR REPLACE TABLE outpatient_visits AS SELECT * FROM read_csv($path, ignore_errors = true)`, { path: utf8 }));
    raw.closeSync();
    rawInstance.closeSync();
    figures.push({
      figure: `load outpatient_visits (${rows.toLocaleString('en-US')} rows, GB18030 CSV, standardized + validated)`,
      value: seconds(hbi.ms), baseline: `raw DuckDB read_csv (types detected, bad rows skipped) of the same rows as UTF-8: ${seconds(baseline.ms)}`, ratio: ratio(hbi.ms, baseline.ms),
    });
    figures.push({ figure: 'load outpatient_visits peak memory (RSS)', value: `${(hbi.peakRss / 2 ** 30).toFixed(1)} GiB`, baseline: '—', ratio: '—' });

    const xlsx = await timed(() => loadDatasets(warehouse, connectorProject, ['wards', 'open_beds']));
    const beds = xlsx.result.find((r) => r.dataset === 'open_beds')!;
    figures.push({
      figure: `load open_beds (xlsx, ${beds.files[0]!.path.split('/').pop()}, ${beds.rowsRead.toLocaleString('en-US')} rows)`,
      value: `${Math.round(beds.rowsRead / (beds.durationMs / 1000)).toLocaleString('en-US')} rows/s`, baseline: '—', ratio: '—',
    });
  } finally {
    warehouse.close();
  }
  figures.push(...(await benchPostgres()));
  return figures;
}

async function benchPostgres(): Promise<BenchFigure[]> {
  const url = process.env.PG_URL;
  if (!url) return [{ figure: 'PostgreSQL → DuckDB', value: 'skipped: PG_URL is not set', baseline: '—', ratio: '—' }];
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `hbi_bench_visits_${process.pid}`;
  try {
    await client.query(`CREATE TABLE ${table} AS
      SELECT g AS id, 'P' || lpad((g % 50000)::text, 8, '0') AS patient_id, (g % 40)::text AS dept_code, '心血管内科' AS dept_name,
             date '2024-01-01' + (g % 730) AS visit_date, timestamp '2024-01-01' + g * interval '1 minute' AS registered_at,
             round((g % 100000) / 97.0, 2) AS fee, g % 2 = 0 AS insured
      FROM generate_series(1, 1000000) g`);
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    const staged = await timed(() => stagePostgres({ db, projectDir: '.' }, { url, table }, 'visits'));
    db.closeSync();
    instance.closeSync();
    return [
      {
        figure: 'PostgreSQL → DuckDB staging (1,000,000 rows × 8 columns, streamed)',
        value: `${Math.round(1_000_000 / (staged.ms / 1000)).toLocaleString('en-US')} rows/s`, baseline: '—', ratio: '—',
      },
      { figure: 'PostgreSQL → DuckDB peak memory (RSS)', value: `${(staged.peakRss / 2 ** 30).toFixed(2)} GiB`, baseline: '—', ratio: '—' },
    ];
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`);
    await client.end();
  }
}
