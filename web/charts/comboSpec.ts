// Bars on the left axis and lines on a right axis of their own: two metrics of different units
// (出院人数 in 人 against 平均住院日 in 天) over the same categories or periods.
import { ChartConfigError, type ChartConfig, type ChartResult } from './chartConfig.ts';
import { columnOf, columnsOf, isTemporal, requireColumns } from './chartFields.ts';
import { columnTitle } from './columnTitle.ts';
import { isPartialSegmentTest, isWholeTest } from './partialPeriod.ts';
import {
  categoryChannel, colorChannel, partialBarEncoding, partialPointEncoding, foldMetrics, metricLabelField, thresholdLayers, tooltipChannel, valueChannel, valueField,
  type LayeredSpec,
} from './vegaChannels.ts';

/**
 * Both layers colour by metric on one shared colour scale, so a single legend names bars and lines.
 * The y scales are independent; reference lines and conditional colours belong to the bars' axis,
 * which is why the bars and thresholds share an inner layer of their own.
 */
export function comboSpec(result: ChartResult, config: ChartConfig): LayeredSpec {
  requireColumns(config, { x: true, metrics: [1, 4] });
  const secondaryNames = config.secondaryY ?? [];
  if (secondaryNames.length === 0 || config.series !== undefined) {
    throw new ChartConfigError(config.language, {
      zh: '组合图需要右轴指标（折线），且不按系列着色：请把一个指标放到右轴，去掉系列。',
      en: 'a combo chart needs metrics on the right axis (lines) and no series: put a metric on the right axis and remove the series.',
    });
  }
  const x = columnOf(result, config.x!, config.language);
  const bars = columnsOf(result, config.y, config);
  const lines = columnsOf(result, secondaryNames, config);
  const legend = { field: metricLabelField, title: null, domain: [...bars, ...lines].map((m) => columnTitle(m, config.language)) };
  const category = categoryChannel(x, config, result.rows);
  const tooltip = tooltipChannel(result, [x, ...bars, ...lines], config);
  const lineValue = valueChannel(lines, config);
  const lineEncoding = {
    x: category,
    y: { ...lineValue, axis: { ...lineValue.axis, orient: 'right' as const } },
    color: colorChannel(legend, valueField, { ...config, conditionalColors: [] })!,
    tooltip,
  };
  return {
    layer: [
      {
        layer: [
          {
            name: 'hbi_bars',
            transform: foldMetrics(bars, config),
            mark: { type: 'bar', strokeWidth: 1.5 },
            encoding: {
              x: category,
              y: { ...valueChannel(bars, config), stack: null },
              ...(bars.length > 1 ? { xOffset: { field: metricLabelField, type: 'nominal' } } : {}),
              color: colorChannel(legend, valueField, config)!,
              ...partialBarEncoding(x, legend),
              tooltip,
            },
          },
          ...thresholdLayers(bars[0]!, config),
        ],
      },
      {
        transform: foldMetrics(lines, config),
        layer: [
          ...(isTemporal(x)
            ? [
              { name: 'hbi_lines', transform: [{ filter: isWholeTest(x) }], mark: { type: 'line' as const }, encoding: lineEncoding },
              { name: 'hbi_partial_lines', transform: [{ filter: isPartialSegmentTest(x) }], mark: { type: 'line' as const, strokeDash: [5, 4] }, encoding: lineEncoding },
            ]
            : [{ name: 'hbi_lines', mark: { type: 'line' as const }, encoding: lineEncoding }]),
          { name: 'hbi_points', mark: { type: 'point', filled: true, size: 40, strokeWidth: 1.5 }, encoding: { ...lineEncoding, ...partialPointEncoding(x, legend) } },
        ],
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}
