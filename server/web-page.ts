// The web app's page (index.html) for every client-side route, carrying the answers its first
// requests would get: the session, and on a board's page (the home page, a board, its TV mode) the
// board, the catalogue, and the answers to the board's opening tile queries that the server's
// result cache already holds. The app reads them into its cache as it starts
// (web/api/pageBootstrap.ts): a board opened again draws without asking, and a board whose answers
// are not cached asks for them at once, instead of a round trip later, after its code has run.
// Tile queries are never run for the page: a cold board's page would wait for all of them, where
// the app draws each tile as its answer arrives.
//
// The answers are the API's own, got through the app (`inject`) with the request's cookie: the same
// routes, access rules, audit and schemas as a fetch from the page. Only 200s are carried; anything
// else the page asks for itself and handles as ever. The page then holds the user's data, so no
// cache keeps it (`no-store`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseRoute } from '../web/app/route.ts';
import { pageBootstrapElementId, type Catalogue, type Dashboard, type HomeDashboardReply, type MetricQuery, type PageBootstrap, type QueryResult } from '../web/api/types.ts';
import { openingQueries } from '../web/dashboards/boardQuery.ts';
import { csrfHeader } from './auth/authentication.ts';

/** The answers beside the session that the page at `pathname` starts with, and the API path of each. */
function boardAnswers(pathname: string): [keyof PageBootstrap, string][] {
  const route = parseRoute(pathname);
  switch (route.page) {
    case 'home':
      return [['home', '/api/dashboards/home'], ['catalogue', '/api/catalogue']];
    case 'dashboard':
    case 'dashboardTv':
      return [['dashboard', `/api/dashboards/${encodeURIComponent(route.id)}`], ['catalogue', '/api/catalogue']];
    default:
      return [];
  }
}

/**
 * At most this many characters of tile answers ride in a page (a cockpit's sixteen take about 25K):
 * past it, the app asks for the rest as it would without them, rather than the page growing with a
 * board of big tables.
 */
const tileAnswersBudget = 512 * 1024;

/**
 * JSON inside a script element: every `<` escaped, so that no text in it (a board's title, say)
 * can close the element; U+2028 and U+2029 too, which older parsers took for line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Serves the app's page, with its first answers, from `webRoot`'s index.html (read once). */
export async function appPageServer(app: FastifyInstance, webRoot: string): Promise<(request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>> {
  const page = await readFile(join(webRoot, 'index.html'), 'utf8');
  // Before </body>, or at the end of a page without one (the browser puts it in the body either way).
  const withScript = (script: string) => (page.includes('</body>') ? page.replace('</body>', `${script}</body>`) : page + script);

  const answer = async (request: FastifyRequest, path: string): Promise<unknown> => {
    const cookie = request.headers.cookie;
    const reply = await app.inject({ method: 'GET', url: path, headers: cookie ? { cookie } : {} });
    return reply.statusCode === 200 ? reply.json() : undefined;
  };

  /** The answers the result cache holds for `queries`, asked as the page's user (cached answers are audited as any). */
  const cachedAnswers = async (request: FastifyRequest, csrfToken: string, queries: MetricQuery[]): Promise<PageBootstrap['tileAnswers']> => {
    if (queries.length === 0) return undefined;
    const cookie = request.headers.cookie;
    const reply = await app.inject({
      method: 'POST', url: '/api/query/batch', payload: { queries, onlyCached: true },
      headers: { [csrfHeader]: csrfToken, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    });
    if (reply.statusCode !== 200) return undefined;
    const carried: NonNullable<PageBootstrap['tileAnswers']> = [];
    let size = 0;
    for (const text of reply.body.split('\n')) {
      if (text === '' || (size += text.length) > tileAnswersBudget) continue;
      const line = JSON.parse(text) as { index: number; status: number; result?: QueryResult };
      if (line.status === 200 && line.result) carried.push({ query: queries[line.index]!, result: line.result });
    }
    return carried.length > 0 ? carried : undefined;
  };

  return async (request, reply) => {
    const bootstrap: Partial<Record<keyof PageBootstrap, unknown>> = {};
    bootstrap.session = await answer(request, '/api/session');
    const session = bootstrap.session as PageBootstrap['session'] | undefined;
    if (session?.user) {
      const wanted = boardAnswers(new URL(request.url, 'http://page').pathname);
      const answers = await Promise.all(wanted.map(([, path]) => answer(request, path)));
      wanted.forEach(([key], i) => (bootstrap[key] = answers[i]));
      const board = (bootstrap.home as HomeDashboardReply | undefined)?.dashboard ?? (bootstrap.dashboard as Dashboard | undefined);
      const definition = board?.published?.definition;
      const catalogue = bootstrap.catalogue as Catalogue | undefined;
      if (definition && catalogue) bootstrap.tileAnswers = await cachedAnswers(request, session.csrfToken, openingQueries(definition, catalogue));
    }
    const script = `<script id="${pageBootstrapElementId}" type="application/json">${scriptSafeJson(bootstrap)}</script>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(withScript(script));
  };
}
