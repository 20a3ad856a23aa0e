// A metric's review status. Metrics have no review workflow yet: whatever the catalogue lists is
// the definition in force. Drafts, reviews and retired metrics will add statuses here, and the
// catalogue's status filter and badges follow this list.
import type { CatalogueMetric } from '../api/types.ts';

export const metricStatuses = ['current'] as const;
export type MetricStatus = (typeof metricStatuses)[number];

export function isMetricStatus(value: unknown): value is MetricStatus {
  return metricStatuses.includes(value as MetricStatus);
}

export function metricStatus(_metric: Pick<CatalogueMetric, 'currentVersion'>): MetricStatus {
  return 'current';
}
