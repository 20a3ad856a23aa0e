// Bars (grouped, stacked, horizontal), lines and areas: metrics along a category or time axis.
import { ChartConfigError, type ChartConfig, type ChartResult } from './chartConfig.ts';
import { columnOf, columnsOf, isTemporal, requireColumns } from './chartFields.ts';
import { isPartialSegmentTest, isWholeTest } from './partialPeriod.ts';
import {
  categoryChannel, colorBy, colorChannel, foldMetrics, partialBarEncoding, partialPointEncoding, thresholdLayers, tooltipChannel, valueChannel, valueField,
  type Channel, type LayeredSpec,
} from './vegaChannels.ts';

/**
 * Several metrics on one chart are drawn side by side (or stacked) and coloured by metric; a
 * series colours one metric by a second dimension. Both at once would need two colour keys.
 * Bars group with an x offset and are stacked only as `bar_stacked`; areas stack by colour.
 */
export function cartesianSpec(result: ChartResult, config: ChartConfig): LayeredSpec {
  requireColumns(config, { x: true, metrics: [1, 8] });
  const x = columnOf(result, config.x!, config.language);
  const metrics = columnsOf(result, config.y, config);
  const series = config.series === undefined ? undefined : columnOf(result, config.series, config.language);
  if (series && metrics.length > 1) {
    throw new ChartConfigError(config.language, {
      zh: '按系列着色的图只能放一个指标：请去掉系列，或只留一个指标。',
      en: 'a chart coloured by series shows one metric: remove the series or keep one metric.',
    });
  }
  const horizontal = config.type === 'bar_horizontal';
  const [categoryAxis, valueAxis] = horizontal ? (['y', 'x'] as const) : (['x', 'y'] as const);
  const by = colorBy(series, metrics, config);
  const stacked = config.type === 'bar_stacked' || (config.type === 'area' && by !== null);
  const value: Channel<'y'> = { ...valueChannel(metrics, config), stack: stacked ? 'zero' : null };
  const tooltip = tooltipChannel(result, [x, ...(series ? [series] : []), ...metrics], config);
  const transform = foldMetrics(metrics, config);
  const thresholds = thresholdLayers(metrics[0]!, config, horizontal);

  if (config.type === 'line' || config.type === 'area') {
    const encoding = { x: categoryChannel(x, config, result.rows), y: value };
    const plainColor = colorChannel(by, valueField, { ...config, conditionalColors: [] });
    const line = config.type === 'line';
    const temporal = isTemporal(x);
    return {
      layer: [
        {
          name: line ? 'hbi_lines' : 'hbi_areas',
          transform: temporal ? [...transform, { filter: isWholeTest(x) }] : transform,
          mark: line ? { type: 'line' } : { type: 'area', opacity: 0.7 },
          encoding: { ...encoding, ...optionalColor(plainColor), tooltip },
        },
        // The period under way joins the last whole one by a dashed segment (a fainter area), so
        // that its short count does not read as a fall.
        ...(temporal ? [{
          name: line ? 'hbi_partial_lines' : 'hbi_partial_areas',
          transform: [...transform, { filter: isPartialSegmentTest(x) }],
          mark: line ? { type: 'line' as const, strokeDash: [5, 4] } : { type: 'area' as const, opacity: 0.3 },
          encoding: { ...encoding, ...optionalColor(plainColor), tooltip },
        }] : []),
        // Points carry the tooltips and the conditional colours, which colour one value, not a
        // line; the period under way's point is hollow.
        {
          name: 'hbi_points',
          transform,
          mark: { type: 'point', filled: true, size: 40, strokeWidth: 1.5 },
          encoding: { ...encoding, ...optionalColor(colorChannel(by, valueField, config)), ...partialPointEncoding(x, by), tooltip },
        },
        ...thresholds,
      ],
    };
  }

  const offset = config.type !== 'bar_stacked' && by ? { [horizontal ? 'yOffset' : 'xOffset']: { field: by.field, type: 'nominal', ...(by.domain ? { sort: by.domain } : {}) } } : {};
  return {
    layer: [
      {
        name: 'hbi_bars',
        transform,
        mark: { type: 'bar', strokeWidth: 1.5 },
        encoding: {
          [categoryAxis]: categoryChannel(x, config, result.rows),
          [valueAxis]: value,
          ...offset,
          ...optionalColor(colorChannel(by, valueField, config)),
          ...partialBarEncoding(x, by),
          tooltip,
        },
      },
      ...thresholds,
    ],
  };
}

function optionalColor(color: Channel<'color'> | undefined): { color?: Channel<'color'> } {
  return color ? { color } : {};
}
