// Security battery, part 4: what the audit log must hold and what counts may reach whom. Every read
// of rows is on record before it starts and again with the rows sent when it ends or is cut; an
// aborted download frees what it read from at once; every refusal (a missing grant, a column rule,
// a missing CSRF token) is recorded; and no route gives a department's analyst a count beyond their
// row policy. Each export kind is downloaded over a real socket and cut after its first bytes.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportStream, type ExportCell, type ExportFormat, type ExportOutcome } from './export/table-export.ts';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';
import type { AuditEntry } from './store/metadata-store.ts';

let server: HospitalServer;
let url: string;
const clients: Record<string, ApiClient> = {};
const roles = { admin: 'admin', yiwuchu: 'governance', xinnei: 'analyst', jizhen: 'analyst', yuanban: 'viewer' } as const;

beforeAll(async () => {
  server = await startHospitalServer();
  for (const username of Object.keys(roles)) clients[username] = await server.login(username);
  url = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace('localhost', '127.0.0.1');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const entries = async (username: string, action: AuditEntry['action']) => (await server.store.audit.search({ username, action, limit: 1000 })).entries;

/** Starts a download over a real socket, reads its first chunk and cuts the connection. */
function cutDownload(client: ApiClient, method: 'GET' | 'POST', path: string, body?: object): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const request = httpRequest(`${url}${path}`, {
      method,
      headers: { cookie: client.cookie, ...(method === 'POST' ? { 'x-csrf-token': client.csrfToken, 'content-type': 'application/json' } : {}) },
    }, (response) => {
      response.once('data', (chunk: Buffer) => {
        request.destroy();
        resolve({ status: response.statusCode ?? 0, bytes: chunk.length });
      });
      response.once('end', () => resolve({ status: response.statusCode ?? 0, bytes: 0 }));
    });
    request.on('error', (error) => { if (!request.destroyed) reject(error); });
    request.end(payload);
  });
}

describe('an export the client cuts', () => {
  it('stops writing, frees its source at once and reports the rows written as aborted (the writer no longer waits for a drain that never comes)', async () => {
    let freed = false;
    let produced = 0;
    async function* batches(): AsyncGenerator<ExportCell[][]> {
      try {
        // 200 batches of 1,000 rows (about 20 MB as CSV): far more than the stream buffers.
        for (let b = 0; b < 200; b++) {
          produced += 1000;
          yield Array.from({ length: 1000 }, (_, i) => [`P${String(b * 1000 + i).padStart(8, '0')}`, '心血管内科', 'x'.repeat(60), b * 1000 + i]);
        }
      } finally {
        freed = true;
      }
    }
    for (const format of ['csv', 'xlsx'] as ExportFormat[]) {
      freed = false;
      produced = 0;
      const ended = new Promise<{ rows: number; outcome: ExportOutcome; freedBefore: boolean }>((resolve) => {
        const stream = exportStream({ headers: ['患者', '科室', '备注', '序号'], batches: batches() }, format, 'cut', (rows, outcome) => resolve({ rows, outcome, freedBefore: freed }));
        stream.once('data', () => stream.destroy());
      });
      const { rows, outcome, freedBefore } = await ended;
      expect(outcome, format).toBe('aborted');
      expect(freedBefore, `${format}: the source is released before the end is reported`).toBe(true);
      expect(rows, format).toBeLessThan(200_000);
      expect(produced, `${format}: reading stopped with the download`).toBeLessThan(200_000);
    }
  });

  it('is on record before its first byte and again, with the rows sent, for every export kind', async () => {
    const xinnei = clients.xinnei!;
    const yiwuchu = clients.yiwuchu!;
    const { datasets } = (await clients.admin!.call('GET', '/api/datasets')).json<{ datasets: { name: string; lastLoad: { loadId: number; rowsRejected: number } | null }[] }>();
    const rejected = datasets.find((d) => (d.lastLoad?.rowsRejected ?? 0) > 0)!.lastLoad!;
    const kinds: [ApiClient, 'GET' | 'POST', string, object | undefined, string][] = [
      [xinnei, 'POST', '/api/query/export?format=csv', { metrics: ['discharges'], dimensions: ['ward', 'time'], grain: 'day' }, 'query'],
      [xinnei, 'POST', '/api/query/export?format=xlsx', { metrics: ['discharges'], dimensions: ['ward', 'time'], grain: 'day' }, 'query'],
      [xinnei, 'POST', '/api/query/detail/export?format=csv', { metric: 'discharges' }, 'detail'],
      [xinnei, 'POST', '/api/query/detail/export?format=xlsx', { metric: 'discharges' }, 'detail'],
      [yiwuchu, 'GET', `/api/loads/${rejected.loadId}/rejects.csv`, undefined, 'rejected_rows'],
    ];
    for (const [client, method, path, body, kind] of kinds) {
      const before = new Set((await entries(client.username, 'export')).map((e) => e.id));
      const cut = await cutDownload(client, method, path, body);
      expect(cut.status, path).toBe(200);
      const ending = await vi.waitFor(async () => {
        const fresh = (await entries(client.username, 'export')).filter((e) => !before.has(e.id));
        const started = fresh.find((e) => e.outcome === 'started');
        const end = fresh.find((e) => e.outcome !== 'started');
        if (!started || !end) throw new Error(`${path}: not yet on record`);
        return { started, end };
      }, { timeout: 20_000, interval: 50 });
      expect(ending.started, path).toMatchObject({ rows: null, detail: { kind } });
      expect(ending.end.detail.started, path).toBe(ending.started.id);
      expect(['aborted', 'ok'], path).toContain(ending.end.outcome);
      expect(ending.end.rows, path).toEqual(expect.any(Number));
    }
  });

  it('frees the warehouse result of a cut detail export: the same export then runs to its end', async () => {
    for (let i = 0; i < 5; i++) await cutDownload(clients.xinnei!, 'POST', '/api/query/detail/export?format=csv', { metric: 'discharges' });
    const whole = await clients.xinnei!.call('POST', '/api/query/detail/export?format=csv', { metric: 'discharges' });
    expect(whole.statusCode).toBe(200);
    const [{ n }] = (await server.warehouse.db.runAndReadAll(`SELECT count(*)::INTEGER AS n FROM admissions WHERE discharged_at IS NOT NULL AND coalesce(discharge_dept_code, admit_dept_code) = '0101'`)).getRowObjectsJS() as [{ n: number }];
    expect(whole.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n')).toHaveLength(n + 1);
    const end = await vi.waitFor(async () => {
      const found = (await entries('xinnei', 'export')).find((e) => e.outcome === 'ok' && e.detail.kind === 'detail');
      if (!found) throw new Error('not yet on record');
      return found;
    });
    expect(end.rows).toBe(n);
  });
});

describe('refusals and reads on record', () => {
  it("records a viewer's refused request for doctor values, with the reason", async () => {
    const response = await clients.yuanban!.call('GET', '/api/dimensions/doctor/values');
    expect(response.statusCode).toBe(403);
    const refused = await entries('yuanban', 'access_refused');
    expect(refused[0]).toMatchObject({ outcome: 'refused', detail: { method: 'GET', route: '/api/dimensions/:name/values' } });
    expect(String(refused[0]!.detail.reason)).toContain('attending_doctor_code');
  });

  it('records a change refused for a missing or wrong CSRF token', async () => {
    for (const token of [undefined, 'forged']) {
      const before = (await entries('xinnei', 'access_refused')).length;
      const response = await server.app.inject({
        method: 'POST', url: '/api/charts', payload: { title: 'x' },
        headers: { cookie: clients.xinnei!.cookie, ...(token ? { 'x-csrf-token': token } : {}) },
      });
      expect(response.statusCode).toBe(403);
      const refused = await entries('xinnei', 'access_refused');
      expect(refused.length).toBe(before + 1);
      expect(refused[0]).toMatchObject({ detail: { method: 'POST', route: '/api/charts', reason: 'missing or wrong CSRF token' } });
    }
  });

  it('records reads of rejected rows, page and CSV, with the rows read', async () => {
    const { datasets } = (await clients.yiwuchu!.call('GET', '/api/datasets')).json<{ datasets: { lastLoad: { loadId: number; rowsRejected: number } | null }[] }>();
    const load = datasets.find((d) => (d.lastLoad?.rowsRejected ?? 0) > 0)!.lastLoad!;
    const page = await clients.yiwuchu!.call('GET', `/api/loads/${load.loadId}/rejects?limit=5`);
    expect(page.statusCode).toBe(200);
    expect((await entries('yiwuchu', 'rejected_rows'))[0]).toMatchObject({ outcome: 'ok', rows: Math.min(5, load.rowsRejected), detail: { loadId: load.loadId } });
    const csv = await clients.yiwuchu!.call('GET', `/api/loads/${load.loadId}/rejects.csv`);
    expect(csv.statusCode).toBe(200);
    const end = await vi.waitFor(async () => {
      const found = (await entries('yiwuchu', 'export')).find((e) => e.detail.kind === 'rejected_rows' && e.outcome === 'ok');
      if (!found) throw new Error('not yet on record');
      return found;
    });
    expect(end.rows).toBe(load.rowsRejected);
  });
});

describe('counts reach each role only within its rows', () => {
  type Listing = { datasets: { name: string; rows: number | null; lastLoad: { rowsRead: number } | null }[]; countsWithheld?: boolean };

  it('the dataset list: analysts get no per-dataset counts (the ED visits, the infections, rows read and loaded); the others get them', async () => {
    for (const [username, role] of Object.entries(roles)) {
      const response = await clients[username]!.call('GET', '/api/datasets');
      expect(response.statusCode, username).toBe(200);
      const listing = response.json<Listing>();
      expect(listing.datasets.length, username).toBeGreaterThan(10);
      if (role === 'analyst') {
        expect(listing.countsWithheld, username).toBe(true);
        for (const d of listing.datasets) expect([d.name, d.rows, d.lastLoad], username).toEqual([d.name, null, null]);
      } else {
        expect(listing.datasets.find((d) => d.name === 'emergency_visits')?.rows, username).toBeGreaterThan(0);
        expect(listing.datasets.find((d) => d.name === 'infection_reports')?.lastLoad?.rowsRead, username).toBeGreaterThan(0);
      }
    }
  });

  it('the extract inventory: withheld from analysts, whole for the others', async () => {
    for (const [username, role] of Object.entries(roles)) {
      const response = await clients[username]!.call('GET', '/api/extracts');
      expect(response.statusCode, username).toBe(200);
      const listing = response.json<{ extracts: { name: string; rows: number }[]; withheld?: boolean }>();
      if (role === 'analyst') expect([listing.extracts, listing.withheld], username).toEqual([[], true]);
      else expect(listing.extracts.find((e) => e.name === 'emergency_visits')?.rows, username).toBeGreaterThan(0);
    }
  });

  it('every route returning counts or rows answers each role as its grants and rows allow', async () => {
    const { datasets } = (await clients.admin!.call('GET', '/api/datasets')).json<{ datasets: { lastLoad: { loadId: number } | null }[] }>();
    const loadId = datasets.find((d) => d.lastLoad)!.lastLoad!.loadId;
    const routes: { method: 'GET' | 'POST'; path: string; body?: object; allowed: (role: string) => boolean }[] = [
      { method: 'POST', path: '/api/query', body: { metrics: ['discharges'], dimensions: ['department'] }, allowed: () => true },
      { method: 'POST', path: '/api/query/batch', body: { queries: [{ metrics: ['discharges'] }] }, allowed: () => true },
      { method: 'POST', path: '/api/query/detail', body: { metric: 'discharges', limit: 5 }, allowed: (r) => r !== 'viewer' },
      { method: 'POST', path: '/api/query/export?format=csv', body: { metrics: ['discharges'], dimensions: ['department'] }, allowed: () => true },
      { method: 'POST', path: '/api/query/detail/export?format=csv', body: { metric: 'new_infections' }, allowed: (r) => r !== 'viewer' },
      { method: 'POST', path: '/api/access/preview', body: { username: 'jizhen', query: { metrics: ['discharges'] } }, allowed: (r) => r === 'admin' },
      { method: 'GET', path: '/api/dimensions/department/values', allowed: () => true },
      { method: 'GET', path: `/api/loads/${loadId}`, allowed: (r) => r === 'admin' || r === 'governance' },
      { method: 'GET', path: `/api/loads/${loadId}/rejects`, allowed: (r) => r === 'admin' || r === 'governance' },
      { method: 'GET', path: `/api/loads/${loadId}/rejects.csv`, allowed: (r) => r === 'admin' || r === 'governance' },
      { method: 'GET', path: '/api/audit', allowed: (r) => r === 'admin' },
      { method: 'GET', path: '/api/users', allowed: (r) => r === 'admin' },
    ];
    for (const route of routes) {
      for (const [username, role] of Object.entries(roles)) {
        const refusals = async () => (await server.store.audit.search({ username, limit: 10_000 })).entries.filter((e) => e.outcome === 'refused').length;
        const before = await refusals();
        const response = await clients[username]!.call(route.method, route.path, route.body);
        expect(response.statusCode, `${username} ${route.path}: ${response.body.slice(0, 200)}`).toBe(route.allowed(role) ? 200 : 403);
        if (!route.allowed(role)) expect(await refusals(), `${username} ${route.path} refusal on record`).toBe(before + 1);
        if (role === 'analyst' && route.allowed(role)) {
          // an analyst's answer never names another department
          const other = username === 'xinnei' ? '0901' : '0101';
          const text = response.body;
          if (route.path.includes('/values')) expect(response.json<{ values: string[] }>().values, `${username} ${route.path}`).toEqual([username === 'xinnei' ? '0101' : '0901']);
          else expect(text.includes(`"department":"${other}"`) || text.includes(`\r\n${other},`), `${username} ${route.path}`).toBe(false);
        }
      }
    }
  });
});
