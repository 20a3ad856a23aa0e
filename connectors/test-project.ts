// A throwaway project folder for connector tests: specs and extracts written by the test, a real
// DuckDB warehouse file under data/, and loads run the way `hbi load` runs them.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readConnectorProject } from './project.ts';
import { loadDatasets } from './load.ts';
import { openWarehouse, type Warehouse } from './warehouse.ts';
import type { LoadReport } from './load-report.ts';
import type { Json } from '@duckdb/node-api';

export interface TestProject {
  dir: string;
  /** Writes a file relative to the project folder; returns its absolute path. */
  write(path: string, content: string | Uint8Array): Promise<string>;
  /** Writes datasets/<name>.yaml. */
  spec(name: string, yaml: string): Promise<void>;
  /** The project's warehouse, opened on first use and kept open until close(). */
  warehouse(): Promise<Warehouse>;
  /** Reads the project's specs and loads the named datasets (all when none). */
  load(...names: string[]): Promise<LoadReport[]>;
  /** Query results with every value as JSON (BIGINT and DATE as strings). */
  rows(sql: string): Promise<Record<string, Json>[]>;
  close(): void;
  remove(): Promise<void>;
}

export async function createTestProject(prefix = 'hbi-connectors-'): Promise<TestProject> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  let open: Warehouse | null = null;
  const project: TestProject = {
    dir,
    async write(path, content) {
      const target = join(dir, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
      return target;
    },
    async spec(name, yaml) {
      await project.write(join('datasets', `${name}.yaml`), yaml);
    },
    async warehouse() {
      open ??= await openWarehouse(dir);
      return open;
    },
    async load(...names) {
      return loadDatasets(await project.warehouse(), await readConnectorProject(dir), names);
    },
    async rows(sql) {
      return (await (await project.warehouse()).db.runAndReadAll(sql)).getRowObjectsJson();
    },
    close() {
      open?.close();
      open = null;
    },
    async remove() {
      project.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return project;
}

/** Runs SQL in a scratch in-memory DuckDB: how tests write Parquet files and big CSVs (COPY … TO). */
export async function withScratchDuckDb(sql: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    await db.run(sql);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}
