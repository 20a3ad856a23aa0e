// Scatter: one point per category (科室) placed by two metrics, to see how they go together
// (平均住院日 against 床位使用率).
import type { ChartColumn, ChartConfig, ChartResult } from './chartConfig.ts';
import { columnOf, columnsOf, requireColumns } from './chartFields.ts';
import { colorBy, colorChannel, metricChannel, thresholdLayers, tooltipChannel, type LayeredSpec } from './vegaChannels.ts';

/** `y[0]` runs along x and `y[1]` up y; reference lines and conditional colours test `y[1]`. */
export function scatterSpec(result: ChartResult, config: ChartConfig): LayeredSpec {
  requireColumns(config, { x: true, metrics: 2 });
  const x = columnOf(result, config.x!, config.language);
  const [across, up] = columnsOf(result, config.y, config) as [ChartColumn, ChartColumn];
  const series = config.series === undefined ? undefined : columnOf(result, config.series, config.language);
  const color = colorChannel(colorBy(series, [], config), up.name, config);
  return {
    layer: [
      {
        name: 'hbi_points',
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { ...metricChannel(across, config), scale: { zero: false } },
          y: { ...metricChannel(up, config), scale: { zero: false } },
          ...(color ? { color } : {}),
          tooltip: tooltipChannel(result, [x, ...(series ? [series] : []), across, up], config),
        },
      },
      ...thresholdLayers(up, config),
    ],
  };
}
