// The app's page arrives with the answers its first requests would get, each exactly as the API
// gives it to the same user, and nothing the user may not read.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageBootstrapElementId, type Catalogue, type Dashboard, type HomeDashboardReply, type PageBootstrap } from '../web/api/types.ts';
import { openingQueries } from '../web/dashboards/boardQuery.ts';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';

let webRoot: string;
let server: HospitalServer;
let admin: ApiClient;
let viewer: ApiClient;

beforeAll(async () => {
  webRoot = await mkdtemp(join(tmpdir(), 'hbi-web-page-'));
  await mkdir(join(webRoot, 'assets'));
  await writeFile(join(webRoot, 'index.html'), '<!doctype html><html><head><title>HBI</title></head><body><div id="root"></div><script type="module" src="/assets/index.js"></script></body></html>');
  server = await startHospitalServer({ seed: 23, webRoot });
  [admin, viewer] = await Promise.all([server.login('admin'), server.login('yuanban')]);
}, 180_000);
afterAll(async () => {
  await server?.close();
  await rm(webRoot, { recursive: true, force: true });
});

/** The page at `url` as `client` (or nobody) gets it, and the answers it carries. */
async function page(url: string, client?: ApiClient): Promise<{ html: string; answers: PageBootstrap }> {
  const reply = await server.app.inject({ method: 'GET', url, headers: client ? { cookie: client.cookie } : {} });
  expect(reply.statusCode, url).toBe(200);
  expect(reply.headers['cache-control'], url).toBe('no-store');
  const element = new RegExp(`<script id="${pageBootstrapElementId}" type="application/json">(.*?)</script>`, 's').exec(reply.body);
  expect(element, `${url} carries its answers`).not.toBeNull();
  return { html: reply.body, answers: JSON.parse(element![1]!) as PageBootstrap };
}

const answer = async (client: ApiClient, url: string) => (await client.call('GET', url)).json();

describe('the app page', () => {
  it('brings the home board, the catalogue and the session on the home page, as the API answers them', async () => {
    for (const client of [admin, viewer]) {
      const { answers } = await page('/', client);
      expect(Object.keys(answers).sort(), client.username).toEqual(['catalogue', 'home', 'session']);
      expect(answers.session, client.username).toEqual(await answer(client, '/api/session'));
      expect(answers.home, client.username).toEqual(await answer(client, '/api/dashboards/home'));
      expect(answers.home?.dashboard?.published, client.username).toBeTruthy();
      expect(answers.catalogue, client.username).toEqual(await answer(client, '/api/catalogue'));
    }
  });

  it('brings the board on its own page and in TV mode, and not a board the reader may not open', async () => {
    const home = (await answer(admin, '/api/dashboards/home')) as { dashboard: Dashboard };
    for (const url of [`/dashboards/${home.dashboard.id}`, `/dashboards/${home.dashboard.id}/tv`]) {
      const { answers } = await page(url, viewer);
      expect(answers.dashboard, url).toEqual(await answer(viewer, `/api/dashboards/${home.dashboard.id}`));
      expect(answers.home, url).toBeUndefined();
    }
    const created = await admin.call('POST', '/api/dashboards', { definition: { title: '未共享', description: '', tabs: [], filters: { dimensions: [] }, tiles: [] } });
    expect(created.statusCode).toBe(201);
    const unshared = created.json<Dashboard>().id;
    expect((await viewer.call('GET', `/api/dashboards/${unshared}`)).statusCode).toBe(404);
    const { answers } = await page(`/dashboards/${unshared}`, viewer);
    expect(Object.keys(answers).sort()).toEqual(['catalogue', 'session']);
    expect((await page(`/dashboards/${unshared}`, admin)).answers.dashboard?.id).toBe(unshared);
  });

  it('brings only the session on other pages, and only "nobody" to a visitor who has not logged in', async () => {
    for (const url of ['/builder', '/metrics', '/data', '/no/such/page']) {
      expect(Object.keys((await page(url, admin)).answers), url).toEqual(['session']);
    }
    for (const url of ['/', '/index.html', '/dashboards/8e98f446-e249-4e04-921f-576737fcf646']) {
      expect((await page(url)).answers, url).toEqual({ session: { user: null } });
    }
  });

  it("carries the answers the server has cached for the board's opening tiles, for this user only, and runs none", async () => {
    const analyst = await server.login('xinnei');
    const queried = async (username: string) => (await server.store.audit.search({ username, action: 'query' })).total;
    const home = (await answer(viewer, '/api/dashboards/home')) as HomeDashboardReply;
    const opening = openingQueries(home.dashboard!.published!.definition, (await answer(viewer, '/api/catalogue')) as Catalogue);
    expect(opening.length).toBeGreaterThan(10);

    // Nothing cached yet: the page carries no tile answers and runs no query.
    const before = await queried('yuanban');
    expect((await page('/', viewer)).answers.tileAnswers).toBeUndefined();
    expect(await queried('yuanban')).toBe(before);

    // The viewer's tiles ask (as the app does), then the page carries every answer, as the batch gave it.
    const asked = await viewer.call('POST', '/api/query/batch', { queries: opening });
    const given = asked.body.trim().split('\n').map((line) => JSON.parse(line) as { index: number; status: number; result: Record<string, unknown> });
    expect(given.every((line) => line.status === 200)).toBe(true);
    const afterAsking = await queried('yuanban');
    const { answers } = await page('/', viewer);
    expect(answers.tileAnswers?.map((a) => a.query)).toEqual(opening);
    for (const line of given) expect(answers.tileAnswers![line.index]!.result).toEqual({ ...line.result, cached: true });
    // Carried answers left the server: each is on record, as a cached query.
    expect(await queried('yuanban')).toBe(afterAsking + opening.length);

    // The cardiology analyst's rows are not the viewer's: nothing of theirs is carried to the analyst.
    const analystBefore = await queried('xinnei');
    expect((await page('/', analyst)).answers.tileAnswers).toBeUndefined();
    expect(await queried('xinnei')).toBe(analystBefore);
  });

  it('keeps text from the answers inside its script element', async () => {
    const title = '</script><script>alert("出院")</script><!-- \u2028';
    const created = await admin.call('POST', '/api/dashboards', { definition: { title, description: '', tabs: [], filters: { dimensions: [] }, tiles: [] } });
    expect(created.statusCode, created.body).toBe(201);
    const board = created.json<Dashboard>();
    expect((await admin.call('POST', `/api/dashboards/${board.id}/publish`, {})).statusCode).toBe(200);
    const { html, answers } = await page(`/dashboards/${board.id}`, admin);
    expect(html).not.toContain('<script>alert');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(answers.dashboard?.published?.definition.title).toBe(title);
  });
});
