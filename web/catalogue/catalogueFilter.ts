// The catalogue's search and filters, kept in the page's query string (?q=cwsyl&owner=医务处&status=current)
// so that a filtered list can be reloaded, bookmarked and come back to with the back button.
import type { CatalogueMetric } from '../api/types.ts';
import { metricMatches } from './metricMatches.ts';
import { isMetricStatus, metricStatus, type MetricStatus } from './metricStatus.ts';

export type CatalogueFilter = {
  text: string;
  /** A department name, or null for every owner. */
  owner: string | null;
  status: MetricStatus | null;
};

export const noFilter: CatalogueFilter = { text: '', owner: null, status: null };

/** The filter a query string asks for; unknown statuses are ignored rather than matching nothing. */
export function readCatalogueFilter(search: string): CatalogueFilter {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  return { text: params.get('q') ?? '', owner: params.get('owner') || null, status: isMetricStatus(status) ? status : null };
}

/** The query string for a filter, '' when nothing is filtered. */
export function catalogueFilterSearch(filter: CatalogueFilter): string {
  const params = new URLSearchParams();
  if (filter.text !== '') params.set('q', filter.text);
  if (filter.owner !== null) params.set('owner', filter.owner);
  if (filter.status !== null) params.set('status', filter.status);
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

export function filterMetrics<M extends CatalogueMetric>(metrics: M[], filter: CatalogueFilter): M[] {
  return metrics.filter(
    (metric) =>
      (filter.owner === null || metric.owner === filter.owner) &&
      (filter.status === null || metricStatus(metric) === filter.status) &&
      metricMatches(metric, filter.text),
  );
}

/** The departments owning metrics, each once, in Chinese collation order (拼音). */
export function metricOwners(metrics: Pick<CatalogueMetric, 'owner'>[]): string[] {
  return [...new Set(metrics.map((metric) => metric.owner))].sort(new Intl.Collator('zh-CN').compare);
}
