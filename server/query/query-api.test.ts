// The query API as a client uses it, on a small generated hospital: JSON results equal hand-written
// SQL, Arrow IPC carries the same values, the SQL is shown only to roles that may see it, exports
// hold the same rows as the result, the cache answers repeats until a load publishes, and the
// catalogue lists metrics with their versions and lineage.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { startHospitalServer, type ApiClient, type HospitalServer } from '../testing/hospital-server.ts';

let server: HospitalServer;
let admin: ApiClient;
let analyst: ApiClient;

beforeAll(async () => {
  server = await startHospitalServer({ seed: 21 });
  admin = await server.login('admin');
  analyst = await server.login('xinnei');
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const year = { from: '2025-01-01', to: '2025-12-31' };
const byDepartment = { metrics: ['discharges', 'alos'], dimensions: ['department'], timeRange: year };

async function handWritten(sql: string): Promise<Record<string, unknown>[]> {
  return (await server.warehouse.db.runAndReadAll(sql)).getRowObjectsJS();
}

const dischargesByDepartment = `
  SELECT coalesce(discharge_dept_code, admit_dept_code) AS department, count(*)::DOUBLE AS discharges,
         sum(greatest(date_diff('day', admitted_at::DATE, discharged_at::DATE), 1)) / count(*) AS alos
  FROM admissions WHERE discharged_at >= DATE '2025-01-01' AND discharged_at < DATE '2026-01-01' GROUP BY 1 ORDER BY 1`;

describe('POST /api/query', () => {
  it('answers metric values by dimension equal to hand-written SQL, with versions and the data version', async () => {
    const response = await admin.call('POST', '/api/query', byDepartment);
    expect(response.statusCode).toBe(200);
    const result = response.json();
    const expected = await handWritten(dischargesByDepartment);
    expect(result.rows.map((r: { department: string }) => r.department)).toEqual(expected.map((r) => r.department));
    result.rows.forEach((row: { discharges: number; alos: number }, i: number) => {
      expect(row.discharges).toBe(expected[i]!.discharges);
      expect(row.alos).toBeCloseTo(expected[i]!.alos as number, 9);
    });
    expect(result.metricVersions).toEqual({ discharges: 1, alos: 1 });
    expect(result.dataVersion).toBe(server.queries!.currentDataVersion);
    expect(result).not.toHaveProperty('sql');
    // rows keep codes; the names of exactly those codes come beside them, from the departments lookup
    const names = await handWritten('SELECT dept_code, dept_name FROM departments');
    expect(result.labels).toEqual({
      department: Object.fromEntries(names.filter((n) => expected.some((r) => r.department === n.dept_code)).map((n) => [n.dept_code, n.dept_name])),
    });
  });

  it('answers Arrow IPC with the same values when asked for it', async () => {
    const json = (await admin.call('POST', '/api/query', byDepartment)).json();
    const response = await admin.call('POST', '/api/query', byDepartment, { accept: 'application/vnd.apache.arrow.stream' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(response.rawPayload);
    expect(table.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual(['department:Utf8', 'discharges:Float64', 'alos:Float64']);
    expect(table.toArray().map((row) => row.toJSON())).toEqual(json.rows);
    expect(JSON.parse(table.schema.metadata.get('metricVersions')!)).toEqual({ discharges: 1, alos: 1 });
  });

  it('shows the plan and compiled SQL to admins on request, and refuses it to analysts', async () => {
    const shown = (await admin.call('POST', '/api/query?sql=true', byDepartment)).json();
    expect(shown.sql.text).toContain('SELECT');
    expect(shown.plan.metrics).toEqual(['discharges', 'alos']);
    const refused = await analyst.call('POST', '/api/query?sql=true', byDepartment);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('the analyst role may not see compiled SQL');
  });

  it('names the field or the problem in a bad request', async () => {
    const cases: [unknown, string][] = [
      [{ dimensions: ['department'] }, "must have required property 'metrics'"],
      [{ metrics: ['discharges'], grain: 'fortnight' }, 'body/grain'],
      [{ metrics: ['discharges'], timeRange: { from: '2025-13', to: '2025-12-31' } }, 'body/timeRange'],
      [{ metrics: ['no_such_metric'] }, 'no metric "no_such_metric"'],
      [{ metrics: ['discharges'], dimensions: ['departement'] }, 'no dimension "departement"'],
      [{ metrics: ['discharges'], where: 'department = ' }, 'where'],
      [{ metrics: ['discharges'], extra: 1 }, 'must NOT have additional properties'],
    ];
    for (const [body, message] of cases) {
      const response = await admin.call('POST', '/api/query', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message, JSON.stringify(body)).toContain(message);
    }
  });
});

describe('POST /api/query/batch', () => {
  /** The NDJSON lines of a batch, by index. */
  const batch = async (client: ApiClient, queries: unknown[], onlyCached?: boolean, ahead?: boolean) => {
    const response = await client.call('POST', '/api/query/batch', { queries, ...(onlyCached === undefined ? {} : { onlyCached }), ...(ahead === undefined ? {} : { ahead }) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/x-ndjson');
    const lines = response.body.trim().split('\n').map((line) => JSON.parse(line) as { index: number; status: number; result?: { rows: unknown[] }; error?: { message: string } });
    return lines.sort((a, b) => a.index - b.index);
  };

  it('answers each query as POST /api/query does, a line each, refusals included, each audited', async () => {
    const viewer = await server.login('yuanban');
    const before = (await server.store.audit.search({ username: 'yuanban', action: 'query' })).total;
    const lines = await batch(viewer, [byDepartment, { metrics: ['no_such_metric'] }, { metrics: ['discharges'], dimensions: ['doctor'] }]);
    expect(lines.map((l) => [l.index, l.status])).toEqual([[0, 200], [1, 400], [2, 403]]);
    const single = (await viewer.call('POST', '/api/query', byDepartment)).json<{ rows: unknown[] }>();
    expect(lines[0]!.result!.rows).toEqual(single.rows);
    expect(lines[1]!.error!.message).toContain('no_such_metric');
    expect((await viewer.call('POST', '/api/query', { metrics: ['discharges'], dimensions: ['doctor'] })).json<{ message: string }>().message).toBe(lines[2]!.error!.message);
    // three from the batch, two from the single queries above
    expect((await server.store.audit.search({ username: 'yuanban', action: 'query' })).total).toBe(before + 5);
  });

  it('audits queries asked ahead of the reader as asked ahead, answers and refusals alike', async () => {
    const viewer = await server.login('yuanban');
    const entries = async () => (await server.store.audit.search({ username: 'yuanban', action: 'query' })).entries;
    const before = new Set((await entries()).map((e) => e.id));
    const lines = await batch(viewer, [byDepartment, { metrics: ['discharges'], dimensions: ['doctor'] }], undefined, true);
    expect(lines.map((l) => l.status)).toEqual([200, 403]);
    await batch(viewer, [byDepartment]);
    const added = (await entries()).filter((e) => !before.has(e.id));
    expect(added.map((e) => [e.outcome, e.detail['ahead'] ?? false]).sort()).toEqual([['ok', false], ['ok', true], ['refused', true]]);
  });

  it('keeps the analyst to their department, as a single query does', async () => {
    const [line] = await batch(analyst, [{ metrics: ['discharges'], dimensions: ['department'], timeRange: year }]);
    expect((line!.result!.rows as { department: string }[]).map((r) => r.department)).toEqual(['0101']);
  });

  it('with onlyCached, answers what the cache holds for this user and runs nothing else', async () => {
    const viewer = await server.login('yuanban');
    const asked = { metrics: ['discharges'], dimensions: ['ward'], timeRange: { from: '2025-02-01', to: '2025-02-28' } };
    const never = { metrics: ['alos'], dimensions: ['ward'], timeRange: { from: '2025-02-01', to: '2025-02-28' } };
    const single = (await viewer.call('POST', '/api/query', asked)).json<{ rows: unknown[] }>();
    const audited = async () => (await server.store.audit.search({ username: 'yuanban', action: 'query' })).total;
    const before = await audited();
    const lines = await batch(viewer, [asked, never, { metrics: ['discharges'], dimensions: ['doctor'] }], true);
    expect(lines.map((l) => [l.index, l.status])).toEqual([[0, 200], [1, 204], [2, 403]]);
    expect(lines[0]!.result!.rows).toEqual(single.rows);
    expect(lines[0]!.result).toMatchObject({ cached: true });
    // the answer and the refusal are on record; the query the cache did not hold was not run
    expect(await audited()).toBe(before + 2);
    expect((await batch(viewer, [never], true)).map((l) => l.status)).toEqual([204]);
    // another user's cached answer is not this user's: the analyst's scope keys its own entry
    expect((await batch(analyst, [asked], true)).map((l) => l.status)).toEqual([204]);
  });

  it('refuses an empty batch and a malformed query, naming the field', async () => {
    const empty = await admin.call('POST', '/api/query/batch', { queries: [] });
    expect(empty.statusCode).toBe(400);
    expect(empty.json<{ message: string }>().message).toMatch(/queries/);
    const malformed = await admin.call('POST', '/api/query/batch', { queries: [{ metrics: ['discharges'], grain: 'hour' }] });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ message: string }>().message).toMatch(/queries\/0\/grain/);
  });
});

describe('GET /api/dimensions/:name/values', () => {
  it("gives a dimension's distinct values across its datasets, searched, within the user's rows", async () => {
    const all = (await admin.call('GET', '/api/dimensions/ward/values?limit=500')).json();
    const expected = await handWritten(`
      SELECT DISTINCT v FROM (
        SELECT coalesce(discharge_ward_code, admit_ward_code) AS v FROM admissions
        UNION SELECT ward_code FROM open_beds UNION SELECT ward_code FROM antibiotic_administrations) WHERE v IS NOT NULL ORDER BY v`);
    expect(server.model.dimensions.get('ward')!.datasets.sort()).toEqual(['antibiotic_use', 'inpatient_days', 'inpatient_presence', 'inpatient_stays', 'open_beds']);
    expect(all.values).toEqual(expected.map((r) => r.v));
    const searched = (await admin.call('GET', '/api/dimensions/ward/values?search=0101')).json();
    expect(searched.values.length).toBeGreaterThan(0);
    expect(searched.values.every((v: string) => v.includes('0101'))).toBe(true);
    expect(searched.values).toEqual(all.values.filter((v: string) => v.includes('0101')));
    const own = (await analyst.call('GET', '/api/dimensions/department/values')).json();
    expect(own.values).toEqual(['0101']);
    const limited = (await admin.call('GET', '/api/dimensions/department/values?limit=3')).json();
    expect(limited.values).toHaveLength(3);
    expect((await admin.call('GET', '/api/dimensions/nope/values')).json().message).toContain('no dimension "nope"');
    const viewer = await server.login('yuanban');
    expect((await viewer.call('GET', '/api/dimensions/doctor/values')).statusCode).toBe(403);
  });

  it('names the values that have a name, and finds them by name within the user\'s rows', async () => {
    const [cardiology] = await handWritten("SELECT dept_name FROM departments WHERE dept_code = '0101'");
    const found = (await admin.call('GET', `/api/dimensions/department/values?search=${encodeURIComponent(String(cardiology!.dept_name))}`)).json();
    expect(found.values).toContain('0101');
    expect(found.labels['0101']).toBe(cardiology!.dept_name);
    // another department's analyst finds nothing by that name: the search stays inside their rows
    const ed = await server.login('jizhen');
    expect((await ed.call('GET', `/api/dimensions/department/values?search=${encodeURIComponent(String(cardiology!.dept_name))}`)).json()).toEqual({ dimension: 'department', values: [], labels: {} });
    const wards = (await analyst.call('GET', '/api/dimensions/ward/values')).json();
    const wardNames = await handWritten("SELECT ward_code, ward_name FROM wards WHERE dept_code = '0101'");
    expect(wards.labels).toEqual(Object.fromEntries(wardNames.filter((w) => wards.values.includes(w.ward_code)).map((w) => [w.ward_code, w.ward_name])));
  });
});

describe('GET /api/docs', () => {
  it('is the OpenAPI document of the query, catalogue, access and upload routes, with their schemas', async () => {
    const docs = (await server.app.inject('/api/docs')).json();
    expect(Object.keys(docs.paths)).toEqual(expect.arrayContaining([
      '/api/query', '/api/query/detail', '/api/query/export', '/api/query/detail/export', '/api/access/preview',
      '/api/catalogue', '/api/catalogue/metrics/{name}', '/api/access/policies', '/api/audit', '/api/datasets/{dataset}/uploads', '/api/jobs/{jobId}/events',
    ]));
    const query = docs.paths['/api/query'].post;
    expect(query.requestBody.content['application/json'].schema.required).toEqual(['metrics']);
    expect(Object.keys(query.responses)).toEqual(expect.arrayContaining(['200', '400', '403']));
  });
});

describe('the result cache', () => {
  it('answers a repeat from the cache and forgets everything when a load publishes', async () => {
    const query = { metrics: ['outpatient_visits'], dimensions: ['department'], timeRange: { from: '2025-03-01', to: '2025-03-31' } };
    expect((await admin.call('POST', '/api/query', query)).json().cached).toBe(false);
    const again = (await admin.call('POST', '/api/query', query)).json();
    expect(again.cached).toBe(true);
    await server.queries!.dataPublished();
    const after = (await admin.call('POST', '/api/query', query)).json();
    expect(after.cached).toBe(false);
    expect(after.rows).toEqual(again.rows);
  });
});

describe('exports', () => {
  it('writes a query as CSV and xlsx with the result\'s rows under labelled headers', async () => {
    const result = (await admin.call('POST', '/api/query', byDepartment)).json();
    const csv = await admin.call('POST', '/api/query/export?format=csv', byDepartment);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="discharges_alos.csv"');
    const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('科室,出院人数(人),出院者平均住院日(天)');
    expect(lines.slice(1)).toEqual(result.rows.map((r: { department: string; discharges: number; alos: number }) => `${r.department},${r.discharges},${r.alos}`));

    const xlsx = await admin.call('POST', '/api/query/export?format=xlsx', byDepartment);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).values).toEqual([undefined, '科室', '出院人数(人)', '出院者平均住院日(天)']);
    expect(sheet.rowCount).toBe(result.rows.length + 1);
    expect(sheet.getRow(2).values).toEqual([undefined, result.rows[0].department, result.rows[0].discharges, result.rows[0].alos]);
  });

  it('streams every detail row behind a number, equal to the rows hand-written SQL selects', async () => {
    const body = { metric: 'discharges', timeRange: { from: '2025-06-01', to: '2025-06-30' } };
    const csv = await admin.call('POST', '/api/query/detail/export?format=csv', body);
    expect(csv.statusCode).toBe(200);
    const ids = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort();
    const expected = await handWritten(`SELECT admission_id FROM admissions WHERE discharged_at >= DATE '2025-06-01' AND discharged_at < DATE '2025-07-01' ORDER BY 1`);
    expect(ids).toEqual(expected.map((r) => r.admission_id));
    const audit = await server.store.audit.search({ username: 'admin', action: 'export' });
    expect(audit.entries[0]).toMatchObject({ outcome: 'ok', rows: expected.length, detail: { kind: 'detail', format: 'csv' } });
  });
});

describe('drill-through', () => {
  it('pages through the rows behind a cell, with the total, stable across pages', async () => {
    const body = { metric: 'discharges', timeRange: year, cell: { department: '0101' } };
    const first = (await admin.call('POST', '/api/query/detail', { ...body, limit: 50 })).json();
    const second = (await admin.call('POST', '/api/query/detail', { ...body, offset: 50, limit: 50 })).json();
    const [{ n }] = await handWritten(`SELECT count(*)::INTEGER AS n FROM admissions WHERE coalesce(discharge_dept_code, admit_dept_code) = '0101'
      AND discharged_at >= DATE '2025-01-01' AND discharged_at < DATE '2026-01-01'`) as [{ n: number }];
    expect(first.total).toBe(n);
    expect(first.rows).toHaveLength(Math.min(50, n));
    const ids = [...first.rows, ...second.rows].map((r: { admission_id: string }) => r.admission_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.metricVersion).toBe(1);
  });
});

describe('GET /api/catalogue', () => {
  it('lists every metric with its 口径, current version and lineage down to columns', async () => {
    const catalogue = (await analyst.call('GET', '/api/catalogue')).json();
    expect(catalogue.metrics).toHaveLength(server.model.metrics.size);
    const alos = catalogue.metrics.find((m: { name: string }) => m.name === 'alos');
    expect(alos).toMatchObject({ label: { zh: '出院者平均住院日' }, type: 'ratio', currentVersion: 1, lineage: { datasets: ['inpatient_stays'] } });
    expect(alos.lineage.measures.map((m: { measure: string }) => m.measure).sort()).toEqual(['discharged_bed_days', 'discharges']);
    expect(alos.lineage.columns.map((c: { column: string }) => c.column)).toEqual(expect.arrayContaining(['admitted_at', 'discharged_at']));
    const readmission = catalogue.metrics.find((m: { name: string }) => m.name === 'readmission_30d_rate');
    expect(readmission.lineage.columns).toContainEqual({ dataset: 'inpatient_stays', table: 'admissions', column: 'patient_id', pii: 'mrn' });
    expect(catalogue.dimensions.map((d: { name: string }) => d.name)).toContain('department');
    expect(catalogue.hierarchies.map((h: { name: string }) => h.name)).toContain('organization');
  });

  it('records each first-seen definition as a version in the audit log', async () => {
    const { entries } = await server.store.audit.search({ action: 'metric_version', limit: 1000 });
    expect(entries.map((e) => e.detail.metric).sort()).toEqual([...server.model.metrics.keys()].sort());
    expect(entries[0]).toMatchObject({ username: 'project files', detail: { version: 1 } });
  });

  it("gives a metric's every recorded version", async () => {
    const response = await analyst.call('GET', '/api/catalogue/metrics/alos');
    expect(response.statusCode).toBe(200);
    expect(response.json().versions).toEqual([expect.objectContaining({ version: 1, author: 'project files', reason: 'first seen in metrics/alos.yaml', definition: expect.objectContaining({ name: 'alos', type: 'ratio' }) })]);
    expect((await analyst.call('GET', '/api/catalogue/metrics/nope')).statusCode).toBe(404);
  });

  it('leaves out dimensions that read a column hidden from the role', async () => {
    const viewer = await server.login('yuanban');
    const catalogue = (await viewer.call('GET', '/api/catalogue')).json();
    expect(catalogue.dimensions.map((d: { name: string }) => d.name)).not.toContain('doctor');
    expect(catalogue.hierarchies.map((h: { name: string }) => h.name)).not.toContain('organization');
  });
});
