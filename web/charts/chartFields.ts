// The result columns a chart config names, checked before anything is drawn: a saved chart may
// outlive a metric or dimension it names, and its reader should learn which and what to do.
import { ChartConfigError, type ChartColumn, type ChartConfig, type ChartResult } from './chartConfig.ts';
import type { Language } from '../i18n/language.ts';

/** The result's column of that name, or an error naming the columns there are. */
export function columnOf(result: ChartResult, name: string, language: Language): ChartColumn {
  const column = result.columns.find((c) => c.name === name);
  if (column) return column;
  const names = result.columns.map((c) => c.name).join(', ');
  throw new ChartConfigError(language, {
    zh: `查询结果中没有“${name}”列；现有的列为 ${names}。请把图表的字段换成查询里有的字段。`,
    en: `the query result has no column "${name}"; its columns are ${names}. Put a field of the query on the chart.`,
  });
}

export function isTemporal(column: ChartColumn): boolean {
  return column.type === 'date' || column.type === 'timestamp';
}

/** The columns of these names, failing on the first the result lacks. */
export function columnsOf(result: ChartResult, names: string[], config: ChartConfig): ChartColumn[] {
  return names.map((name) => columnOf(result, name, config.language));
}

export function requireColumns(config: ChartConfig, what: { x?: boolean; series?: boolean; metrics: number | [number, number] }): void {
  const [least, most] = typeof what.metrics === 'number' ? [what.metrics, what.metrics] : what.metrics;
  const missing = (zh: string, en: string) => new ChartConfigError(config.language, { zh: `${config.type} 图需要${zh}。`, en: `a ${config.type} chart needs ${en}.` });
  if (what.x && !config.x) throw missing('一个维度（x）', 'a dimension on x');
  if (what.series && !config.series) throw missing('第二个维度（系列）', 'a second dimension as series');
  if (config.y.length < least || config.y.length > most) {
    const count = least === most ? `${least}` : `${least}–${most}`;
    throw missing(` ${count} 个指标`, `${count} metric(s)`);
  }
}

/** A bound of a reference line or conditional colour; the config is JSON, so check it is a number. */
export function finiteBound(value: unknown, config: ChartConfig): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new ChartConfigError(config.language, {
    zh: `“${String(value)}”不是数字：参考线和条件颜色的界限须为数字。`,
    en: `"${String(value)}" is not a number: reference lines and conditional colours need numeric bounds.`,
  });
}
