// The web app's page (index.html) for every client-side route, carrying the answers its first
// requests would get: the session, and on a board's page (the home page, a board, its TV mode) the
// board and the catalogue. The app reads them into its cache as it starts (web/api/pageBootstrap.ts)
// and asks for the board's tiles at once, instead of a round trip later, after its code has run.
//
// The answers are the API's own, got through the app (`inject`) with the request's cookie: the same
// routes, access rules and schemas as a fetch from the page. Only 200s are carried; anything else
// the page asks for itself and handles as ever. The page then holds the user's data, so no cache
// keeps it (`no-store`).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseRoute } from '../web/app/route.ts';
import { pageBootstrapElementId, type PageBootstrap } from '../web/api/types.ts';

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

  return async (request, reply) => {
    const bootstrap: Partial<Record<keyof PageBootstrap, unknown>> = {};
    bootstrap.session = await answer(request, '/api/session');
    const session = bootstrap.session as PageBootstrap['session'] | undefined;
    if (session?.user) {
      const wanted = boardAnswers(new URL(request.url, 'http://page').pathname);
      const answers = await Promise.all(wanted.map(([, path]) => answer(request, path)));
      wanted.forEach(([key], i) => (bootstrap[key] = answers[i]));
    }
    const script = `<script id="${pageBootstrapElementId}" type="application/json">${scriptSafeJson(bootstrap)}</script>`;
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(withScript(script));
  };
}
