// Saved charts through the API: an analyst saves, lists, renames, duplicates and removes their
// own; another analyst cannot see them, a viewer cannot save, an admin sees all; a query that
// would not compile is refused when saved; every change is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHospitalServer, type ApiClient, type HospitalServer } from '../testing/hospital-server.ts';

let server: HospitalServer;
let analyst: ApiClient;

beforeAll(async () => {
  server = await startHospitalServer({ seed: 41 });
  analyst = await server.login('xinnei');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const config = { query: { metrics: ['discharges'], dimensions: ['ward'], timeRange: { relative: 'last_year' } }, chart: { type: 'bar', x: 'ward', y: ['discharges'] } };

describe('saved charts', () => {
  it('are saved, listed, changed, duplicated and removed by their author', async () => {
    const saved = await analyst.call('POST', '/api/charts', { name: '出院人数（病区）', description: '去年各病区出院人数', config });
    expect(saved.statusCode).toBe(201);
    const chart = saved.json();
    expect(chart).toMatchObject({ owner: 'xinnei', name: '出院人数（病区）', config });
    expect((await analyst.call('GET', '/api/charts')).json().charts.map((c: { id: string }) => c.id)).toEqual([chart.id]);

    const renamed = await analyst.call('PUT', `/api/charts/${chart.id}`, { name: '出院人数 by 病区', config: { ...config, chart: { type: 'line' } } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '出院人数 by 病区', config: { chart: { type: 'line' } } });
    expect(Date.parse(renamed.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(chart.updatedAt));

    const copy = (await analyst.call('POST', `/api/charts/${chart.id}/duplicate`, {})).json();
    expect(copy).toMatchObject({ owner: 'xinnei', name: '出院人数 by 病区（副本）', config: { chart: { type: 'line' } } });
    expect(copy.id).not.toBe(chart.id);

    expect((await analyst.call('DELETE', `/api/charts/${copy.id}`)).statusCode).toBe(204);
    expect((await analyst.call('GET', `/api/charts/${copy.id}`)).statusCode).toBe(404);
    const audit = await server.store.audit.search({ username: 'xinnei' });
    expect(audit.entries.filter((e) => e.action === 'chart_saved')).toHaveLength(3);
    expect(audit.entries.filter((e) => e.action === 'chart_removed')).toHaveLength(1);
  });

  it("are not another analyst's to read, change or copy; an admin sees them all", async () => {
    const chart = (await analyst.call('POST', '/api/charts', { name: '我的图表', config })).json();
    const other = await server.login('jizhen');
    expect((await other.call('GET', '/api/charts')).json().charts).toEqual([]);
    for (const [method, url, body] of [['GET', `/api/charts/${chart.id}`], ['PUT', `/api/charts/${chart.id}`, { name: 'x' }], ['POST', `/api/charts/${chart.id}/duplicate`, {}], ['DELETE', `/api/charts/${chart.id}`]] as const) {
      const response = await other.call(method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const admin = await server.login('admin');
    expect((await admin.call('GET', '/api/charts')).json().charts.map((c: { id: string }) => c.id)).toContain(chart.id);
  });

  it('cannot be saved by a viewer', async () => {
    const viewer = await server.login('yuanban');
    const response = await viewer.call('POST', '/api/charts', { name: 'x', config });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toBe('the viewer role may not save or change charts');
  });

  it('refuse a query that would not run, a chart type HBI does not draw, and unknown fields, naming them', async () => {
    const cases: [unknown, string][] = [
      [{ name: 'x', config: { ...config, query: { metrics: ['no_such_metric'] } } }, 'no metric "no_such_metric"'],
      [{ name: 'x', config: { ...config, query: { metrics: ['discharges'], dimensions: ['nope'] } } }, 'no dimension "nope"'],
      [{ name: 'x', config: { ...config, chart: { type: 'radar' } } }, 'body/config/chart/type'],
      [{ name: '', config }, 'body/name'],
      [{ name: 'x', config, owner: 'admin' }, 'must NOT have additional properties'],
    ];
    for (const [body, message] of cases) {
      const response = await analyst.call('POST', '/api/charts', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message).toContain(message);
    }
    expect((await analyst.call('GET', '/api/charts/not-a-uuid')).statusCode).toBe(400);
  });
});
