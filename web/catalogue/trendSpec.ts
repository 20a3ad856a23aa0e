// A metric's recent values as a small Vega-Lite line chart: periods along x, values up y, a point
// per period with its exact value in the tooltip. Built from the query result alone, so it is
// tested without a browser (compiled with vega-lite and run by a headless vega View).
import type { TopLevelSpec } from 'vega-lite';
import type { QueryResult, TimeGrain } from '../api/types.ts';
import { localized, type Language } from '../i18n/language.ts';
import { d3AxisFormat, d3ValueFormat, formatMetricValue } from './metricValueFormat.ts';

/** The name of the chart's dataset in the Vega view. */
export const trendDataName = 'trend';

/**
 * One point: `period` is the first day of the period (YYYY-MM-DD), as the server sends it; the
 * texts are both in words ("2025年1月", "82.3%"), and `description` is what a screen reader says for it.
 */
export type TrendPoint = { period: string; value: number | null; periodText: string; valueText: string; description: string };

// The page's font stack (styles.css): Vega writes it into the SVG, and without a CJK face the
// browser would draw Chinese labels as empty boxes.
const font =
  "'Segoe UI', 'Helvetica Neue', Arial, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";
const accent = '#0b6e8a';

// Months and days in numbers for Chinese; Vega's month names are English.
const timeFormats: Record<Language, Record<'day' | 'other', { axis: string; tooltip: string }>> = {
  'zh-CN': { day: { axis: '%-m月%-d日', tooltip: '%Y年%-m月%-d日' }, other: { axis: '%-m月', tooltip: '%Y年%-m月' } },
  en: { day: { axis: '%b %-d', tooltip: '%b %-d, %Y' }, other: { axis: '%b', tooltip: '%b %Y' } },
};

/** The time column and the (first) metric column of a result, refused with the columns it has when either is missing. */
export function trendColumns(result: QueryResult) {
  const time = result.columns.find((column) => column.role === 'dimension' && column.name === 'time');
  const metric = result.columns.find((column) => column.role === 'metric');
  if (!time || !metric) {
    throw new Error(`a trend needs a time column and a metric column; the result has ${result.columns.map((c) => c.name).join(', ') || 'no columns'}`);
  }
  return { time, metric };
}

/** The result's rows as points, in period order; non-numeric values (none expected) become gaps. */
export function trendPoints(result: QueryResult, language: Language, grain: TimeGrain = 'month'): TrendPoint[] {
  const { time, metric } = trendColumns(result);
  const periodFormat = new Intl.DateTimeFormat(
    language,
    grain === 'day' ? { dateStyle: 'medium', timeZone: 'UTC' } : grain === 'year' ? { year: 'numeric', timeZone: 'UTC' } : { year: 'numeric', month: 'long', timeZone: 'UTC' },
  );
  const separator = language === 'zh-CN' ? '：' : ': ';
  return result.rows
    .map((row) => {
      const period = String(row[time.name]);
      const value = typeof row[metric.name] === 'number' ? (row[metric.name] as number) : null;
      const day = new Date(`${period}T00:00:00Z`);
      const periodText = Number.isNaN(day.getTime()) ? period : periodFormat.format(day);
      const valueText = value === null ? '—' : `${formatMetricValue(value, metric.format, language)}${metric.unit ? ` ${metric.unit}` : ''}`;
      return { period, value, periodText, valueText, description: `${periodText}${separator}${valueText}` };
    })
    .sort((a, b) => a.period.localeCompare(b.period));
}

/** Beyond this many periods (a year by day) points would crowd the line; the page's table lists the values instead. */
const maxPoints = 62;

export function trendSpec(result: QueryResult, language: Language, grain: TimeGrain = 'month'): TopLevelSpec {
  const { time, metric } = trendColumns(result);
  const label = localized(metric.label, language);
  const times = timeFormats[language][grain === 'day' ? 'day' : 'other'];
  const values = trendPoints(result, language, grain);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // Read out as the chart's name by screen readers.
    description: metric.unit ? `${label} (${metric.unit})` : label,
    data: { name: trendDataName, values },
    width: 'container',
    height: 170,
    autosize: { type: 'fit-x', contains: 'padding' },
    // The points, not the line, are what a screen reader goes through: one per period, with its value.
    mark: {
      type: 'line',
      color: accent,
      strokeWidth: values.length > maxPoints ? 1.5 : 2,
      aria: false,
      point: values.length > maxPoints ? false : { filled: true, size: 40, color: accent, aria: true },
    },
    encoding: {
      x: {
        field: 'period',
        type: 'temporal',
        title: null,
        // Periods are calendar days, not instants: in UTC no viewer's offset moves January into December.
        // Padded so that the first and last points are not cut in half by the chart's edges.
        scale: { type: 'utc', padding: 10 },
        axis: {
          format: times.axis,
          labelAngle: 0,
          grid: false,
          ...(grain === 'month' ? { tickCount: { interval: 'month', step: 1 } } : {}),
        },
      },
      y: {
        field: 'value',
        type: 'quantitative',
        title: null,
        scale: { zero: false, nice: true },
        axis: { format: d3AxisFormat(metric.format), tickCount: 4 },
      },
      description: { field: 'description' },
      tooltip: [
        // A time unit makes Vega-Lite format in UTC, as the axis does through its scale.
        { field: 'period', type: 'temporal', timeUnit: grain === 'day' ? 'utcyearmonthdate' : 'utcyearmonth', title: localized(time.label, language), format: times.tooltip },
        { field: 'value', type: 'quantitative', title: label, format: d3ValueFormat(metric.format) },
      ],
    },
    config: {
      font,
      view: { stroke: null },
      axis: { labelFontSize: 11, labelColor: '#5b6775', domainColor: '#d9dfe6', tickColor: '#d9dfe6', gridColor: '#eef1f5' },
    },
  };
}
