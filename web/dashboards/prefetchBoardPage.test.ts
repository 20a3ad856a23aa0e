import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedFromPage } from '../api/pageBootstrap.ts';
import { createQueryClient } from '../api/queryClient.ts';
import type { Catalogue, Dashboard, DashboardDefinition, DashboardTile, MetricQuery, PageBootstrap, QueryResult, SessionReply } from '../api/types.ts';
import { metricQueryResultKey } from '../api/useMetricQuery.ts';
import { sessionQueryKey } from '../api/useSession.ts';
import { parseRoute } from '../app/route.ts';
import { dashboardQueryKey } from './useDashboard.ts';
import { initialBoardState } from './boardState.ts';
import { prefetchBoardPage, prefetchBoardTiles } from './prefetchBoardPage.ts';

const kpi = (id: string, metric: string, tab?: string): DashboardTile => ({
  id, kind: 'chart', layout: { x: 0, y: 0, w: 3, h: 3 }, ...(tab ? { tab } : {}),
  chart: { query: { metrics: [metric], timeRange: { relative: 'last_year' } }, chart: { type: 'kpi', y: [metric] } },
} as DashboardTile);

// Two tabs: only the first one's tiles ask as the board opens; a text tile asks nothing.
const definition: DashboardDefinition = {
  title: '运营', description: '', tabs: ['概览', '明细'], filters: { dimensions: [] },
  tiles: [kpi('discharges', 'discharges'), kpi('visits', 'outpatient_visits', '概览'), kpi('alos', 'alos', '明细'), { id: 'note', kind: 'text', layout: { x: 0, y: 3, w: 12, h: 1 }, text: '说明' }],
};
const board: Dashboard = {
  id: '8e98f446-e249-4e04-921f-576737fcf646', slug: 'hospital-operations', owner: 'admin', draft: null, shares: [], editable: false,
  published: { version: 1, definition, publishedBy: 'admin', publishedAt: '2025-12-31T00:00:00Z', note: '' },
  createdAt: '2025-12-31T00:00:00Z', updatedAt: '2025-12-31T00:00:00Z',
};
const catalogue: Catalogue = { datasets: [], dimensions: [], hierarchies: [], metrics: [] };
const signedIn: SessionReply = {
  user: { username: 'yuanban', displayName: '院长办公室', role: 'viewer', department: null, disabled: false, createdAt: '2025-12-31T00:00:00Z' }, departmentName: null, grants: [], csrfToken: 'token', expiresAt: '2026-01-01T00:00:00Z',
};

/** A server answering the board's requests, and what it was asked, in order (the batch with its queries and CSRF token). */
function fakeServer(session: SessionReply, { sessionAnswered = Promise.resolve(), home = board }: { sessionAnswered?: Promise<void>; home?: Dashboard | null } = {}) {
  const asked: string[] = [];
  const batches: { queries: MetricQuery[]; csrf: string | undefined }[] = [];
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', async (path: string, init: RequestInit = {}) => {
    asked.push(path);
    if (path === '/api/session') return sessionAnswered.then(() => json(session));
    if (!session.user) return json({ statusCode: 401, error: 'Unauthorized', message: 'log in first' }, 401);
    if (path === '/api/dashboards/home') return json({ dashboard: home });
    if (path === `/api/dashboards/${board.id}`) return json(board);
    if (path === '/api/catalogue') return json(catalogue);
    if (path === '/api/query/batch') {
      const { queries } = JSON.parse(String(init.body)) as { queries: MetricQuery[] };
      batches.push({ queries, csrf: (init.headers as Record<string, string>)['x-csrf-token'] });
      const lines = queries.map((_, index) => `${JSON.stringify({ index, status: 200, result: { columns: [], rows: [{ n: index }], metricVersions: {}, dataVersion: 1, cached: true } })}\n`);
      return new Response(lines.join(''), { headers: { 'content-type': 'application/x-ndjson' } });
    }
    return json({ statusCode: 404, error: 'Not Found', message: path }, 404);
  });
  return { asked, batches };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('prefetchBoardPage', () => {
  it('asks for the home board and the catalogue after the session, then the first tab’s tiles in one batch, then the charts’ code', async () => {
    const server = fakeServer(signedIn);
    const client = createQueryClient();
    const loadCharts = vi.fn(async () => undefined);
    prefetchBoardPage(client, parseRoute('/'), { signedInBefore: false, homeBoardBefore: false, loadCharts });
    expect(server.asked).toEqual(['/api/session']);
    await settled();
    // The catalogue once there is a home board: a server without a project has no catalogue.
    expect(server.asked).toEqual(['/api/session', '/api/dashboards/home', '/api/catalogue', '/api/query/batch']);
    const firstTab = definition.tiles.slice(0, 2).flatMap((t) => (t.kind === 'chart' ? [t.chart.query] : []));
    expect(server.batches).toEqual([{ queries: firstTab, csrf: 'token' }]);
    // Under the keys the pages ask with: the board's own and each tile's.
    expect(client.getQueryData(dashboardQueryKey(board.id))).toEqual(board);
    for (const query of server.batches[0]!.queries) expect(client.getQueryData(metricQueryResultKey(query))).toMatchObject({ cached: true });
    expect(loadCharts).toHaveBeenCalledOnce();
  });

  it('asks only for the tiles whose answers the page did not carry, and nothing when it carried them all', async () => {
    const [first, second] = definition.tiles.slice(0, 2).flatMap((t) => (t.kind === 'chart' ? [t.chart.query] : []));
    const carried: QueryResult = { columns: [], rows: [{ n: 'carried' }], metricVersions: {}, dataVersion: 1, cached: true };
    const pageWith = (tileAnswers: PageBootstrap['tileAnswers']) => {
      const bootstrap: PageBootstrap = { session: signedIn, home: { dashboard: board }, catalogue, tileAnswers };
      return { getElementById: () => ({ textContent: JSON.stringify(bootstrap), remove: () => undefined }) } as unknown as Document;
    };
    const server = fakeServer(signedIn);
    const client = createQueryClient();
    seedFromPage(client, pageWith([{ query: first!, result: carried }]));
    prefetchBoardPage(client, parseRoute('/'), { loadCharts: async () => undefined });
    await settled();
    expect(server.asked).toEqual(['/api/query/batch']);
    expect(server.batches.map((b) => b.queries)).toEqual([[second]]);
    expect(client.getQueryData(metricQueryResultKey(first!))).toEqual(carried);

    const allCarried = fakeServer(signedIn);
    const another = createQueryClient();
    seedFromPage(another, pageWith([{ query: first!, result: carried }, { query: second!, result: carried }]));
    prefetchBoardPage(another, parseRoute('/'), { loadCharts: async () => undefined });
    await settled();
    expect(allCarried.asked).toEqual([]);
  });

  it('asks for a board beside the session when someone was logged in here last time', async () => {
    let answerSession = () => {};
    const server = fakeServer(signedIn, { sessionAnswered: new Promise((resolve) => (answerSession = resolve)) });
    const client = createQueryClient();
    prefetchBoardPage(client, parseRoute(`/dashboards/${board.id}/tv`), { signedInBefore: true, loadCharts: async () => undefined });
    await settled();
    expect(server.asked).toEqual(['/api/session', `/api/dashboards/${board.id}`, '/api/catalogue']);
    // The batch carries the session's CSRF token: it waits for the session's answer.
    answerSession();
    await settled();
    expect(server.asked.at(-1)).toBe('/api/query/batch');
    expect(server.batches.map((b) => b.csrf)).toEqual(['token']);
  });

  it('asks no catalogue for a home page without a home board', async () => {
    const server = fakeServer(signedIn, { home: null });
    prefetchBoardPage(createQueryClient(), parseRoute('/'), { signedInBefore: true, homeBoardBefore: false, loadCharts: async () => undefined });
    await settled();
    expect(server.asked).toEqual(['/api/session', '/api/dashboards/home']);
  });

  it('asks for the home board, the catalogue and the session at once when both were there last time', async () => {
    let answerSession = () => {};
    const server = fakeServer(signedIn, { sessionAnswered: new Promise((resolve) => (answerSession = resolve)) });
    prefetchBoardPage(createQueryClient(), parseRoute('/'), { signedInBefore: true, homeBoardBefore: true, loadCharts: async () => undefined });
    await settled();
    expect(server.asked).toEqual(['/api/session', '/api/catalogue', '/api/dashboards/home']);
    answerSession();
    await settled();
    expect(server.asked.at(-1)).toBe('/api/query/batch');
  });

  it('asks nothing more than the session while nobody is logged in, and nothing at all for other pages', async () => {
    const server = fakeServer({ user: null });
    const loadCharts = vi.fn(async () => undefined);
    prefetchBoardPage(createQueryClient(), parseRoute('/'), { signedInBefore: false, homeBoardBefore: true, loadCharts });
    await settled();
    expect(server.asked).toEqual(['/api/session']);
    prefetchBoardPage(createQueryClient(), parseRoute('/metrics'), { signedInBefore: true, loadCharts });
    prefetchBoardPage(createQueryClient(), parseRoute('/data'), { signedInBefore: true, loadCharts });
    await settled();
    expect(server.asked).toEqual(['/api/session']);
    expect(loadCharts).not.toHaveBeenCalled();
  });

  it('leaves a refusal to the page: a session that ended since last time gets 401s, and no batch', async () => {
    const server = fakeServer({ user: null });
    prefetchBoardPage(createQueryClient(), parseRoute(`/dashboards/${board.id}`), { signedInBefore: true, loadCharts: async () => undefined });
    await settled();
    expect(server.asked.sort()).toEqual(['/api/catalogue', `/api/dashboards/${board.id}`, '/api/session']);
  });
});

describe('prefetchBoardTiles', () => {
  it('asks at once for the tiles whose answer a change needs, in one batch, and not for those it still has', async () => {
    const server = fakeServer(signedIn);
    const client = createQueryClient();
    client.setQueryData(sessionQueryKey, signedIn);
    const opened = initialBoardState(definition);
    prefetchBoardTiles(client, definition, opened, '概览', catalogue);
    await settled();
    expect(server.batches).toHaveLength(1);
    // The same state again: every answer is fresh, nothing is asked.
    prefetchBoardTiles(client, definition, opened, '概览', catalogue);
    await settled();
    expect(server.batches).toHaveLength(1);
    // New questions (here a new period for every tile): the tab's two tiles ask in one batch, sent before anything else runs.
    const lastMonth = { ...definition, tiles: definition.tiles.map((t) => (t.kind === 'chart' ? { ...t, chart: { ...t.chart, query: { ...t.chart.query, timeRange: { relative: 'last_month' as const } } } } : t)) };
    prefetchBoardTiles(client, lastMonth, opened, '概览', catalogue);
    expect(server.asked.at(-1)).toBe('/api/query/batch');
    expect(server.asked.filter((path) => path === '/api/query/batch')).toHaveLength(2);
    await settled();
    expect(server.batches[1]!.queries.map((q) => [q.metrics, q.timeRange])).toEqual([[['discharges'], { relative: 'last_month' }], [['outpatient_visits'], { relative: 'last_month' }]]);
  });
});
