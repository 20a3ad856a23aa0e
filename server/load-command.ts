// `hbi load [--project DIR] [--json] [DATASET...]`: loads extracts into the project's warehouse,
// with live progress on a terminal and a summary (or the reports as JSON) at the end.
import { readConnectorProject } from '../connectors/project.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { checkDatasetNames, heldLoad, loadDatasets, settleHeldLoad } from '../connectors/load.ts';
import type { LoadProgress, LoadReport } from '../connectors/load-report.ts';

export async function runLoad(
  /** `held`: confirm (load anyway and publish) or discard the datasets' held loads. */
  options: { projectDir: string; datasets: string[]; json: boolean; held?: 'confirm' | 'discard' },
  out: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<{ reports: LoadReport[]; ok: boolean }> {
  const project = await readConnectorProject(options.projectDir);
  checkDatasetNames(project, options.datasets);
  const warehouse = await openWarehouse(options.projectDir);
  const live = !options.json && out.isTTY === true;
  const started = new Map<string, number>();
  const onProgress = ({ dataset, phase, rowsRead }: LoadProgress) => {
    if (!started.has(dataset)) started.set(dataset, performance.now());
    if (!live || phase === 'done') return;
    const seconds = (performance.now() - started.get(dataset)!) / 1000;
    const rate = seconds > 0 ? Math.round(rowsRead / seconds) : 0;
    out.write(`\r\x1b[K  ${dataset.padEnd(28)} ${phase.padEnd(10)} ${rowsRead.toLocaleString('en-US').padStart(11)} rows  ${rate.toLocaleString('en-US').padStart(9)} rows/s`);
  };
  try {
    const by = `hbi load (${process.env.USER ?? 'command line'})`;
    if (options.held) {
      for (const dataset of options.datasets) {
        const held = await heldLoad(warehouse, dataset);
        if (!held) throw new Error(`${dataset} has no load held for confirmation / ${dataset} 没有待确认的加载`);
        await settleHeldLoad(warehouse, held.loadId, options.held === 'confirm' ? 'confirmed' : 'discarded', by);
      }
    }
    if (options.held === 'discard') {
      for (const dataset of options.datasets) out.write(`⌫ ${dataset.padEnd(28)} held load discarded; the previous version stays\n`);
      return { reports: [], ok: true };
    }
    const reports = await loadDatasets(warehouse, project, options.datasets, (progress) => {
      onProgress(progress);
      if (progress.phase === 'done' && live) out.write('\r\x1b[K');
    }, { confirmHold: options.held === 'confirm' });
    if (options.json) out.write(`${JSON.stringify(reports, null, 2)}\n`);
    else for (const report of reports) out.write(summaryLine(report));
    return { reports, ok: reports.every((r) => r.status === 'loaded') };
  } finally {
    warehouse.close();
  }
}

function summaryLine(report: LoadReport): string {
  const mark = report.status === 'loaded' ? '✓' : report.status === 'held' ? '⏸' : '✗';
  const rate = report.durationMs > 0 ? Math.round((report.rowsRead / report.durationMs) * 1000) : report.rowsRead;
  const figures = `${report.rowsLoaded.toLocaleString('en-US')} loaded, ${report.rowsRejected.toLocaleString('en-US')} rejected` +
    `${report.rowsSkipped ? `, ${report.rowsSkipped.toLocaleString('en-US')} already loaded` : ''} of ${report.rowsRead.toLocaleString('en-US')} read` +
    ` in ${(report.durationMs / 1000).toFixed(1)} s (${rate.toLocaleString('en-US')} rows/s)`;
  let text = `${mark} ${report.dataset.padEnd(28)} ${report.status.padEnd(8)} ${figures}${report.dataVersion !== null ? `, data version ${report.dataVersion}` : ''}\n`;
  for (const reject of report.rejects) {
    const example = reject.examples[0];
    text += `    ${String(reject.rows).padStart(6)} × ${reject.rule}${reject.column ? ` (${reject.column})` : ''}` +
      `${example ? `  e.g. ${example.file}${example.sheet ? ` sheet ${example.sheet}` : ''} row ${example.row}: ${example.message}` : ''}\n`;
  }
  if (report.message) text += `    ${report.message}\n`;
  return text;
}
