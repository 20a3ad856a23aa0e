// A metric's review status, as its definition states it: draft → in review → approved (in force)
// → deprecated. The catalogue's status filter and badges follow this list.
import type { CatalogueMetric, MetricStatus } from '../api/types.ts';

export type { MetricStatus };
export const metricStatuses: readonly MetricStatus[] = ['approved', 'in_review', 'draft', 'deprecated'];

export function isMetricStatus(value: unknown): value is MetricStatus {
  return metricStatuses.includes(value as MetricStatus);
}

export function metricStatus(metric: Pick<CatalogueMetric, 'status'>): MetricStatus {
  return metric.status;
}
