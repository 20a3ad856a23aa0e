// The app's pages and their paths. Plain history URLs (/loads/13): the server answers index.html
// for every GET outside /api/, so each page can be bookmarked, reloaded and opened in a new tab.

export type Route =
  | { page: 'home' }
  | { page: 'loadReport'; loadId: number }
  | { page: 'metrics' }
  | { page: 'metric'; name: string }
  /** The chart builder: a new chart (chartId null) or a saved one reopened. */
  | { page: 'builder'; chartId: string | null }
  | { page: 'notFound'; path: string };

export const homePath = '/';
export const loadReportPath = (loadId: number) => `/loads/${loadId}`;
/** The metric catalogue; its search and filters ride in the query string. */
export const metricsPath = '/metrics';
export const metricPath = (name: string) => `/metrics/${encodeURIComponent(name)}`;
export const builderPath = '/builder';
export const savedChartPath = (chartId: string) => `/builder/${encodeURIComponent(chartId)}`;

/** The page a path shows; a trailing slash is tolerated, anything unknown is notFound. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '' || path === '/' || path === '/index.html') return { page: 'home' };
  const load = /^\/loads\/([1-9]\d{0,15})$/.exec(path);
  if (load) return { page: 'loadReport', loadId: Number(load[1]) };
  if (path === metricsPath) return { page: 'metrics' };
  // Metric names as the server allows them (lower case, digits, underscores).
  const metric = /^\/metrics\/([a-z_][a-z0-9_]{0,63})$/.exec(path);
  if (metric) return { page: 'metric', name: metric[1]! };
  if (path === builderPath) return { page: 'builder', chartId: null };
  // Saved charts are named by a UUID.
  const chart = /^\/builder\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(path);
  if (chart) return { page: 'builder', chartId: chart[1]!.toLowerCase() };
  return { page: 'notFound', path: pathname };
}
