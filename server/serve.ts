// Runs the app on a port until SIGINT/SIGTERM, then closes it cleanly. The server owns the
// project's warehouse file while it runs (DuckDB allows one writer process).
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { readConnectorProject } from '../connectors/project.ts';
import { loadDatasets } from '../connectors/load.ts';

export const builtWebRoot = fileURLToPath(new URL('../dist/web', import.meta.url));

export interface ServeOptions {
  projectDir: string;
  extractsDir: string;
  port: number;
  host: string;
  /** Load every dataset that has never loaded successfully before serving (the demo). */
  loadMissing: boolean;
  out: NodeJS.WritableStream;
}

export async function serve(options: ServeOptions): Promise<void> {
  const warehouse = await openWarehouse(options.projectDir);
  try {
    if (options.loadMissing) await loadMissingDatasets(options, warehouse);
    const app = await buildApp({ extractsDir: options.extractsDir, webRoot: builtWebRoot, warehouse });
    const address = await app.listen({ port: options.port, host: options.host });
    options.out.write(`HBI is serving ${address.replace('127.0.0.1', 'localhost')} (project: ${options.projectDir}); Ctrl-C stops it\n`);
    await new Promise<void>((resolveStopped) => {
      const stop = (signal: NodeJS.Signals) => {
        options.out.write(`\n${signal}: stopping …\n`);
        app.close().then(() => resolveStopped(), () => resolveStopped());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } finally {
    warehouse.close();
  }
}

async function loadMissingDatasets(options: ServeOptions, warehouse: Awaited<ReturnType<typeof openWarehouse>>): Promise<void> {
  const project = await readConnectorProject(options.projectDir);
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
