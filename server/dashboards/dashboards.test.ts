// Dashboards through the API on the generated hospital: the shipped cockpit published from the
// project's dashboards/ folder; an owner's draft, publish, versions and restore; readers who see only
// the published version and only when shared with them; share links; definitions refused with the
// tile and field named; YAML export and import; the audit trail.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConnectorProject } from '../../connectors/project.ts';
import { buildApp } from '../app.ts';
import { openMetadataStore } from '../store/duckdb-metadata-store.ts';
import type { Dashboard, DashboardDefinition, DashboardTile } from '../../web/api/types.ts';
import { hospitalProject, startHospitalServer, type ApiClient, type HospitalServer } from '../testing/hospital-server.ts';

let server: HospitalServer;
let admin: ApiClient;
let analyst: ApiClient;
let otherAnalyst: ApiClient;
let viewer: ApiClient;
let governance: ApiClient;
/** Added to the store's clock: share links expire when it moves on. */
let clockOffsetMs = 0;

beforeAll(async () => {
  server = await startHospitalServer({ seed: 41, clock: () => new Date(Date.now() + clockOffsetMs) });
  [admin, analyst, otherAnalyst, viewer, governance] = await Promise.all([server.login('admin'), server.login('xinnei'), server.login('jizhen'), server.login('yuanban'), server.login('yiwuchu')]);
}, 180_000);
afterAll(async () => {
  await server?.close();
});

const kpi = (id: string, metric: string, x = 0, extra: Partial<DashboardTile> = {}): DashboardTile => ({
  id, kind: 'chart', title: metric, layout: { x, y: 0, w: 3, h: 3 },
  chart: { query: { metrics: [metric], timeRange: { relative: 'last_year' } }, chart: { type: 'kpi', y: [metric] } },
  ...extra,
} as DashboardTile);

const definition = (title: string, tiles: DashboardTile[] = [kpi('discharges', 'discharges')], extra: Partial<DashboardDefinition> = {}): DashboardDefinition => ({
  title, description: '测试看板', tabs: [], filters: { dimensions: [{ dimension: 'department', values: [] }] }, tiles, ...extra,
});

async function createBoard(client: ApiClient, def: DashboardDefinition, slug?: string): Promise<Dashboard> {
  const response = await client.call('POST', '/api/dashboards', { ...(slug ? { slug } : {}), definition: def });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const listed = async (client: ApiClient) => (await client.call('GET', '/api/dashboards')).json<{ dashboards: { id: string; slug: string; title: string; publishedVersion: number | null; hasDraft: boolean; editable: boolean }[] }>().dashboards;

describe('the shipped cockpit (examples/hospital/dashboards/hospital-operations.yaml)', () => {
  it('is published at start as version 1 from the project files, and shared with viewers', async () => {
    const summary = (await listed(viewer)).find((d) => d.slug === 'hospital-operations');
    expect(summary).toMatchObject({ title: '医院运营驾驶舱', publishedVersion: 1, hasDraft: false, editable: false });
    // the web app opens on it
    expect((await viewer.call('GET', '/api/dashboards')).json().home).toBe(summary!.id);
    const board = (await viewer.call('GET', `/api/dashboards/${summary!.id}`)).json<Dashboard>();
    expect(board).toMatchObject({ owner: 'admin', draft: null, editable: false, published: { version: 1, publishedBy: 'project files', note: 'project files' } });
    const kpis = board.published!.definition.tiles.filter((t) => t.kind === 'chart' && t.chart.chart.type === 'kpi');
    expect(kpis).toHaveLength(10);
    expect((await admin.call('GET', `/api/dashboards/${summary!.id}`)).json()).toMatchObject({ editable: true, shares: [{ kind: 'role', role: 'viewer' }, { kind: 'role', role: 'analyst' }, { kind: 'role', role: 'governance' }] });
    const audit = await server.store.audit.search({ action: 'dashboard_published', username: 'project files' });
    expect(audit.entries.map((e) => e.detail)).toContainEqual(expect.objectContaining({ slug: 'hospital-operations', version: 1 }));
  });

  it('is the home board: GET /api/dashboards/home answers it as GET /api/dashboards/:id does, to those who may read it only', async () => {
    const home = async (client: ApiClient) => {
      const reply = await client.call('GET', '/api/dashboards/home');
      expect(reply.statusCode, reply.body).toBe(200);
      return reply.json<{ dashboard: Dashboard | null }>().dashboard;
    };
    const listedHome = async (client: ApiClient) => (await client.call('GET', '/api/dashboards')).json<{ home: string | null }>().home;
    const id = (await listedHome(viewer))!;
    // Readers get the published version only; the owner and admins get the draft and shares too.
    for (const client of [admin, viewer, analyst, governance]) {
      expect(await listedHome(client), client.username).toBe(id);
      expect(await home(client), client.username).toEqual((await client.call('GET', `/api/dashboards/${id}`)).json());
    }
    expect((await server.app.inject('/api/dashboards/home')).statusCode).toBe(401);

    // No longer shared with viewers: not their home board either, as the listing and the board itself say.
    const { shares } = (await admin.call('GET', `/api/dashboards/${id}`)).json<Dashboard>();
    expect((await admin.call('PUT', `/api/dashboards/${id}/shares`, { shares: shares.filter((s) => !(s.kind === 'role' && s.role === 'viewer')) })).statusCode).toBe(200);
    try {
      expect(await home(viewer)).toBeNull();
      expect(await listedHome(viewer)).toBeNull();
      expect((await viewer.call('GET', `/api/dashboards/${id}`)).statusCode).toBe(404);
      expect((await home(analyst))?.id).toBe(id);
    } finally {
      expect((await admin.call('PUT', `/api/dashboards/${id}/shares`, { shares })).statusCode).toBe(200);
    }
    expect((await home(viewer))?.id).toBe(id);
  });

  it("runs every tile's query for the viewer and for a department's analyst", async () => {
    const summary = (await listed(viewer)).find((d) => d.slug === 'hospital-operations')!;
    const board = (await viewer.call('GET', `/api/dashboards/${summary.id}`)).json<Dashboard>();
    const charts = board.published!.definition.tiles.flatMap((t) => (t.kind === 'chart' ? [t] : []));
    expect(charts.length).toBeGreaterThanOrEqual(14);
    for (const client of [viewer, analyst]) {
      for (const tile of charts) {
        const response = await client.call('POST', '/api/query', tile.chart.query);
        expect(response.statusCode, `${client.username} ${tile.id}: ${response.body}`).toBe(200);
      }
    }
    // As of the generated data's last day, every tile has numbers (the viewer sees the whole hospital).
    for (const tile of charts) {
      const { rows } = (await viewer.call('POST', '/api/query', { ...tile.chart.query, asOf: '2025-12-31' })).json<{ rows: Record<string, unknown>[] }>();
      const metric = tile.chart.query.metrics[0]!;
      expect(rows.filter((r) => typeof r[metric] === 'number').length, tile.id).toBeGreaterThanOrEqual(tile.chart.query.dimensions ? 2 : 1);
      if (tile.chart.query.compare) expect(rows.some((r) => typeof r[`${metric}__yoy`] === 'number'), `${tile.id} yoy`).toBe(true);
    }
  });
});

describe('an owner', () => {
  it('creates a draft, publishes it, lists versions, restores one, and removes the board', async () => {
    const created = await createBoard(analyst, definition('Cardiology board'));
    expect(created).toMatchObject({ slug: 'cardiology-board', owner: 'xinnei', published: null, editable: true, draft: { title: 'Cardiology board' } });
    const chinese = await createBoard(analyst, definition('心内科看板'));
    expect(chinese.slug).toBe(`board-${chinese.id.slice(0, 8)}`);
    expect((await analyst.call('POST', '/api/dashboards', { slug: 'cardiology-board', definition: definition('x') })).json()).toMatchObject({ statusCode: 409, message: expect.stringContaining('"cardiology-board"') });

    const v1 = await analyst.call('POST', `/api/dashboards/${created.id}/publish`, { note: '第一版' });
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ draft: null, published: { version: 1, note: '第一版', publishedBy: 'xinnei', definition: { title: 'Cardiology board' } } });
    expect((await analyst.call('POST', `/api/dashboards/${created.id}/publish`, {})).statusCode).toBe(409);

    const second = definition('Cardiology board v2', [kpi('alos', 'alos'), kpi('discharges', 'discharges', 3)]);
    const saved = await analyst.call('PUT', `/api/dashboards/${created.id}/draft`, { definition: second });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ draft: second, published: { version: 1 } });
    expect((await listed(analyst)).find((d) => d.id === created.id)).toMatchObject({ title: 'Cardiology board v2', hasDraft: true, publishedVersion: 1 });
    // No body at all is a publish without a note.
    expect((await analyst.call('POST', `/api/dashboards/${created.id}/publish`)).json().published).toMatchObject({ version: 2, note: '', definition: second });

    const versions = (await analyst.call('GET', `/api/dashboards/${created.id}/versions`)).json().versions;
    expect(versions.map((v: { version: number; definition: DashboardDefinition }) => [v.version, v.definition.title])).toEqual([[2, 'Cardiology board v2'], [1, 'Cardiology board']]);
    const restored = await analyst.call('POST', `/api/dashboards/${created.id}/versions/1/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({ draft: { title: 'Cardiology board' }, published: { version: 2 } });
    expect((await analyst.call('POST', `/api/dashboards/${created.id}/versions/9/restore`)).statusCode).toBe(404);

    expect((await analyst.call('DELETE', `/api/dashboards/${created.id}`)).statusCode).toBe(204);
    expect((await analyst.call('GET', `/api/dashboards/${created.id}`)).statusCode).toBe(404);
    expect((await analyst.call('DELETE', `/api/dashboards/${chinese.id}`)).statusCode).toBe(204);

    const audit = (await server.store.audit.search({ username: 'xinnei', limit: 1000 })).entries.filter((e) => e.detail.dashboard === created.id);
    expect(audit.map((e) => e.action).reverse()).toEqual(['dashboard_saved', 'dashboard_published', 'dashboard_saved', 'dashboard_published', 'dashboard_saved', 'dashboard_removed']);
  });
});

describe('readers', () => {
  it('see only the published version, and only when a share names their role, department or them', async () => {
    const board = await createBoard(analyst, definition('Shared board'));
    const readers = { viewer, otherAnalyst, governance };
    const status = async () => Object.fromEntries(await Promise.all(Object.entries(readers).map(async ([name, c]) => [name, (await c.call('GET', `/api/dashboards/${board.id}`)).statusCode])));

    // Shared but never published: nobody else sees it.
    expect((await analyst.call('PUT', `/api/dashboards/${board.id}/shares`, { shares: [{ kind: 'role', role: 'viewer' }] })).statusCode).toBe(200);
    expect(await status()).toEqual({ viewer: 404, otherAnalyst: 404, governance: 404 });
    expect((await listed(viewer)).map((d) => d.id)).not.toContain(board.id);

    await analyst.call('POST', `/api/dashboards/${board.id}/publish`, {});
    expect(await status()).toEqual({ viewer: 200, otherAnalyst: 404, governance: 404 });
    expect((await listed(viewer)).find((d) => d.id === board.id)).toMatchObject({ publishedVersion: 1, hasDraft: false, editable: false });

    // A new draft stays the owner's: the viewer keeps reading version 1.
    await analyst.call('PUT', `/api/dashboards/${board.id}/draft`, { definition: definition('Shared board, reworked') });
    const read = (await viewer.call('GET', `/api/dashboards/${board.id}`)).json<Dashboard>();
    expect(read).toMatchObject({ draft: null, editable: false, shares: [], published: { version: 1, definition: { title: 'Shared board' } } });
    expect((await listed(viewer)).find((d) => d.id === board.id)).toMatchObject({ title: 'Shared board', hasDraft: false });

    await analyst.call('PUT', `/api/dashboards/${board.id}/shares`, { shares: [{ kind: 'department', department: '0901' }] });
    expect(await status()).toEqual({ viewer: 404, otherAnalyst: 200, governance: 404 });
    await analyst.call('PUT', `/api/dashboards/${board.id}/shares`, { shares: [{ kind: 'user', username: 'yiwuchu' }] });
    expect(await status()).toEqual({ viewer: 404, otherAnalyst: 404, governance: 200 });

    // A reader with the edit grant still may not change someone else's board; a stranger is told nothing.
    expect((await governance.call('PUT', `/api/dashboards/${board.id}/draft`, { definition: definition('mine now') })).statusCode).toBe(403);
    expect((await governance.call('GET', `/api/dashboards/${board.id}/versions`)).statusCode).toBe(403);
    expect((await otherAnalyst.call('PUT', `/api/dashboards/${board.id}/draft`, { definition: definition('mine now') })).statusCode).toBe(404);
    expect((await otherAnalyst.call('DELETE', `/api/dashboards/${board.id}`)).statusCode).toBe(404);
    // Admins read and change every board, draft included.
    expect((await admin.call('GET', `/api/dashboards/${board.id}`)).json()).toMatchObject({ editable: true, draft: { title: 'Shared board, reworked' } });
    expect((await server.store.audit.search({ action: 'dashboard_shared', username: 'xinnei' })).total).toBeGreaterThanOrEqual(3);
  });

  it('may not create or change boards (viewers have no edit grant)', async () => {
    const response = await viewer.call('POST', '/api/dashboards', { definition: definition('x') });
    expect(response.statusCode).toBe(403);
    expect((await viewer.call('POST', '/api/dashboards/import', 'title: x\n', { 'content-type': 'application/yaml' })).statusCode).toBe(403);
  });
});

describe('share links', () => {
  it('open the published version for any signed-in user until they expire; unknown ones are not found', async () => {
    const board = await createBoard(analyst, definition('Linked board'));
    const created = await analyst.call('POST', `/api/dashboards/${board.id}/links`, { expiresInDays: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const link = created.json<{ token: string; path: string; expiresAt: string }>();
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.path).toBe(`/shared/${link.token}`);
    expect(Date.parse(link.expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    expect((await viewer.call('GET', `/api/links/${link.token}`)).json().message).toContain('published');
    await analyst.call('POST', `/api/dashboards/${board.id}/publish`, {});
    const opened = await viewer.call('GET', `/api/links/${link.token}`);
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ id: board.id, draft: null, editable: false, published: { version: 1 } });
    expect((await analyst.call('GET', `/api/links/${link.token}`)).json()).toMatchObject({ draft: null, editable: true });
    // The link is not a share: the board itself stays closed to the viewer.
    expect((await viewer.call('GET', `/api/dashboards/${board.id}`)).statusCode).toBe(404);

    expect((await viewer.call('GET', '/api/links/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    expect((await viewer.call('GET', '/api/links/short')).statusCode).toBe(400);
    for (const days of [0, 91, 1.5]) expect((await analyst.call('POST', `/api/dashboards/${board.id}/links`, { expiresInDays: days })).statusCode).toBe(400);

    clockOffsetMs = 2 * 24 * 3600_000;
    try {
      const expired = await viewer.call('GET', `/api/links/${link.token}`);
      expect(expired.statusCode).toBe(410);
      expect(expired.json().message).toContain('expired');
    } finally {
      clockOffsetMs = 0;
    }
    const audit = (await server.store.audit.search({ action: 'share_link_opened', username: 'yuanban' })).entries;
    expect(audit.map((e) => e.outcome)).toEqual(['refused', 'ok']);
    expect(JSON.stringify(audit)).not.toContain(link.token);
    expect((await server.store.audit.search({ action: 'share_link_created', username: 'xinnei' })).total).toBeGreaterThanOrEqual(1);
  });
});

describe('definitions', () => {
  it('are refused with the tile and field named', async () => {
    const cases: [DashboardDefinition | Record<string, unknown>, string][] = [
      [definition('x', [kpi('a', 'discharges'), kpi('a', 'alos', 3)]), 'tile "a" (alos): another tile has the id "a"'],
      [definition('x', [kpi('wide', 'discharges', 10)]), 'tile "wide" (discharges): x + w = 13 is wider than the board\'s 12 columns'],
      [definition('x', [kpi('tabbed', 'discharges', 0, { tab: '质量' })], { tabs: ['运营'] }), 'tile "tabbed" (discharges): no tab "质量" on this board; its tabs are 运营'],
      [definition('x', [kpi('bad', 'no_such_metric')]), 'tile "bad" (no_such_metric): no metric "no_such_metric"'],
      [definition('x', [], { filters: { dimensions: [{ dimension: 'nope', values: [] }] } }), 'filter: no dimension "nope"'],
      [definition('x', [{ ...kpi('t', 'discharges'), chart: { query: { metrics: ['discharges'] }, chart: { type: 'radar' } } } as DashboardTile]), 'body/definition/tiles/0/chart/chart/type'],
      [definition('x', [{ ...kpi('t', 'discharges'), layout: { x: 0, y: 0, w: 2.5, h: 3 } }]), 'body/definition/tiles/0/layout/w must be integer'],
      [definition('x', Array.from({ length: 61 }, (_, i) => kpi(`t${i}`, 'discharges'))), 'body/definition/tiles must NOT have more than 60 items'],
      [definition('x', [], { tabs: Array.from({ length: 13 }, (_, i) => `tab${i}`) }), 'body/definition/tabs must NOT have more than 12 items'],
      [{ ...definition('x'), owner: 'admin' }, 'must NOT have additional properties'],
      [definition('x', [{ id: 'text', kind: 'text', layout: { x: 0, y: 0, w: 12, h: 1 } } as DashboardTile]), "body/definition/tiles/0 must have required property 'text'"],
    ];
    for (const [body, message] of cases) {
      const response = await analyst.call('POST', '/api/dashboards', { definition: body });
      expect(response.statusCode, message).toBe(400);
      expect(response.json().message).toContain(message);
    }
    const board = await createBoard(analyst, definition('Checked board'));
    const draft = await analyst.call('PUT', `/api/dashboards/${board.id}/draft`, { definition: definition('x', [kpi('bad', 'discharges', 0, { chart: { query: { metrics: ['discharges'], dimensions: ['nope'] }, chart: { type: 'bar' } } } as Partial<DashboardTile>)]) });
    expect(draft.statusCode).toBe(400);
    expect(draft.json().message).toContain('tile "bad" (discharges): ');
    expect(draft.json().message).toContain('no dimension "nope"');
  });
});

describe('YAML', () => {
  it('exports a board and imports it back as the same definition', async () => {
    const original = definition('导出看板', [
      { id: 'title', kind: 'text', style: 'title', text: '导出看板\n\n第二段', layout: { x: 0, y: 0, w: 12, h: 2 } },
      kpi('alos', 'alos', 0, { layout: { x: 0, y: 2, w: 4, h: 3 } }),
      { id: 'trend', kind: 'chart', title: '出院人数趋势', layout: { x: 4, y: 2, w: 8, h: 6 }, ignoreGlobalFilters: true,
        chart: { query: { metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-06-30' }, compare: ['yoy'] }, chart: { type: 'line', x: 'time', y: ['discharges'], grain: 'month', numberFormat: { discharges: 'integer' } } } },
    ], { refreshSeconds: 300 });
    const board = await createBoard(analyst, original, 'export-board');
    await analyst.call('PUT', `/api/dashboards/${board.id}/shares`, { shares: [{ kind: 'role', role: 'viewer' }] });
    expect((await analyst.call('GET', `/api/dashboards/${board.id}/export`)).statusCode).toBe(409);
    await analyst.call('POST', `/api/dashboards/${board.id}/publish`, {});

    const exported = await analyst.call('GET', `/api/dashboards/${board.id}/export`);
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toContain('application/yaml');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="export-board.yaml"');
    expect(exported.body).toMatch(/^slug: export-board\ntitle: 导出看板\n/);
    expect(exported.body).toContain('layout: { x: 0, y: 2, w: 4, h: 3 }');
    expect(exported.body).not.toContain('owner');

    // Imported again by its owner: the same slug, so a new draft of the same board.
    const again = await analyst.call('POST', '/api/dashboards/import', exported.body, { 'content-type': 'application/yaml' });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id: board.id, shares: [{ kind: 'role', role: 'viewer' }] });
    expect(again.json().draft).toEqual(original);
    // Imported by someone else under another slug: a new board of theirs.
    const copy = await governance.call('POST', '/api/dashboards/import', exported.body.replace('slug: export-board', 'slug: export-board-copy'), { 'content-type': 'text/yaml' });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({ slug: 'export-board-copy', owner: 'yiwuchu', published: null });
    expect(copy.json().draft).toEqual(original);
    // … and not over a board that is not theirs.
    const taken = await governance.call('POST', '/api/dashboards/import', exported.body, { 'content-type': 'application/yaml' });
    expect(taken.statusCode).toBe(409);

    // Readers export the published version without shares; the draft is for editors.
    expect((await viewer.call('GET', `/api/dashboards/${board.id}/export`)).body).toContain('shares: []');
    expect((await viewer.call('GET', `/api/dashboards/${board.id}/export?draft=true`)).statusCode).toBe(403);
    expect((await analyst.call('GET', `/api/dashboards/${board.id}/export?draft=true`)).statusCode).toBe(200);
  });

  it('refuses a file with a syntax error, a field the schema refuses, or a tile that does not compile, naming the line', async () => {
    const post = (text: string) => analyst.call('POST', '/api/dashboards/import', text, { 'content-type': 'application/yaml' });
    const base = 'title: t\ndescription: d\ntabs: []\nfilters: { dimensions: [] }\ntiles:\n';
    const syntax = await post(`${base}  - id: a\n    kind: [chart\n`);
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().message).toMatch(/^line \d+, column \d+: YAML syntax/);
    const field = await post(`${base}  - id: a\n    kind: text\n    text: hi\n    layout: { x: 0, y: 0, w: 12, h: 1, z: 3 }\n`);
    expect(field.statusCode).toBe(400);
    expect(field.json().message).toContain('line 9');
    expect(field.json().message).toContain('unknown field "z"');
    const metric = await post(`${base}  - id: k\n    kind: chart\n    layout: { x: 0, y: 0, w: 3, h: 3 }\n    chart:\n      query: { metrics: [no_such_metric] }\n      chart: { type: kpi, y: [no_such_metric] }\n`);
    expect(metric.statusCode).toBe(400);
    expect(metric.json().message).toMatch(/^line 10, column \d+: tile "k": no metric "no_such_metric"/);
    const slug = await post(`slug: Not A Slug\n${base.replace('tiles:\n', 'tiles: []\n')}`);
    expect(slug.json().message).toContain('line 1, column 7: slug: "Not A Slug" must be 1 to 64 characters');
  });
});

describe('GET /api/docs', () => {
  it('documents the dashboard routes', async () => {
    const docs = (await server.app.inject('/api/docs')).json();
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining([
      '/api/dashboards', '/api/dashboards/home', '/api/dashboards/import', '/api/dashboards/{id}', '/api/dashboards/{id}/draft', '/api/dashboards/{id}/publish',
      '/api/dashboards/{id}/versions', '/api/dashboards/{id}/versions/{version}/restore', '/api/dashboards/{id}/shares',
      '/api/dashboards/{id}/links', '/api/links/{token}', '/api/dashboards/{id}/export',
    ]));
    expect(Object.keys(docs.paths['/api/dashboards/import'].post.requestBody.content)).toContain('application/yaml');
  });
});

describe("a project's dashboards/ folder", () => {
  it('publishes a new file as version 1, leaves an unchanged one alone, and publishes a changed one as the next version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbi-dashboards-'));
    try {
      await mkdir(join(dir, 'dashboards'));
      const cockpit = await readFile(join(hospitalProject, 'dashboards', 'hospital-operations.yaml'), 'utf8');
      await writeFile(join(dir, 'dashboards', 'hospital-operations.yaml'), cockpit);
      const connectors = { ...await readConnectorProject(server.root), dir };
      const file = join(dir, 'data', 'metadata.duckdb');
      /** One server start over the same metadata file: the board's published versions after it. */
      const start = async () => {
        const store = await openMetadataStore(file);
        try {
          const { app } = await buildApp({ extractsDir: join(server.root, 'extracts'), store, project: { warehouse: server.warehouse, connectors, model: server.model } });
          await app.close();
          const board = await store.dashboards.getBySlug('hospital-operations');
          return { board, versions: await store.dashboards.versions(board!.id), audit: (await store.audit.search({ action: 'dashboard_published' })).total };
        } finally {
          store.close();
        }
      };

      const first = await start();
      expect(first.board).toMatchObject({ owner: 'admin', draft: null, published: { version: 1, publishedBy: 'project files', note: 'project files' } });
      expect(first.board!.shares).toHaveLength(3);
      expect(first.audit).toBe(1);
      const unchanged = await start();
      expect(unchanged.versions.map((v) => v.version)).toEqual([1]);
      expect(unchanged.audit).toBe(1);

      await writeFile(join(dir, 'dashboards', 'hospital-operations.yaml'), cockpit.replace('title: 医院运营驾驶舱', 'title: 医院运营驾驶舱（新版）'));
      const changed = await start();
      expect(changed.versions.map((v) => [v.version, v.definition.title])).toEqual([[2, '医院运营驾驶舱（新版）'], [1, '医院运营驾驶舱']]);
      expect(changed.board!.id).toBe(first.board!.id);
      expect(changed.audit).toBe(2);

      // A file with a mistake stops the start, naming the file and the line.
      await writeFile(join(dir, 'dashboards', 'broken.yaml'), 'title: 坏看板\ndescription: ""\ntabs: []\nfilters: { dimensions: [] }\ntiles:\n  - id: k\n    kind: chart\n    layout: { x: 0, y: 0, w: 3, h: 3 }\n    chart:\n      query: { metrics: [no_such_metric] }\n      chart: { type: kpi, y: [no_such_metric] }\n');
      await expect(start()).rejects.toThrow(/dashboards\/broken\.yaml:10:\d+: tile "k": no metric "no_such_metric"/);
      await writeFile(join(dir, 'dashboards', 'broken.yaml'), 'title: [\n');
      await expect(start()).rejects.toThrow(/dashboards\/broken\.yaml:2:\d+: YAML syntax/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
