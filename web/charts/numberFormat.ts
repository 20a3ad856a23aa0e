// How a metric's numbers are written, in two forms that must agree: a d3-format specifier for
// Vega (axes, tooltips) and Intl for the HTML tables and KPI cards.
import type { Language } from '../i18n/language.ts';
import type { ChartColumn, ChartConfig } from './chartConfig.ts';

/** `decimals: null` when the metric names no format: up to two digits, trailing zeros dropped. */
type NumberStyle = { percent: boolean; decimals: number | null };

/** The config's override for this metric, else the metric definition's format. */
export function numberFormatOf(column: ChartColumn, config: Pick<ChartConfig, 'numberFormat'>): string | undefined {
  return config.numberFormat?.[column.name] ?? column.format;
}

function styleOf(format: string | undefined): NumberStyle {
  if (format === 'percent') return { percent: true, decimals: 1 };
  if (format === 'integer') return { percent: false, decimals: 0 };
  const pattern = /^0\.(0+)$/.exec(format ?? '');
  if (pattern) return { percent: false, decimals: pattern[1]!.length };
  const decimal = /^decimal(\d)$/.exec(format ?? '');
  if (decimal) return { percent: false, decimals: Number(decimal[1]) };
  return { percent: false, decimals: null };
}

/** percent → `.1%`; integer → `,.0f` (grouped); `0.00` → `,.2f`; no format → `,.2~f`. */
/** Whether numbers in `format` have no digits after the point (人次, 人): their axes tick at whole numbers only. */
export function isWholeNumberFormat(format: string | undefined): boolean {
  const style = styleOf(format);
  return !style.percent && style.decimals === 0;
}

export function d3NumberFormat(format: string | undefined): string {
  const style = styleOf(format);
  if (style.percent) return `.${style.decimals ?? 1}%`;
  return style.decimals === null ? ',.2~f' : `,.${style.decimals}f`;
}

/**
 * The same digits as `d3NumberFormat`, written with Intl for HTML. `signed` adds + to increases,
 * for 同比/环比 changes. A string (a masked value) is returned as it is.
 */
export function formatNumber(value: number | string, format: string | undefined, language: Language, signed = false): string {
  if (typeof value === 'string') return value;
  return numberFormatter(format, language, signed).format(value);
}

/** An Intl.NumberFormat is slow to make and a board writes dozens of numbers in a few forms: one of each is kept. */
const formatters = new Map<string, Intl.NumberFormat>();

function numberFormatter(format: string | undefined, language: Language, signed: boolean): Intl.NumberFormat {
  const key = `${language}|${format ?? ''}|${signed}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const style = styleOf(format);
    const digits = style.decimals === null ? { maximumFractionDigits: 2 } : { minimumFractionDigits: style.decimals, maximumFractionDigits: style.decimals };
    formatter = new Intl.NumberFormat(language, {
      ...digits,
      ...(style.percent ? { style: 'percent' } : {}),
      ...(signed ? { signDisplay: 'exceptZero' } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}
