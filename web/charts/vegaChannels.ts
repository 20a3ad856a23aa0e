// The encodings every Vega-Lite chart type shares: the category or time axis, the value axis,
// tooltips, colours with their conditions, reference lines. Specs are built only from these, so
// labels, units and formats read the same on every chart.
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { Encoding } from 'vega-lite/types_unstable/encoding.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { Transform } from 'vega-lite/types_unstable/transform.js';
import type { ChartColumn, ChartConfig, ChartResult } from './chartConfig.ts';
import { finiteBound, isTemporal } from './chartFields.ts';
import { colorConditions } from './conditionalColors.ts';
import { axisTitle, columnLabel, columnTitle } from './columnTitle.ts';
import { d3NumberFormat, formatNumber, isWholeNumberFormat, numberFormatOf } from './numberFormat.ts';
import { isPartialTest } from './partialPeriod.ts';
import { d3PeriodFormat, periodTicks, periodTimeUnit } from './periodFormat.ts';

export type Channel<K extends keyof Encoding<Field>> = NonNullable<Encoding<Field>[K]>;
/** A chart's body: its layers of marks; `chartSpec` adds the data and the metadata. */
export type LayeredSpec = LayerSpec<Field>;

/** Folded metrics: one tuple per row and metric, keeping the row's own fields beside these. */
const metricField = 'hbi_metric';
export const valueField = 'hbi_value';
export const metricLabelField = 'hbi_metric_label';

/** Vega-Lite's own first colour, for marks that no field colours. */
const markColor = '#4c78a8';
const thresholdColor = '#d62728';

/**
 * One tuple per row and metric, so that one mark can draw several metrics and colour them; with a
 * label field for legends and tooltips. A single metric is folded too, so every chart reads its
 * value from `hbi_value` and conditions and reference lines are written once.
 */
export function foldMetrics(metrics: ChartColumn[], config: ChartConfig): Transform[] {
  const label = metrics.reduceRight(
    (otherwise, m) => `datum.${metricField} === ${JSON.stringify(m.name)} ? ${JSON.stringify(columnTitle(m, config.language))} : ${otherwise}`,
    'null',
  );
  return [{ fold: metrics.map((m) => m.name), as: [metricField, valueField] }, { calculate: label, as: metricLabelField }];
}

/**
 * The parameter holding the category axis's label angle (chartSpec sets it): a parameter, not a
 * number in the axis, so that new rows with fewer categories (a cross-filtered board tile) change
 * a value in the drawn chart rather than its shape (VegaChart).
 */
export const labelAngleParam = 'hbi_label_angle';

/** Chinese names read level; turned on their side only when there are too many to fit. */
export function categoryLabelAngle(column: ChartColumn, rows: ChartResult['rows']): number {
  return new Set(rows.map((r) => r[column.name])).size <= 12 ? 0 : -45;
}

/**
 * The category or time axis. Periods are temporal with their grain's time unit and ticks on whole
 * periods (see `periodTicks`); other dimensions are nominal, in `sort` order or else the query's
 * row order (`sort: null`).
 */
export function categoryChannel(column: ChartColumn, config: ChartConfig, rows: ChartResult['rows']): Channel<'x'> & Channel<'y'> {
  const title = columnTitle(column, config.language);
  if (isTemporal(column)) {
    const periods = [...new Set(rows.map((r) => String(r[column.name])))].sort();
    const axis = { format: d3PeriodFormat(config.grain, config.language), ...periodTicks(periods) };
    return { field: column.name, type: 'temporal', timeUnit: periodTimeUnit(config.grain), title, axis };
  }
  const axis = { labelAngle: { expr: labelAngleParam }, labelLimit: 160 };
  const { sort } = config;
  if (!sort) return { field: column.name, type: 'nominal', title, sort: null, axis };
  const order = sort.desc ? 'descending' : 'ascending';
  return { field: column.name, type: 'nominal', title, axis, sort: sort.by === column.name ? order : { field: sort.by, op: 'sum', order } };
}

type QuantitativeAxis = { field: string; type: 'quantitative'; title: string; axis: { format: string; tickMinStep?: number } };

/** An axis written in `format`; counts tick at whole numbers, or a small range would read 0 1 1 2 2. */
function numberAxis(format: string | undefined): QuantitativeAxis['axis'] {
  return { format: d3NumberFormat(format), ...(isWholeNumberFormat(format) ? { tickMinStep: 1 } : {}) };
}

/** The value axis of folded metrics: their labels and shared unit, the first metric's format. */
export function valueChannel(metrics: ChartColumn[], config: ChartConfig): QuantitativeAxis {
  return { field: valueField, type: 'quantitative', title: axisTitle(metrics, config.language), axis: numberAxis(metrics[0] && numberFormatOf(metrics[0], config)) };
}

/** A metric on an axis of its own (scatter). */
export function metricChannel(metric: ChartColumn, config: ChartConfig): QuantitativeAxis {
  return { field: metric.name, type: 'quantitative', title: columnTitle(metric, config.language), axis: numberAxis(numberFormatOf(metric, config)) };
}

/**
 * Tooltip lines for these columns, each titled with label and unit and formatted as on the axes.
 * A metric brings its comparison and share columns when the result has them (同比, 环比, 占比).
 */
export function tooltipChannel(result: ChartResult, columns: ChartColumn[], config: ChartConfig): Channel<'tooltip'> {
  const shown = columns.flatMap((c) => (c.role === 'metric' ? [c, ...result.columns.filter((r) => r.name.startsWith(`${c.name}__`))] : [c]));
  return shown.map((c) => {
    const title = columnTitle(c, config.language);
    if (c.role === 'metric') return { field: c.name, type: 'quantitative', title, format: d3NumberFormat(numberFormatOf(c, config)) };
    if (isTemporal(c)) return { field: c.name, type: 'temporal', timeUnit: periodTimeUnit(config.grain), title, format: d3PeriodFormat(config.grain, config.language) };
    // Masked identifiers and codes are text, shown as the server sent them.
    return { field: c.name, type: 'nominal', title };
  });
}

/** What colours the marks: a series dimension, the folded metrics, or nothing. */
export type ColorBy = { field: string; title: string | null; domain?: string[] } | null;

export function colorBy(series: ChartColumn | undefined, metrics: ChartColumn[], config: ChartConfig): ColorBy {
  if (series) return { field: series.name, title: columnLabel(series, config.language) };
  if (metrics.length > 1) return { field: metricLabelField, title: null, domain: metrics.map((m) => columnTitle(m, config.language)) };
  return null;
}

/** Colour by field or plain, with the conditional colours tested on `tested` first. */
export function colorChannel(by: ColorBy, tested: string, config: ChartConfig): Channel<'color'> | undefined {
  const conditions = colorConditions(tested, config);
  const condition = conditions.length > 0 ? { condition: conditions } : {};
  if (by) {
    return { field: by.field, type: 'nominal', title: by.title, ...(by.domain ? { scale: { domain: by.domain } } : {}), ...condition };
  }
  return conditions.length > 0 ? { ...condition, value: markColor } : undefined;
}

/**
 * Reference lines on the value axis, as a rule and its label per threshold, from a dataset named
 * `thresholds`. The label reads as the axis does (目标 85.0%). `vertical`: rules across a
 * horizontal value axis (bar_horizontal). The value is named like the folded values, so that the
 * shared axis keeps the metric's title rather than adding the rules' field name to it.
 */
export function thresholdLayers(metric: ChartColumn, config: ChartConfig, vertical = false): LayeredSpec[] {
  const thresholds = config.thresholds ?? [];
  if (thresholds.length === 0) return [];
  const format = numberFormatOf(metric, config);
  const values = thresholds.map((t) => ({
    [valueField]: finiteBound(t.value, config),
    color: t.color ?? thresholdColor,
    text: [t.label, formatNumber(t.value, format, config.language)].filter(Boolean).join(' '),
  }));
  const at: Channel<'y'> = { field: valueField, type: 'quantitative' };
  const color: Channel<'color'> = { field: 'color', type: 'nominal', scale: null };
  return [
    {
      name: 'hbi_thresholds',
      data: { name: 'thresholds', values },
      layer: [
        {
          name: 'hbi_threshold_rules',
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5, description: config.language === 'en' ? 'Reference line' : '参考线' },
          encoding: { [vertical ? 'x' : 'y']: at, color, tooltip: { field: 'text', type: 'nominal' } },
        },
        {
          name: 'hbi_threshold_labels',
          mark: vertical ? { type: 'text', align: 'left', baseline: 'top', dx: 3 } : { type: 'text', align: 'right', baseline: 'bottom', dy: -2 },
          encoding: vertical
            ? { x: at, y: { value: 0 }, text: { field: 'text', type: 'nominal' }, color }
            : { y: at, x: { value: 'width' }, text: { field: 'text', type: 'nominal' }, color },
        },
      ],
    },
  ];
}

/** The outline of marks drawn hollow or faint: the colour they would be filled with (one legend with the fill's: same field, same title). */
function outline(by: ColorBy): Channel<'stroke'> {
  return by ? { field: by.field, type: 'nominal', title: by.title, ...(by.domain ? { scale: { domain: by.domain } } : {}) } : { value: markColor };
}

/** A point of the period under way is hollow: its outline only (see partialPeriod.ts). */
export function partialPointEncoding(x: ChartColumn, by: ColorBy): { fillOpacity: Channel<'fillOpacity'>; stroke: Channel<'stroke'> } {
  if (!isTemporal(x)) return { fillOpacity: { value: 1 }, stroke: outline(by) };
  return { fillOpacity: { condition: { test: isPartialTest(x), value: 0 }, value: 1 }, stroke: outline(by) };
}

/** A bar of the period under way is faint with a dashed outline (see partialPeriod.ts). */
export function partialBarEncoding(x: ChartColumn, by: ColorBy): Pick<Encoding<Field>, 'fillOpacity' | 'strokeOpacity' | 'strokeDash' | 'stroke'> {
  if (!isTemporal(x)) return {};
  const test = isPartialTest(x);
  return {
    fillOpacity: { condition: { test, value: 0.3 }, value: 1 },
    strokeOpacity: { condition: { test, value: 1 }, value: 0 },
    strokeDash: { condition: { test, value: [4, 3] }, value: [1, 0] },
    stroke: outline(by),
  };
}
