// The metric queries one evaluation of a metric rule asks: the rule's metric by its dimensions over
// its window as of a day, and, for a change condition, the same over the window it is compared with
// (the days just before, 环比, or the same days a year earlier, 同比). Plain MetricQuery values
// with explicit days, so an evaluation means the same whenever it is replayed.
import type { MetricQuery } from '../../metrics/compile.ts';
import { addDays, rangeDays, resolveRelativeRange, type DayRange } from '../../metrics/plan/time-range.ts';
import type { MetricAlertRule } from './alert-rule.ts';

export interface RuleQuery {
  role: 'current' | 'comparison';
  range: DayRange;
  query: MetricQuery;
}

/** The same days a year earlier; 29 February becomes the 28th. */
function yearEarlier(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function comparisonRange(range: DayRange, vs: 'previous_period' | 'yoy'): DayRange {
  if (vs === 'yoy') return { from: yearEarlier(range.from), to: yearEarlier(range.to) };
  return { from: addDays(range.from, -rangeDays(range)), to: addDays(range.from, -1) };
}

export function metricRuleQuery(rule: MetricAlertRule, asOf: string): RuleQuery[] {
  const { metric, dimensions, where, window } = rule.watch;
  const ask = (range: DayRange): MetricQuery => ({
    metrics: [metric], ...(dimensions?.length ? { dimensions } : {}), ...(where ? { where } : {}), timeRange: range,
  });
  const current = resolveRelativeRange(window, asOf);
  const queries: RuleQuery[] = [{ role: 'current', range: current, query: ask(current) }];
  if ('change' in rule.condition) {
    const before = comparisonRange(current, rule.condition.change.vs);
    queries.push({ role: 'comparison', range: before, query: ask(before) });
  }
  return queries;
}
