// The DuckDB warehouse file of a project: one table per dataset in `main`, rejected rows in
// `rejects`, load history and the catalogue of loaded datasets in `hbi`. A load's scratch tables
// are TEMP tables (_staging_<dataset>…): never in the file, gone with the process.
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { idNumberMacro } from './standardize.ts';
import { privateDirectory, privateFiles } from './private-files.ts';

export const warehouseFile = (projectDir: string) => join(projectDir, 'data', 'warehouse.duckdb');

export class WarehouseBusyError extends Error {}

const stagingPrefix = '_staging_';
export const stagingTableName = (dataset: string) => `${stagingPrefix}${dataset}`;

export interface Warehouse {
  instance: DuckDBInstance;
  db: DuckDBConnection;
  projectDir: string;
  close(): void;
}

const metadata = `
CREATE SCHEMA IF NOT EXISTS hbi;
CREATE SCHEMA IF NOT EXISTS rejects;
CREATE SEQUENCE IF NOT EXISTS hbi.load_ids;
CREATE TABLE IF NOT EXISTS hbi.loads (
  load_id BIGINT PRIMARY KEY,
  dataset VARCHAR NOT NULL,
  status VARCHAR NOT NULL,          -- loaded | refused | failed
  started_at TIMESTAMP NOT NULL,
  finished_at TIMESTAMP NOT NULL,
  rows_read BIGINT,
  rows_loaded BIGINT,
  rows_rejected BIGINT,
  message VARCHAR,
  report JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS hbi.datasets (
  dataset VARCHAR PRIMARY KEY,
  data_version BIGINT NOT NULL,     -- the load that published the current table
  loaded_at TIMESTAMP NOT NULL,
  row_count BIGINT NOT NULL,
  spec JSON NOT NULL                -- title, columns with types and PII tags, key
);
`;

export async function openWarehouse(projectDir: string, options: { memory?: boolean } = {}): Promise<Warehouse> {
  const path = options.memory ? ':memory:' : warehouseFile(projectDir);
  if (!options.memory) {
    await privateDirectory(join(projectDir, 'data'));
    await privateDirectory(join(projectDir, 'data', 'tmp'));
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, options.memory ? {} : { temp_directory: join(projectDir, 'data', 'tmp') });
  } catch (error) {
    if (/lock/i.test((error as Error).message)) {
      throw new WarehouseBusyError(`${path} is in use by another HBI process (probably \`hbi serve\`); stop it, or upload the extract through the running server`);
    }
    throw error;
  }
  if (!options.memory) await privateFiles(path, `${path}.wal`);
  const db = await instance.connect();
  await db.run(metadata);
  await db.run(idNumberMacro);
  return {
    instance, db, projectDir,
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Locks the warehouse down for a long-running server: DuckDB may then read and write files only
 * in `directories` (the project's data folder and its extracts' folders), reach no network, load
 * no extension it does not have built in, and no connection can change these settings again.
 */
export async function hardenWarehouse(warehouse: Warehouse, directories: string[]): Promise<void> {
  const list = directories.map((d) => `'${(d.endsWith('/') ? d : `${d}/`).replaceAll("'", "''")}'`).join(', ');
  await warehouse.db.run(`SET allowed_directories = [${list}]`);
  await warehouse.db.run('SET autoinstall_known_extensions = false');
  await warehouse.db.run('SET autoload_known_extensions = false');
  await warehouse.db.run('SET enable_external_access = false');
  await warehouse.db.run('SET lock_configuration = true');
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Two columns of a loaded dataset as a lookup (department codes to names, say); empty when the dataset is not loaded. */
export async function readLookup(warehouse: Warehouse, dataset: string, key: string, value: string): Promise<Map<string, string>> {
  const loaded = await warehouse.db.runAndReadAll('SELECT 1 FROM hbi.datasets WHERE dataset = $dataset', { dataset });
  if (loaded.currentRowCount === 0) return new Map();
  const rows = (await warehouse.db.runAndReadAll(`SELECT ${quoted(key)}::VARCHAR, ${quoted(value)}::VARCHAR FROM main.${quoted(dataset)}`)).getRows();
  return new Map(rows.map(([k, v]) => [String(k), String(v)]));
}
