// A board is the page most people open first (the home board): its requests start as the app does,
// before React has drawn anything, each as soon as what it needs is known rather than when the
// component asking for it mounts: the board and the catalogue beside the session (after it when
// nobody was logged in here last time: they would only be refused), then the tiles' queries of the
// board as it opens (its first tab, its default filters) in one batch, and then the Vega code its
// charts draw with, while the batch is out. The pages ask under the same query keys, so they find
// the answers, or the requests under way, in the cache.
import type { QueryClient } from '@tanstack/react-query';
import type { Route } from '../app/route.ts';
import { hadHomeBoard, wasSignedIn } from '../api/lastVisit.ts';
import type { Catalogue, DashboardDefinition } from '../api/types.ts';
import { catalogueQuery } from '../api/useCatalogue.ts';
import { sessionQuery } from '../api/useSession.ts';
import { loadChartDrawing } from '../builder/loadChartDrawing.ts';
import { openingQueries, tabQueries } from './boardQuery.ts';
import type { BoardState } from './boardState.ts';
import { dashboardQuery, homeDashboardQuery } from './useDashboard.ts';
import { prefetchTileResults } from './useTileResult.ts';

/** The queries of the tiles a board shows in `state` on `tab`, asked now (its tiles ask the same ones as they draw). */
export function prefetchBoardTiles(client: QueryClient, definition: DashboardDefinition, state: BoardState, tab: string | undefined, catalogue: Catalogue): void {
  prefetchTileResults(client, tabQueries(definition, state, tab, catalogue));
}

/**
 * The published definition of the board `route` shows, and the catalogue; null for a page that
 * shows no board. The home page asks for the catalogue once it knows there is a home board, unless
 * there was one last time: a server without a project has neither (its catalogue answers 404).
 */
function boardOf(client: QueryClient, route: Route, homeBoardBefore: boolean): (() => Promise<[DashboardDefinition, Catalogue] | null>) | null {
  const catalogue = () => client.fetchQuery(catalogueQuery);
  switch (route.page) {
    case 'home':
      return async () => {
        const early = homeBoardBefore ? catalogue() : null;
        early?.catch(() => undefined);
        const definition = (await client.fetchQuery(homeDashboardQuery(client))).dashboard?.published?.definition;
        return definition ? [definition, await (early ?? catalogue())] : null;
      };
    case 'dashboard':
    case 'dashboardTv':
      return async () => {
        const [board, known] = await Promise.all([client.fetchQuery(dashboardQuery(route.id)), catalogue()]);
        return board.published ? [board.published.definition, known] : null;
      };
    default:
      return null;
  }
}

type PrefetchOptions = {
  /** Whether someone was logged in here last time (`wasSignedIn`): then the board does not wait for the session's answer. */
  signedInBefore?: boolean;
  /** Whether the home page showed a board last time (`hadHomeBoard`): then its catalogue does not wait for the board. */
  homeBoardBefore?: boolean;
  /** Loads the charts' code (Vega). */
  loadCharts?: () => Promise<unknown>;
};

/** Starts the requests of `route` when it shows a board (the home page, a board, its TV mode). */
export function prefetchBoardPage(client: QueryClient, route: Route, options: PrefetchOptions = {}): void {
  const { signedInBefore = wasSignedIn(), homeBoardBefore = hadHomeBoard(), loadCharts = loadChartDrawing } = options;
  const board = boardOf(client, route, homeBoardBefore);
  if (!board) return;
  const session = client.fetchQuery(sessionQuery);
  const signedIn = signedInBefore ? Promise.resolve(true) : session.then((reply) => reply.user !== null);
  signedIn.then(async (maybe) => {
    if (!maybe) return;
    const [shown, reply] = await Promise.all([board(), session]);
    // The batch is a POST: it carries the session's CSRF token, read from the cache as it leaves.
    if (!shown || !reply.user) return;
    const [definition, catalogue] = shown;
    prefetchTileResults(client, openingQueries(definition, catalogue));
    // A chart that cannot load it says so itself (VegaChart).
    loadCharts().catch(() => undefined);
  })
    // A failure here is the pages' to show: they ask again under the same keys.
    .catch(() => undefined);
}
