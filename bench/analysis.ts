// 智能分析 on the hospital generator's daily series (scale 1 unless HBI_ANALYSIS_SCALE says
// otherwise): a 90-day forecast with its rolling-origin backtest per series against the 1 s goal,
// and MAPE at 1, 7 and 28 days ahead beside the seasonal-naive baseline's, for outpatient visits,
// emergency arrivals and occupied beds hospital-wide, and one department's outpatient visits.
import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { readConnectorProject } from '../connectors/project.ts';
import { openWarehouse } from '../connectors/warehouse.ts';
import { loadDatasets } from '../connectors/load.ts';
import { generateHospital } from '../examples/hospital/generator/generate.ts';
import { compileQuery } from '../metrics/compile.ts';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { backtest } from '../server/analysis/backtest.ts';
import { forecastSeries } from '../server/analysis/forecast.ts';
import { seriesFromRows, type Series } from '../server/analysis/series.ts';
import type { BenchContext, BenchFigure } from './run.ts';

const goalMs = 1000;

export async function benchAnalysis(context: BenchContext): Promise<BenchFigure[]> {
  const scale = Number(process.env.HBI_ANALYSIS_SCALE ?? 1);
  const project = join(context.workDir, 'analysis-project');
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  let extracts: string;
  if (scale === 1) extracts = await context.scale1Extracts();
  else {
    extracts = join(context.workDir, `analysis-scale-${scale}`);
    await generateHospital({ outDir: extracts, scale, seed: 1, end: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) });
  }
  await symlink(extracts, join(project, 'extracts'));
  for (const folder of ['datasets', 'model', 'metrics']) await symlink(new URL(`../examples/hospital/${folder}`, import.meta.url).pathname, join(project, folder));
  const warehouse = await openWarehouse(project);
  const figures: BenchFigure[] = [];
  try {
    await loadDatasets(warehouse, await readConnectorProject(project), ['departments', 'wards', 'doctors', 'patients', 'admissions', 'outpatient_visits', 'emergency_visits']);
    const model = await readSemanticModel(project);
    const connection = await warehouse.instance.connect();
    const rows = async (text: string, params: unknown[] = []) => (await connection.runAndReadAll(text, params as never)).getRowObjectsJS();
    const { from, to } = (await rows('SELECT min(registered_at)::DATE::VARCHAR AS "from", max(registered_at)::DATE::VARCHAR AS "to" FROM outpatient_visits'))[0] as { from: string; to: string };
    const metricSeries = async (metric: string, where?: string): Promise<Series> => {
      const compiled = compileQuery(model, { metrics: [metric], dimensions: ['time'], grain: 'day', timeRange: { from, to }, ...(where ? { where } : {}) });
      const result = await rows(compiled.sql.text, compiled.sql.params);
      return seriesFromRows(result.map((r) => ({ time: (r.time as Date).toISOString().slice(0, 10), value: r[metric] === null ? null : Number(r[metric]) })), 'day');
    };
    const series: [string, Series][] = [
      ['outpatient visits (门诊人次)', await metricSeries('outpatient_visits')],
      // No governed metric counts emergency arrivals yet: the emergency extract's rows by arrival day.
      ['emergency arrivals (急诊就诊, rows by arrival day)', seriesFromRows((await rows(
        'SELECT arrived_at::DATE::VARCHAR AS time, count(*)::DOUBLE AS value FROM emergency_visits WHERE arrived_at::DATE BETWEEN $1::DATE AND $2::DATE GROUP BY 1', [from, to],
      )) as { time: string; value: number }[], 'day')],
      ['occupied beds (实际占用总床日数 per day)', await metricSeries('occupied_bed_days')],
      ['心血管内科 outpatient visits', await metricSeries('outpatient_visits', "department = '0101'")],
    ];
    connection.closeSync();
    for (const [name, s] of series) {
      const started = performance.now();
      forecastSeries(s, { horizon: 90 });
      const result = backtest(s);
      const ms = performance.now() - started;
      figures.push({ figure: `forecast 90 days + backtest (12 origins), ${name}, ${s.values.length} days at scale ${scale}`, value: `${ms.toFixed(0)} ms`, baseline: `goal ${goalMs} ms`, ratio: (ms / goalMs).toFixed(2) });
      const pct = (v: number | null) => (v === null ? '—' : v.toFixed(1));
      const measure = result.smallCounts ? 'sMAPE' : 'MAPE';
      const ours = result.horizons.map((h) => pct(result.smallCounts ? h.smape : h.mape));
      const theirs = result.horizons.map((h) => pct(result.smallCounts ? h.baseline.smape : h.baseline.mape));
      figures.push({
        figure: `${measure} at 1 / 7 / 28 days ahead, ${name}`,
        value: `${ours.join(' / ')} %`,
        baseline: `seasonal naive: ${theirs.join(' / ')} %`,
        ratio: result.horizons.map((h) => ((result.smallCounts ? h.smape : h.mape ?? 0) / ((result.smallCounts ? h.baseline.smape : h.baseline.mape) || 1)).toFixed(2)).join(' / '),
      });
    }
  } finally {
    warehouse.close();
  }
  return figures;
}
