// Conditional colours (条件着色): a value above or below a bound takes a colour. Written twice with
// one meaning: as Vega-Lite conditions for charts, and in JS for HTML cards.
import { ChartConfigError, type ChartConfig } from './chartConfig.ts';
import { finiteBound } from './chartFields.ts';

/**
 * `conditionalColors` as Vega-Lite conditions on the mark's value field: each rule's bounds must
 * all hold, and the first rule that matches gives the colour.
 */
export function colorConditions(tested: string, config: ChartConfig): { test: string; value: string }[] {
  const field = `datum[${JSON.stringify(tested)}]`;
  return (config.conditionalColors ?? []).map((rule) => {
    const bounds = [
      ...(rule.above === undefined ? [] : [`${field} > ${finiteBound(rule.above, config)}`]),
      ...(rule.below === undefined ? [] : [`${field} < ${finiteBound(rule.below, config)}`]),
    ];
    if (bounds.length === 0) throw new ChartConfigError(config.language, { zh: '条件颜色需要上限或下限。', en: 'a conditional colour needs an above or a below value.' });
    return { test: bounds.join(' && '), value: rule.color };
  });
}

/** The colour of the first rule `value` matches, as `colorConditions` would pick it; null for none. */
export function conditionalColorOf(value: number, config: ChartConfig): string | null {
  const rule = (config.conditionalColors ?? []).find((r) => (r.above === undefined || value > r.above) && (r.below === undefined || value < r.below) && (r.above !== undefined || r.below !== undefined));
  return rule?.color ?? null;
}
