// The app's pages and their paths. Plain history URLs (/loads/13): the server answers index.html
// for every GET outside /api/, so each page can be bookmarked, reloaded and opened in a new tab.

export type Route = { page: 'home' } | { page: 'loadReport'; loadId: number } | { page: 'notFound'; path: string };

export const homePath = '/';
export const loadReportPath = (loadId: number) => `/loads/${loadId}`;

/** The page a path shows; a trailing slash is tolerated, anything unknown is notFound. */
export function parseRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '' || path === '/' || path === '/index.html') return { page: 'home' };
  const load = /^\/loads\/([1-9]\d{0,15})$/.exec(path);
  if (load) return { page: 'loadReport', loadId: Number(load[1]) };
  return { page: 'notFound', path: pathname };
}
