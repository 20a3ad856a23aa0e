// A metric rule's condition applied to query answers: a pure function from the rows of the current
// window (and of the compared window, for a change) to one outcome per group, with the value, the
// threshold that applied (a group's override or the rule's) and whether it breaches.
import type { Cell } from '../query-runner.ts';
import { groupKey, type AlertCondition, type MetricAlertRule } from './alert-rule.ts';

export type { Cell };
export type Group = Record<string, string | number | null>;

export type OutcomeStatus = 'breaching' | 'ok' | 'no_data';

export interface GroupOutcome {
  key: string;
  group: Group;
  status: OutcomeStatus;
  value: number | null;
  /** The condition that applied to this group: the rule's, or its override. */
  threshold: AlertCondition;
  /** For a change condition: the compared window's value and the change in percent. */
  comparison?: number | null;
  changePercent?: number | null;
}

/** The group's override when one names all of its values, else the rule's condition. */
export function conditionFor(rule: Pick<MetricAlertRule, 'condition' | 'overrides'>, group: Group): AlertCondition {
  const override = rule.overrides?.find((o) => Object.entries(o.group).every(([dimension, value]) => group[dimension] !== undefined && String(group[dimension]) === value));
  return override?.condition ?? rule.condition;
}

const numberOf = (cell: Cell | undefined): number | null => (typeof cell === 'number' && Number.isFinite(cell) ? cell : null);

function groupOf(row: Record<string, Cell>, dimensions: string[]): Group {
  return Object.fromEntries(dimensions.map((d) => {
    const value = row[d];
    return [d, typeof value === 'boolean' ? String(value) : value ?? null];
  }));
}

/**
 * One outcome per group of `current`, and per group of `expected` (groups known from earlier
 * evaluations) that the answer no longer has: those have no data. A rule without dimensions has
 * one group, `*`, with or without a row.
 */
export function evaluateCondition(
  rule: Pick<MetricAlertRule, 'watch' | 'condition' | 'overrides'>,
  current: Record<string, Cell>[],
  comparison: Record<string, Cell>[] = [],
  expected: Group[] = [],
): GroupOutcome[] {
  const dimensions = rule.watch.dimensions ?? [];
  const metric = rule.watch.metric;
  const before = new Map(comparison.map((row) => [groupKey(groupOf(row, dimensions)), numberOf(row[metric])]));
  const groups = new Map<string, { group: Group; value: number | null }>();
  for (const row of current) {
    const group = groupOf(row, dimensions);
    groups.set(groupKey(group), { group, value: numberOf(row[metric]) });
  }
  for (const group of dimensions.length === 0 ? [{}] : expected) {
    const key = groupKey(group);
    if (!groups.has(key)) groups.set(key, { group, value: null });
  }
  return [...groups].map(([key, { group, value }]) => {
    const threshold = conditionFor(rule, group);
    return { key, group, value, threshold, ...judge(threshold, value, before.get(key) ?? null) };
  });
}

function judge(condition: AlertCondition, value: number | null, previous: number | null): Pick<GroupOutcome, 'status' | 'comparison' | 'changePercent'> {
  if ('noData' in condition) return { status: value === null ? 'breaching' : 'ok' };
  if ('change' in condition) {
    // A change from nothing, or from zero, has no percentage: there is nothing to compare with.
    if (value === null || previous === null || previous === 0) return { status: 'no_data', comparison: previous, changePercent: null };
    const changePercent = ((value - previous) / Math.abs(previous)) * 100;
    const { percent, direction } = condition.change;
    const breaching = (direction !== 'down' && changePercent >= percent) || (direction !== 'up' && changePercent <= -percent);
    return { status: breaching ? 'breaching' : 'ok', comparison: previous, changePercent };
  }
  if (value === null) return { status: 'no_data' };
  const breaching = 'above' in condition ? value > condition.above
    : 'below' in condition ? value < condition.below
      : value < condition.outside[0] || value > condition.outside[1];
  return { status: breaching ? 'breaching' : 'ok' };
}

/** The threshold as people read it: `> 1`, `< 0.95`, `outside 0.8–1`, `同比 ↑ ≥ 20%`, `no data`. */
export function describeCondition(condition: AlertCondition): string {
  if ('above' in condition) return `> ${condition.above}`;
  if ('below' in condition) return `< ${condition.below}`;
  if ('outside' in condition) return `outside ${condition.outside[0]}–${condition.outside[1]}`;
  if ('noData' in condition) return 'no data';
  const { vs, percent, direction } = condition.change;
  return `${vs === 'yoy' ? '同比' : '环比'} ${direction === 'up' ? '↑' : direction === 'down' ? '↓' : '↑↓'} ≥ ${percent}%`;
}
