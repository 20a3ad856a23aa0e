// The app's pages and their paths. Plain history URLs (/loads/13): the server answers index.html
// for every GET outside /api/, so each page can be bookmarked, reloaded and opened in a new tab.

export type Route =
  | { page: 'home' }
  /** The warehouse's datasets and the extracts they are loaded from. */
  | { page: 'data' }
  | { page: 'loadReport'; loadId: number }
  | { page: 'metrics' }
  | { page: 'metric'; name: string }
  /** The chart builder: a new chart (chartId null) or a saved one reopened. */
  | { page: 'builder'; chartId: string | null }
  /** Dashboards (驾驶舱): the list, one board as readers see it, its editor, its TV (cockpit) mode. */
  | { page: 'dashboards' }
  | { page: 'dashboard'; id: string }
  | { page: 'dashboardEdit'; id: string }
  | { page: 'dashboardTv'; id: string }
  /** A share link: opens its board after login, until it expires. */
  | { page: 'sharedLink'; token: string }
  | { page: 'notFound'; path: string };

export const homePath = '/';
export const dataPath = '/data';
export const loadReportPath = (loadId: number) => `/loads/${loadId}`;
/** The metric catalogue; its search and filters ride in the query string. */
export const metricsPath = '/metrics';
export const metricPath = (name: string) => `/metrics/${encodeURIComponent(name)}`;
export const builderPath = '/builder';
export const savedChartPath = (chartId: string) => `/builder/${encodeURIComponent(chartId)}`;
export const dashboardsPath = '/dashboards';
export const dashboardPath = (id: string) => `/dashboards/${encodeURIComponent(id)}`;
export const dashboardEditPath = (id: string) => `${dashboardPath(id)}/edit`;
export const dashboardTvPath = (id: string) => `${dashboardPath(id)}/tv`;
export const sharedLinkPath = (token: string) => `/shared/${encodeURIComponent(token)}`;

const uuid = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';

/** The page a path shows; a trailing slash is tolerated, anything unknown is notFound. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '' || path === '/' || path === '/index.html') return { page: 'home' };
  if (path === dataPath) return { page: 'data' };
  const load = /^\/loads\/([1-9]\d{0,15})$/.exec(path);
  if (load) return { page: 'loadReport', loadId: Number(load[1]) };
  if (path === metricsPath) return { page: 'metrics' };
  // Metric names as the server allows them (lower case, digits, underscores).
  const metric = /^\/metrics\/([a-z_][a-z0-9_]{0,63})$/.exec(path);
  if (metric) return { page: 'metric', name: metric[1]! };
  if (path === builderPath) return { page: 'builder', chartId: null };
  // Saved charts are named by a UUID.
  const chart = new RegExp(`^/builder/${uuid}$`, 'i').exec(path);
  if (chart) return { page: 'builder', chartId: chart[1]!.toLowerCase() };
  if (path === dashboardsPath) return { page: 'dashboards' };
  // Dashboards are named by a UUID too, and share links by a URL-safe token.
  const dashboard = new RegExp(`^/dashboards/${uuid}(/edit|/tv)?$`, 'i').exec(path);
  if (dashboard) {
    const id = dashboard[1]!.toLowerCase();
    return dashboard[2] === '/edit' ? { page: 'dashboardEdit', id } : dashboard[2] === '/tv' ? { page: 'dashboardTv', id } : { page: 'dashboard', id };
  }
  const link = /^\/shared\/([A-Za-z0-9_-]{16,64})$/.exec(path);
  if (link) return { page: 'sharedLink', token: link[1]! };
  return { page: 'notFound', path: pathname };
}
