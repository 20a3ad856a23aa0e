// Heatmap: one metric over two dimensions (科室 × 月份), a cell per pair coloured by the value.
import type { ChartConfig, ChartResult } from './chartConfig.ts';
import { columnOf, requireColumns } from './chartFields.ts';
import { columnTitle } from './columnTitle.ts';
import { d3NumberFormat, numberFormatOf } from './numberFormat.ts';
import { colorConditions } from './conditionalColors.ts';
import { categoryChannel, tooltipChannel, type LayeredSpec } from './vegaChannels.ts';

/**
 * `x` gives the columns and `series` the rows. The colour scale is the value axis here: its
 * legend carries the title and format; conditional colours override it for the cells they match,
 * and reference lines have no axis to sit on.
 */
export function heatmapSpec(result: ChartResult, config: ChartConfig): LayeredSpec {
  requireColumns(config, { x: true, series: true, metrics: 1 });
  const x = columnOf(result, config.x!, config.language);
  const rows = columnOf(result, config.series!, config.language);
  const metric = columnOf(result, config.y[0]!, config.language);
  const conditions = colorConditions(metric.name, config);
  return {
    layer: [
      {
        name: 'hbi_cells',
        mark: { type: 'rect' },
        encoding: {
          x: categoryChannel(x, config, result.rows),
          y: { field: rows.name, type: 'nominal', title: columnTitle(rows, config.language) },
          color: {
            field: metric.name,
            type: 'quantitative',
            title: columnTitle(metric, config.language),
            scale: { scheme: 'blues' },
            legend: { format: d3NumberFormat(numberFormatOf(metric, config)) },
            ...(conditions.length > 0 ? { condition: conditions } : {}),
          },
          tooltip: tooltipChannel(result, [x, rows, metric], config),
        },
      },
    ],
  };
}
