// Runs the app on a port until SIGINT/SIGTERM, then closes it cleanly. The server owns the
// project's warehouse file while it runs (DuckDB allows one writer process) and its metadata store.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { hardenWarehouse, openWarehouse, readLookup, type Warehouse } from '../connectors/warehouse.ts';
import { extractDirectories, readConnectorProject, type ConnectorProject } from '../connectors/project.ts';
import { loadDatasets } from '../connectors/load.ts';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { openMetadataStore } from './store/duckdb-metadata-store.ts';
import { readAccessConfig } from './access/access-config.ts';
import { prepareAccounts, type Account } from './access/first-start.ts';

export const builtWebRoot = fileURLToPath(new URL('../dist/web', import.meta.url));
export const metadataFile = (projectDir: string) => join(projectDir, 'data', 'metadata.duckdb');

export interface ServeOptions {
  projectDir: string;
  extractsDir: string;
  port: number;
  host: string;
  /** The demo: load every dataset never loaded before serving, and create the demo accounts. */
  demo: boolean;
  out: NodeJS.WritableStream;
  /** Days an uploaded extract is kept. */
  uploadRetentionDays?: number;
}

export async function serve(options: ServeOptions): Promise<void> {
  const connectors = await readConnectorProject(options.projectDir);
  const model = await readSemanticModel(options.projectDir);
  const access = await readAccessConfig(options.projectDir);
  const warehouse = await openWarehouse(options.projectDir);
  const store = await openMetadataStore(metadataFile(options.projectDir)).catch((error: Error) => {
    warehouse.close();
    throw error;
  });
  try {
    await hardenWarehouse(warehouse, [join(options.projectDir, 'data'), ...extractDirectories(connectors)]);
    if (options.demo) await loadMissingDatasets(options, warehouse, connectors);
    const accounts = await prepareAccounts(store, access, options.projectDir, options.demo);
    const departmentNames = access.departments ? await readLookup(warehouse, access.departments.dataset, access.departments.code, access.departments.name) : new Map<string, string>();
    const { app, queries } = await buildApp({
      extractsDir: options.extractsDir, webRoot: builtWebRoot, store, project: { warehouse, connectors, model }, departmentNames,
      logger: { level: 'warn' }, ...(options.uploadRetentionDays !== undefined ? { uploadRetentionDays: options.uploadRetentionDays } : {}),
    });
    const address = await app.listen({ port: options.port, host: options.host });
    options.out.write(`HBI is serving ${address.replace('127.0.0.1', 'localhost')} (project: ${options.projectDir}); Ctrl-C stops it\n`);
    if (accounts.length > 0) options.out.write(accountTable(accounts, options.demo));
    void queries?.rollupsReady().then((build) => {
      if (!build) return;
      options.out.write(`rollups: ${build.catalog.built.length} built in ${(build.milliseconds / 1000).toFixed(1)} s; boards read them instead of the rows\n`);
      for (const s of build.skipped) options.out.write(`  rollup ${s.dataset}.${s.rollup} not built: ${s.reason}\n`);
    });
    await new Promise<void>((resolveStopped) => {
      const stop = (signal: NodeJS.Signals) => {
        options.out.write(`\n${signal}: stopping …\n`);
        app.close().then(() => resolveStopped(), () => resolveStopped());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } finally {
    store.close();
    warehouse.close();
  }
}

function accountTable(accounts: Account[], demo: boolean): string {
  const lines = accounts.map((a) => `  ${a.username.padEnd(12)} ${(a.password ?? '(changed by an admin)').padEnd(18)} ${a.role.padEnd(10)} ${a.displayName}`);
  const heading = demo
    ? 'demo accounts (passwords generated on first start, kept in data/demo-accounts.json):'
    : 'first start: an admin account was created; this password is shown once, change it after logging in:';
  return `${heading}\n  ${'user'.padEnd(12)} ${'password'.padEnd(18)} ${'role'.padEnd(10)} name\n${lines.join('\n')}\n`;
}

async function loadMissingDatasets(options: ServeOptions, warehouse: Warehouse, project: ConnectorProject): Promise<void> {
  const loaded = new Set((await warehouse.db.runAndReadAll('SELECT dataset FROM hbi.datasets')).getRows().map((r) => String(r[0])));
  const missing = project.datasets.map((d) => d.spec.name).filter((name) => !loaded.has(name));
  if (missing.length === 0) return;
  options.out.write(`loading ${missing.length} datasets into ${options.projectDir}/data/warehouse.duckdb …\n`);
  const started = performance.now();
  const reports = await loadDatasets(warehouse, project, missing);
  const rows = reports.reduce((sum, r) => sum + r.rowsLoaded, 0);
  const rejected = reports.reduce((sum, r) => sum + r.rowsRejected, 0);
  options.out.write(`loaded ${rows.toLocaleString('en-US')} rows (${rejected} rejected) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  for (const report of reports.filter((r) => r.status !== 'loaded')) options.out.write(`  ${report.dataset} ${report.status}: ${report.message}\n`);
}
