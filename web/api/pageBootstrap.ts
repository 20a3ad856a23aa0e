// The answers the app's page arrived with (server/web-page.ts): put into the query cache under the
// keys the pages ask by, before anything asks, so that the first page starts from them instead of
// a round trip each; a board's tiles find theirs under their query's key. They count as fetched
// now: fresh for as long as each query keeps its answers.
import type { QueryClient } from '@tanstack/react-query';
import { dashboardQueryKey, homeDashboardQueryKey } from '../dashboards/useDashboard.ts';
import { rememberHomeBoard, rememberSignedIn } from './lastVisit.ts';
import { pageBootstrapElementId, type PageBootstrap } from './types.ts';
import { catalogueQueryKey } from './useCatalogue.ts';
import { metricQueryResultKey } from './useMetricQuery.ts';
import { sessionQueryKey } from './useSession.ts';

/** Reads the page's answers into `client`'s cache, once: the element is removed as it is read. */
export function seedFromPage(client: QueryClient, page: Pick<Document, 'getElementById'>): void {
  const element = page.getElementById(pageBootstrapElementId);
  if (!element) return;
  element.remove();
  let answers: PageBootstrap;
  try {
    answers = JSON.parse(element.textContent ?? '{}') as PageBootstrap;
  } catch {
    // Not ours to show: the pages ask for what they need as if the page had brought nothing.
    return;
  }
  if (answers.session) {
    client.setQueryData(sessionQueryKey, answers.session);
    rememberSignedIn(answers.session.user !== null);
  }
  if (answers.home) {
    client.setQueryData(homeDashboardQueryKey, answers.home);
    if (answers.home.dashboard) client.setQueryData(dashboardQueryKey(answers.home.dashboard.id), answers.home.dashboard);
    rememberHomeBoard(answers.home.dashboard !== null);
  }
  if (answers.dashboard) client.setQueryData(dashboardQueryKey(answers.dashboard.id), answers.dashboard);
  if (answers.catalogue) client.setQueryData(catalogueQueryKey, answers.catalogue);
  for (const { query, result } of answers.tileAnswers ?? []) client.setQueryData(metricQueryResultKey(query), result);
}
