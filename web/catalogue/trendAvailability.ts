// Whether a metric can be shown over time, and by which grain. The server groups a metric by
// time on its own time dimension; a metric computed only from other metrics uses theirs, so it
// can be shown over time when each of them can. A rolling N-day total only means something by day.
import type { CatalogueMetric, MetricDefinition, MetricQuery, TimeGrain } from '../api/types.ts';

export type TrendAvailability =
  | { kind: 'trend'; query: MetricQuery; grain: TimeGrain }
  /** `missing`: the metrics (this one, or those it is computed from) counting rows without a time dimension. */
  | { kind: 'noTimeDimension'; missing: string[] };

type Metric = Pick<CatalogueMetric, 'name' | 'type' | 'timeDimension' | 'lineage'>;

/**
 * Whether a metric aggregates measures itself (rather than only combining other metrics). Known
 * exactly from a definition; from the catalogue alone, a ratio with fewer than two metric parts
 * must have a measure part.
 */
function countsMeasures(metric: Metric, definition: MetricDefinition | undefined): boolean {
  if (definition) {
    return definition.measure !== undefined || [definition.numerator, definition.denominator].some((part) => part?.includes('.'));
  }
  if (metric.type === 'derived') return false;
  if (metric.type === 'ratio') return metric.lineage.dependsOn.length < 2;
  return true;
}

/** The last calendar year as the trend shows it: by month, or by day for a rolling window. */
export function trendAvailability(
  metric: Metric,
  definition: MetricDefinition | undefined,
  metricsByName: ReadonlyMap<string, Metric>,
): TrendAvailability {
  const missing: string[] = [];
  const seen = new Set<string>();
  const visit = (current: Metric, own: MetricDefinition | undefined) => {
    if (seen.has(current.name)) return;
    seen.add(current.name);
    if (!current.timeDimension && countsMeasures(current, own)) missing.push(current.name);
    for (const part of current.lineage.dependsOn) {
      const found = metricsByName.get(part);
      if (found) visit(found, undefined);
    }
  };
  visit(metric, definition);
  if (missing.length > 0) return { kind: 'noTimeDimension', missing };
  const grain: TimeGrain = typeof definition?.window === 'object' ? 'day' : 'month';
  return { kind: 'trend', grain, query: { metrics: [metric.name], dimensions: ['time'], grain, timeRange: { relative: 'last_year' } } };
}
