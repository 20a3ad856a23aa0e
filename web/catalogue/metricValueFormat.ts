// A metric's `format` ('integer', 'percent', '0.0', '0.00') as number formats: d3-format patterns
// for Vega's axes and tooltips, and Intl for the page's own text.

const decimals = (format: string | undefined): number | null => {
  const pattern = /^0(?:\.(0+))?$/.exec(format ?? '');
  return pattern ? (pattern[1]?.length ?? 0) : null;
};

/** The d3-format pattern of a value: `.1%` for percent, `,d` for integers, `,.2f` for '0.00'. */
export function d3ValueFormat(format: string | undefined): string {
  if (format === 'percent') return '.1%';
  if (format === 'integer') return ',d';
  const places = decimals(format);
  return places === null ? ',.4~g' : `,.${places}f`;
}

/** The same for axis labels, where whole percentages read better. */
export function d3AxisFormat(format: string | undefined): string {
  return format === 'percent' ? '.0%' : d3ValueFormat(format);
}

/** A value written the language's way: 0.8226 → "82.3%", 1234 → "1,234". */
export function formatMetricValue(value: number, format: string | undefined, language: string): string {
  if (format === 'percent') return new Intl.NumberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  if (format === 'integer') return new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(value);
  const places = decimals(format);
  return new Intl.NumberFormat(language, places === null ? { maximumSignificantDigits: 6 } : { minimumFractionDigits: places, maximumFractionDigits: places }).format(value);
}
