// Pie and donut: one metric split by one dimension, for parts of a whole (占比).
import type { ChartConfig, ChartResult } from './chartConfig.ts';
import { columnOf, requireColumns } from './chartFields.ts';
import { columnTitle } from './columnTitle.ts';
import { tooltipChannel, type LayeredSpec } from './vegaChannels.ts';

/**
 * Slices follow the legend's order: `sort` when given, else the query's row order. Reference lines
 * and conditional colours have no value axis to sit on here, so a pie ignores them.
 */
export function arcSpec(result: ChartResult, config: ChartConfig): LayeredSpec {
  requireColumns(config, { x: true, metrics: 1 });
  const x = columnOf(result, config.x!, config.language);
  const metric = columnOf(result, config.y[0]!, config.language);
  const { sort } = config;
  const order = sort?.desc ? 'descending' : 'ascending';
  const byMetric = sort !== undefined && sort.by !== x.name;
  return {
    layer: [
      {
        name: config.type === 'donut' ? 'hbi_donut' : 'hbi_pie',
        mark: {
          type: 'arc',
          // A donut's hole is half its radius, whatever size the chart is drawn at.
          ...(config.type === 'donut' ? { innerRadius: { expr: 'min(width, height) / 4' } } : {}),
        },
        encoding: {
          theta: { field: metric.name, type: 'quantitative', stack: true, title: columnTitle(metric, config.language) },
          color: {
            field: x.name,
            type: 'nominal',
            title: columnTitle(x, config.language),
            sort: !sort ? null : byMetric ? { field: sort.by, op: 'sum', order } : order,
          },
          ...(byMetric ? { order: { field: sort.by, type: 'quantitative', sort: order } } : {}),
          tooltip: tooltipChannel(result, [x, metric], config),
        },
      },
    ],
  };
}
