import { useMemo, useSyncExternalStore } from 'react';
import { parseRoute, type Route } from './route.ts';

// The browser's history is the one place the current page is kept: links push onto it, the back
// and forward buttons pop it, and components read it through useRoute().

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** Shows another page of the app without reloading it. */
export function navigate(path: string): void {
  if (path === window.location.pathname + window.location.search) return;
  window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/**
 * Changes the address bar's query string (a page's search and filters) without a new history
 * entry: typing in a search box should not make the back button replay every keystroke.
 */
export function replaceSearch(search: string): void {
  const query = search === '' || search === '?' ? '' : search.startsWith('?') ? search : `?${search}`;
  if (query === window.location.search) return;
  window.history.replaceState(null, '', window.location.pathname + query + window.location.hash);
  for (const listener of listeners) listener();
}

/** The address bar's query string ('?q=…' or ''); re-renders when it changes. */
export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** The page the address bar names; re-renders on navigation and on back/forward. */
export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return useMemo(() => parseRoute(pathname), [pathname]);
}
