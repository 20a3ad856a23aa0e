// A chart as a Vega-Lite spec: a pure function of the query result and the chart config.
import type { TopLevelSpec } from 'vega-lite';
import { arcSpec } from './arcSpec.ts';
import { cartesianSpec } from './cartesianSpec.ts';
import type { ChartConfig, ChartResult, VegaChartType } from './chartConfig.ts';
import { columnLabel } from './columnTitle.ts';
import { comboSpec } from './comboSpec.ts';
import { heatmapSpec } from './heatmapSpec.ts';
import { partialPeriodParams } from './partialPeriod.ts';
import { rankedRows } from './rankedRows.ts';
import { scatterSpec } from './scatterSpec.ts';
import { categoryLabelAngle, labelAngleParam, type LayeredSpec } from './vegaChannels.ts';

const specOf: Record<VegaChartType, (result: ChartResult, config: ChartConfig) => LayeredSpec> = {
  bar: cartesianSpec, bar_stacked: cartesianSpec, bar_horizontal: cartesianSpec, line: cartesianSpec, area: cartesianSpec,
  combo: comboSpec, pie: arcSpec, donut: arcSpec, scatter: scatterSpec, heatmap: heatmapSpec,
};

/** What browser tests read back from a drawn chart's spec (`usermeta.hbi`); unset fields are left out of its JSON. */
export type ChartMeta = Pick<ChartConfig, 'type' | 'x' | 'y' | 'series' | 'secondaryY'>;

/**
 * The spec of a Vega-Lite chart type; `kpiCard`, `tableModel` and `pivotModel` draw the others.
 *
 * The rows (after `topN`, see `rankedRows`) are inlined as the dataset `table`, so the chart needs
 * no network and `view.data('table')` reads them back. Every mark is named (`hbi_bars_marks`,
 * `hbi_points_marks`, `hbi_threshold_rules_marks`, …) and reference lines read the dataset
 * `thresholds`. Size is left to the caller (`width: 'container'` in a dashboard tile).
 */
export function chartSpec(result: ChartResult, config: ChartConfig & { type: VegaChartType }): TopLevelSpec {
  const meta: ChartMeta = { type: config.type, x: config.x, y: config.y, series: config.series, secondaryY: config.secondaryY };
  const x = result.columns.find((c) => c.name === config.x);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: chartDescription(result, config),
    usermeta: { hbi: meta },
    // Copies: Vega tags the objects it ingests, and the rows belong to the query cache.
    data: { name: 'table', values: rankedRows(result, config).map((row) => ({ ...row })) },
    params: [{ name: labelAngleParam, value: x ? categoryLabelAngle(x, result.rows) : 0 }, ...partialPeriodParams(result, config)],
    ...specOf[config.type](result, config),
  } as TopLevelSpec;
}

/** The chart's accessible description: 出院人数、平均住院日，按科室 / Discharges, ALOS by Department. */
function chartDescription(result: ChartResult, config: ChartConfig): string {
  const label = (name: string | undefined) => {
    const column = result.columns.find((c) => c.name === name);
    return column ? columnLabel(column, config.language) : undefined;
  };
  const zh = config.language === 'zh-CN';
  const metrics = [...config.y, ...(config.secondaryY ?? [])].map(label).filter(Boolean).join(zh ? '、' : ', ');
  const by = [label(config.x), label(config.series)].filter(Boolean).join(zh ? '、' : ' and ');
  if (!by) return metrics;
  return zh ? `${metrics}，按${by}` : `${metrics} by ${by}`;
}

