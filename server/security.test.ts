// Security battery, part 1: row-level access on every path a number or a row leaves the server
// (queries by any dimension, filters, comparisons, Arrow, drill-through, exports, the result
// cache, pinned versions, access previews), datasets closed to a role, column rules, and the
// audit of all of it. Every expected value comes from hand-written SQL on the warehouse.
// Injection is in security-injection.test.ts, masking per role in security-masking.test.ts.
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHospitalServer, type ApiClient, type HospitalServer } from './testing/hospital-server.ts';

type Cell = string | number | boolean | null;
interface QueryBody { columns: { name: string }[]; rows: Record<string, Cell>[]; cached: boolean; closedDatasets: string[]; metricVersions: Record<string, number> }
interface DetailBody { columns: { name: string; masked?: boolean }[]; rows: Record<string, Cell>[]; total: number }

let server: HospitalServer;
let admin: ApiClient;
let xinnei: ApiClient;
let jizhen: ApiClient;
let yuanban: ApiClient;
let yiwuchu: ApiClient;

beforeAll(async () => {
  server = await startHospitalServer();
  [admin, xinnei, jizhen, yuanban, yiwuchu] = await Promise.all(['admin', 'xinnei', 'jizhen', 'yuanban', 'yiwuchu'].map((u) => server.login(u))) as [ApiClient, ApiClient, ApiClient, ApiClient, ApiClient];
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** Rows of hand-written SQL, numbers as JS numbers. */
async function hand(text: string): Promise<Record<string, Cell>[]> {
  const rows = (await server.warehouse.db.runAndReadAll(text)).getRowObjectsJS();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v as Cell])));
}
const handValue = async (text: string) => (await hand(text))[0]!.v as number | null;

async function query(client: ApiClient, body: object): Promise<QueryBody> {
  const response = await client.call('POST', '/api/query', body);
  expect(response.statusCode, `${client.username} ${JSON.stringify(body)}: ${response.body}`).toBe(200);
  return response.json<QueryBody>();
}
async function detail(client: ApiClient, body: object): Promise<DetailBody> {
  const response = await client.call('POST', '/api/query/detail', body);
  expect(response.statusCode, `${client.username} ${JSON.stringify(body)}: ${response.body}`).toBe(200);
  return response.json<DetailBody>();
}

/** CSV text as rows of fields (quoted fields, doubled quotes, CRLF), without the BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && body[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
/** The first sheet of an xlsx file as rows of cell values. */
async function parseXlsx(payload: Buffer): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as never);
  const rows: Cell[][] = [];
  workbook.worksheets[0]!.eachRow((row) => { rows.push((row.values as Cell[]).slice(1)); });
  return rows;
}

const stayDepartment = 'coalesce(discharge_dept_code, admit_dept_code)';
const discharges0101 = `SELECT count(*) AS v FROM admissions WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0101'`;
const sorted = <T extends Record<string, Cell>>(rows: T[], key: string) => [...rows].sort((a, b) => String(a[key]).localeCompare(String(b[key])));

describe('an analyst of one department (xinnei, 0101)', () => {
  it('sees only 0101 by department, ward, doctor and month, each value equal to hand-written SQL for 0101', async () => {
    const total = await handValue(discharges0101);
    expect(total).toBeGreaterThan(0);
    expect((await query(xinnei, { metrics: ['discharges'], dimensions: ['department'] })).rows).toEqual([{ department: '0101', discharges: total }]);

    const byWard = await query(xinnei, { metrics: ['discharges'], dimensions: ['ward'] });
    expect(byWard.rows.length).toBeGreaterThan(0);
    for (const row of byWard.rows) expect(row.ward).toMatch(/^0101-/);
    expect(sorted(byWard.rows, 'ward')).toEqual(await hand(`SELECT coalesce(discharge_ward_code, admit_ward_code) AS ward, count(*) AS discharges FROM admissions
      WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0101' GROUP BY 1 ORDER BY 1`));

    const byDoctor = await query(xinnei, { metrics: ['discharges'], dimensions: ['doctor'] });
    expect(sorted(byDoctor.rows, 'doctor')).toEqual(await hand(`SELECT attending_doctor_code AS doctor, count(*) AS discharges FROM admissions
      WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0101' GROUP BY 1 ORDER BY 1`));

    const byMonth = await query(xinnei, { metrics: ['discharges'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-12-31' } });
    expect(new Set(byMonth.rows.map((r) => r.department))).toEqual(new Set(['0101']));
    expect(sorted(byMonth.rows, 'time')).toEqual(await hand(`SELECT '0101' AS department, strftime(date_trunc('month', discharged_at), '%Y-%m-%d') AS time, count(*) AS discharges
      FROM admissions WHERE ${stayDepartment} = '0101' AND discharged_at >= DATE '2025-01-01' AND discharged_at < DATE '2026-01-01' GROUP BY 2 ORDER BY 2`));
  });

  it('gets only 0101 from every dataset the planner scans, and hospital-wide numbers only from the exempt drug stock', async () => {
    const cases: [string, string][] = [
      ['discharges', discharges0101],
      ['outpatient_visits', `SELECT count(*) AS v FROM outpatient_visits WHERE visit_type IN ('普通', '专家') AND dept_code = '0101'`],
      ['actual_open_bed_days', `SELECT sum(open_beds) AS v FROM open_beds WHERE left(ward_code, 4) = '0101'`],
      ['new_infections', `SELECT count(*) AS v FROM infection_reports WHERE dept_code = '0101'`],
      ['surgery_cancellation_rate', `SELECT count(*) FILTER (WHERE status = '已取消') / count(*) AS v FROM surgeries WHERE dept_code = '0101'`],
      ['critical_value_on_time_rate', `SELECT count(*) FILTER (WHERE is_critical AND date_diff('second', verified_at, notified_at) <= 900)
        / count(*) FILTER (WHERE is_critical AND notified_at IS NOT NULL) AS v FROM lab_results WHERE notified_dept_code = '0101'`],
      ['antibiotic_ddds', `SELECT sum(a.dose_g / d.ddd_g)::DOUBLE AS v FROM antibiotic_administrations a
        LEFT JOIN antibiotic_ddd d ON d.atc_code = a.atc_code AND d.route = a.route WHERE a.dept_code = '0101'`],
      ['drug_stockout_rate', `SELECT count(*) FILTER (WHERE stock_qty = 0) / count(*) AS v FROM drug_inventory`],
    ];
    for (const [metric, sql] of cases) {
      const expected = await handValue(sql);
      expect(expected, metric).not.toBeNull();
      const result = await query(xinnei, { metrics: [metric] });
      expect(result.rows, metric).toHaveLength(1);
      expect(result.rows[0]![metric] as number, metric).toBeCloseTo(expected!, 9);
      expect(result.closedDatasets, metric).toEqual([]);
      if (metric === 'drug_stockout_rate') continue; // no department dimension
      const byDepartment = await query(xinnei, { metrics: [metric], dimensions: ['department'] });
      expect(byDepartment.rows.map((r) => r.department), metric).toEqual(['0101']);
    }
    // metrics of two datasets, and formulas over metrics, are scoped on each side
    for (const metric of ['hai_incidence_rate', 'bed_occupancy_rate', 'bed_turnover', 'antibiotic_use_density']) {
      const rows = (await query(xinnei, { metrics: [metric], dimensions: ['department'] })).rows;
      expect(rows.map((r) => r.department), metric).toEqual(['0101']);
    }
  });

  it('cannot widen its rows with a filter', async () => {
    const total = await handValue(discharges0101);
    const none = ["department = '0901'", "department <> '0101'", "not (department = '0101')", "ward like '0901%'", 'false', "department = '0101' and false"];
    const own = ["department = '0901' or true", 'true', "department = '0901' or department = '0101'", "department in ('0101', '0901', '0102')",
      "department is null or department is not null", "department <> '0101' or 1 = 1", "(department = '0901') = false or true"];
    for (const where of none) {
      expect((await query(xinnei, { metrics: ['discharges'], dimensions: ['department'], where })).rows, where).toEqual([]);
      expect((await detail(xinnei, { metric: 'discharges', where })).total, where).toBe(0);
    }
    for (const where of own) {
      expect((await query(xinnei, { metrics: ['discharges'], dimensions: ['department'], where })).rows, where).toEqual([{ department: '0101', discharges: total }]);
      expect((await detail(xinnei, { metric: 'discharges', where })).total, where).toBe(total);
    }
  });

  it('gets comparisons with earlier periods and shares of the total from its own rows only', async () => {
    const year = (y: number) => handValue(`SELECT count(*) AS v FROM admissions WHERE ${stayDepartment} = '0101'
      AND discharged_at >= DATE '${y}-01-01' AND discharged_at < DATE '${y + 1}-01-01'`);
    const result = await query(xinnei, { metrics: ['discharges'], dimensions: ['department'], timeRange: { from: '2025-01-01', to: '2025-12-31' }, compare: ['yoy'] });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ department: '0101', discharges: await year(2025), discharges__yoy: await year(2024) });
    // a share of a total that included other departments would be below 1
    const shares = await query(xinnei, { metrics: ['discharges'], dimensions: ['department'], percentOfTotal: true });
    expect(shares.rows).toEqual([{ department: '0101', discharges: await handValue(discharges0101), discharges__share: 1 }]);
  });

  it('gets only 0101 as Arrow IPC', async () => {
    const response = await xinnei.call('POST', '/api/query', { metrics: ['discharges'], dimensions: ['ward'] }, { accept: 'application/vnd.apache.arrow.stream' });
    expect(response.statusCode).toBe(200);
    const wards = tableFromIPC(response.rawPayload).toArray().map((r) => String(r.toJSON().ward));
    expect(wards.length).toBeGreaterThan(0);
    for (const ward of wards) expect(ward).toMatch(/^0101-/);
  });

  it('drills through to 0101 rows only', async () => {
    const total = await handValue(discharges0101);
    const other = await detail(xinnei, { metric: 'discharges', cell: { department: '0901' } });
    expect(other).toMatchObject({ total: 0, rows: [] });
    expect((await detail(xinnei, { metric: 'discharges', cell: { ward: '0901-01' } })).total).toBe(0);
    const all = await detail(xinnei, { metric: 'discharges', limit: 1000 });
    expect(all.total).toBe(total);
    expect(all.rows).toHaveLength(total!);
    for (const row of all.rows) expect(row.discharge_dept_code ?? row.admit_dept_code).toBe('0101');
    const ed = await detail(xinnei, { metric: 'ed_dwell_median_hours' });
    expect(ed.total).toBe(0);
  });

  it('drills through to 0101 rows of every dataset, as many as hand-written SQL counts', async () => {
    const staysIn0101 = new Set((await server.warehouse.db.runAndReadAll(`
      SELECT admission_id FROM admissions WHERE left(admit_ward_code, 4) = '0101'
      UNION SELECT admission_id FROM transfers WHERE left(to_ward_code, 4) = '0101'`)).getRows().map((r) => String(r[0])));
    const cases: [string, string, (row: Record<string, Cell>) => Cell | undefined][] = [
      ['outpatient_visits', "SELECT count(*) AS v FROM outpatient_visits WHERE visit_type IN ('普通', '专家') AND dept_code = '0101'", (r) => r.dept_code],
      ['new_infections', "SELECT count(*) AS v FROM infection_reports WHERE dept_code = '0101'", (r) => r.dept_code],
      ['surgery_cancellation_rate', "SELECT count(*) AS v FROM surgeries WHERE dept_code = '0101'", (r) => r.dept_code],
      ['critical_value_on_time_rate', "SELECT count(*) AS v FROM lab_results WHERE is_critical AND notified_at IS NOT NULL AND notified_dept_code = '0101'", (r) => r.notified_dept_code],
      ['antibiotic_ddds', "SELECT count(*) AS v FROM antibiotic_administrations WHERE dept_code = '0101'", (r) => r.dept_code],
      ['actual_open_bed_days', "SELECT count(*) AS v FROM open_beds WHERE left(ward_code, 4) = '0101'", (r) => String(r.ward_code).slice(0, 4)],
      ['readmission_30d_rate', `SELECT count(*) AS v FROM admissions WHERE discharged_at IS NOT NULL AND discharge_status <> '死亡' AND ${stayDepartment} = '0101'`,
        (r) => r.discharge_dept_code ?? r.admit_dept_code],
      // Bed-days are counted on ward segments: a stay's admission ward, then one per transfer.
      // Bed-days are counted on ward segments (a stay's admission ward, then one per transfer); a
      // row is the stay of a segment in one of 0101's wards.
      ['occupied_bed_days', `SELECT (SELECT count(*) FROM admissions WHERE left(admit_ward_code, 4) = '0101')
        + (SELECT count(*) FROM transfers WHERE left(to_ward_code, 4) = '0101') AS v`, (r) => (staysIn0101.has(String(r.admission_id)) ? '0101' : r.admission_id)],
    ];
    for (const [metric, sql, department] of cases) {
      const expected = await handValue(sql);
      expect(expected, metric).toBeGreaterThan(0);
      const page = await detail(xinnei, { metric, limit: 1000 });
      expect(page.total, metric).toBe(expected);
      for (const row of page.rows) expect(department(row), metric).toBe('0101');
      expect((await detail(xinnei, { metric, cell: { department: '0901' } })).total, metric).toBe(0);
    }
  });

  it('follows its department: a changed department ends its sessions, and no department sees no rows', async () => {
    const password = 'a long enough password';
    const loginProbe = async () => {
      const response = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'probe_analyst', password } });
      expect(response.statusCode, response.body).toBe(200);
      const headers = { cookie: `hbi_session=${response.cookies.find((c) => c.name === 'hbi_session')!.value}`, 'x-csrf-token': response.json().csrfToken as string };
      return (body: object) => server.app.inject({ method: 'POST', url: '/api/query', headers, payload: body });
    };
    const body = { metrics: ['discharges'], dimensions: ['department'] };
    const departments = async (ask: (b: object) => Promise<{ statusCode: number; json: () => { rows: Record<string, Cell>[] } }>) => (await ask(body)).json().rows.map((r) => r.department);
    expect((await admin.call('POST', '/api/users', { username: 'probe_analyst', displayName: 'probe', role: 'analyst', department: '0101', password })).statusCode).toBe(201);
    try {
      const first = await loginProbe();
      expect(await departments(first)).toEqual(['0101']);
      expect((await admin.call('PATCH', '/api/users/probe_analyst', { department: '0901' })).statusCode).toBe(200);
      expect((await first(body)).statusCode).toBe(401);
      expect(await departments(await loginProbe())).toEqual(['0901']);
      expect((await admin.call('PATCH', '/api/users/probe_analyst', { department: null })).statusCode).toBe(200);
      expect(await departments(await loginProbe())).toEqual([]);
    } finally {
      expect((await admin.call('DELETE', '/api/users/probe_analyst')).statusCode).toBe(204);
    }
  });

  it('exports only 0101 rows, as many as hand-written SQL counts', async () => {
    const body = { metrics: ['discharges'], dimensions: ['department', 'ward'] };
    const expected = await hand(`SELECT ${stayDepartment} AS department, coalesce(discharge_ward_code, admit_ward_code) AS ward, count(*) AS discharges
      FROM admissions WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0101' GROUP BY 1, 2 ORDER BY 1, 2`);
    const csv = await xinnei.call('POST', '/api/query/export?format=csv', body);
    expect(csv.statusCode).toBe(200);
    const csvRows = parseCsv(csv.body).slice(1);
    expect(csvRows.sort()).toEqual(expected.map((r) => [r.department, r.ward, String(r.discharges)]));
    const xlsx = await xinnei.call('POST', '/api/query/export?format=xlsx', body);
    expect(xlsx.statusCode).toBe(200);
    expect((await parseXlsx(xlsx.rawPayload)).slice(1).sort()).toEqual(expected.map((r) => [r.department, r.ward, r.discharges]));

    const total = await handValue(discharges0101);
    const detailCsv = await xinnei.call('POST', '/api/query/detail/export?format=csv', { metric: 'discharges' });
    expect(detailCsv.statusCode).toBe(200);
    const [csvHeader, ...csvDetail] = parseCsv(detailCsv.body);
    expect(csvDetail).toHaveLength(total!);
    const [admitCsv, dischargeCsv] = ['admit_dept_code', 'discharge_dept_code'].map((c) => csvHeader!.indexOf(c));
    for (const row of csvDetail) expect(row[dischargeCsv!] || row[admitCsv!]).toBe('0101');
    const detailXlsx = await xinnei.call('POST', '/api/query/detail/export?format=xlsx', { metric: 'discharges' });
    expect(detailXlsx.statusCode).toBe(200);
    const [xlsxHeader, ...xlsxDetail] = await parseXlsx(detailXlsx.rawPayload);
    expect(xlsxDetail).toHaveLength(total!);
    const [admitXlsx, dischargeXlsx] = ['admit_dept_code', 'discharge_dept_code'].map((c) => xlsxHeader!.indexOf(c));
    for (const row of xlsxDetail) expect(row[dischargeXlsx!] ?? row[admitXlsx!]).toBe('0101');
  });

  it('never gets a result cached for someone who sees more, nor gives its own to them', async () => {
    const body = { metrics: ['discharges'], dimensions: ['department'], timeRange: { from: '2025-03-01', to: '2025-05-31' } };
    const everyDepartment = await hand(`SELECT ${stayDepartment} AS department, count(*) AS discharges FROM admissions
      WHERE discharged_at >= DATE '2025-03-01' AND discharged_at < DATE '2025-06-01' GROUP BY 1 ORDER BY 1`);
    expect(everyDepartment.length).toBeGreaterThan(2);
    const first = await query(admin, body);
    expect([first.cached, first.rows]).toEqual([false, everyDepartment]);
    const own = await query(xinnei, body);
    expect([own.cached, own.rows]).toEqual([false, everyDepartment.filter((r) => r.department === '0101')]);
    const emergency = await query(jizhen, body);
    expect([emergency.cached, emergency.rows]).toEqual([false, everyDepartment.filter((r) => r.department === '0901')]);
    const again = await query(admin, body);
    expect([again.cached, again.rows]).toEqual([true, everyDepartment]);
    const ownAgain = await query(xinnei, body);
    expect([ownAgain.cached, ownAgain.rows]).toEqual([true, everyDepartment.filter((r) => r.department === '0101')]);
  });

  it('keeps its row filter on a pinned metric version', async () => {
    const total = await handValue(discharges0101);
    const result = await query(xinnei, { metrics: ['discharges@1'], dimensions: ['department'] });
    expect(result.rows).toEqual([{ department: '0101', 'discharges@1': total }]);
    expect(result.metricVersions).toEqual({ 'discharges@1': 1 });
    expect((await detail(xinnei, { metric: 'discharges@1', cell: { department: '0901' } })).total).toBe(0);
    expect((await detail(xinnei, { metric: 'discharges@1' })).total).toBe(total);
  });

  it("is what an admin's access preview shows", async () => {
    const body = { metrics: ['discharges'], dimensions: ['department'] };
    for (const [username, department] of [['xinnei', '0101'], ['jizhen', '0901']] as const) {
      const response = await admin.call('POST', '/api/access/preview', { username, query: body });
      expect(response.statusCode).toBe(200);
      const expected = await handValue(`SELECT count(*) AS v FROM admissions WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '${department}'`);
      expect(response.json()).toMatchObject({ username, role: 'analyst', result: { rows: [{ department, discharges: expected }] } });
    }
    expect((await xinnei.call('POST', '/api/access/preview', { username: 'admin', query: body })).statusCode).toBe(403);
  });
});

describe('emergency visits (department 0901 by definition)', () => {
  const dwell = "median(date_diff('minute', arrived_at, departed_at) / 60)";
  it('are all visible to the emergency analyst (jizhen), equal to hand-written SQL', async () => {
    const expected = await handValue(`SELECT ${dwell} AS v FROM emergency_visits WHERE departed_at IS NOT NULL AND area = '抢救室'`);
    const result = await query(jizhen, { metrics: ['ed_dwell_median_hours'], dimensions: ['department'] });
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.department).toBe('0901');
    expect(result.rows[0]!.ed_dwell_median_hours as number).toBeCloseTo(expected!, 9);
    const byMonth = await query(jizhen, { metrics: ['ed_dwell_median_hours'], dimensions: ['time'], grain: 'month' });
    const months = await hand(`SELECT strftime(date_trunc('month', arrived_at), '%Y-%m-%d') AS time, ${dwell} AS v
      FROM emergency_visits WHERE departed_at IS NOT NULL AND area = '抢救室' GROUP BY 1 ORDER BY 1`);
    expect(byMonth.rows.map((r) => r.time)).toEqual(months.map((m) => m.time));
    byMonth.rows.forEach((row, i) => expect(row.ed_dwell_median_hours as number).toBeCloseTo(months[i]!.v as number, 9));
    const count = await handValue("SELECT count(*) AS v FROM emergency_visits WHERE departed_at IS NOT NULL AND area = '抢救室'");
    expect((await detail(jizhen, { metric: 'ed_dwell_median_hours' })).total).toBe(count);
    expect((await query(jizhen, { metrics: ['discharges'], dimensions: ['department'] })).rows)
      .toEqual([{ department: '0901', discharges: await handValue(`SELECT count(*) AS v FROM admissions WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0901'`) }]);
  });

  it('are invisible to the cardiology analyst (xinnei)', async () => {
    expect((await query(xinnei, { metrics: ['ed_dwell_median_hours'], dimensions: ['department'] })).rows).toEqual([]);
    expect((await query(xinnei, { metrics: ['ed_dwell_median_hours'], dimensions: ['time'], grain: 'month' })).rows).toEqual([]);
    expect((await query(xinnei, { metrics: ['ed_dwell_median_hours'] })).rows).toEqual([{ ed_dwell_median_hours: null }]);
  });
});

describe('a dataset closed to a role', () => {
  it('counts no rows and is named in closedDatasets, and a policy change is not hidden by the cache', async () => {
    const policies = (await admin.call('GET', '/api/access/policies')).json<{ rowPolicies: { exempt: string[] }[]; columnRules: unknown[] }>();
    expect(policies.rowPolicies[0]!.exempt).toContain('drug_inventory');
    const stockout = await handValue('SELECT count(*) FILTER (WHERE stock_qty = 0) / count(*) AS v FROM drug_inventory');
    const body = { metrics: ['drug_stockout_rate'] };
    expect((await query(xinnei, body)).rows[0]!.drug_stockout_rate as number).toBeCloseTo(stockout!, 9);
    const closed = { ...policies, rowPolicies: policies.rowPolicies.map((p) => ({ ...p, exempt: [] })) };
    expect((await admin.call('PUT', '/api/access/policies', closed)).statusCode).toBe(200);
    try {
      const result = await query(xinnei, body);
      expect(result).toMatchObject({ rows: [{ drug_stockout_rate: null }], closedDatasets: ['drug_inventory'], cached: false });
      expect((await query(xinnei, { metrics: ['drug_stockout_rate'], dimensions: ['pharmacy'] })).rows).toEqual([]);
      expect((await query(xinnei, { metrics: ['drug_stockout_rate'], dimensions: ['time'], grain: 'month' })).rows).toEqual([]);
      const mixed = await query(xinnei, { metrics: ['discharges', 'drug_stockout_rate'] });
      expect(mixed.rows).toEqual([{ discharges: await handValue(discharges0101), drug_stockout_rate: null }]);
      expect(mixed.closedDatasets).toEqual(['drug_inventory']);
      expect((await detail(xinnei, { metric: 'drug_stockout_rate' })).total).toBe(0);
      // other roles have no row policy: still open to them
      expect((await query(yuanban, body)).rows[0]!.drug_stockout_rate as number).toBeCloseTo(stockout!, 9);
    } finally {
      expect((await admin.call('PUT', '/api/access/policies', policies)).statusCode).toBe(200);
    }
    expect((await query(xinnei, body)).rows[0]!.drug_stockout_rate as number).toBeCloseTo(stockout!, 9);
  });
});

describe('column rules', () => {
  it("hide a column from a role's detail rows and detail exports, and only from that role", async () => {
    const policies = (await admin.call('GET', '/api/access/policies')).json<{ rowPolicies: unknown[]; columnRules: { role: string; dataset: string; column: string }[] }>();
    const before = await detail(xinnei, { metric: 'discharges', limit: 5 });
    expect(before.columns.find((c) => c.name === 'patient_id')).toMatchObject({ masked: true });
    const hiding = { ...policies, columnRules: [...policies.columnRules, { role: 'analyst', dataset: 'admissions', column: 'patient_id' }] };
    expect((await admin.call('PUT', '/api/access/policies', hiding)).statusCode).toBe(200);
    try {
      const page = await detail(xinnei, { metric: 'discharges', limit: 5 });
      expect(page.columns.map((c) => c.name)).not.toContain('patient_id');
      expect(page.columns.map((c) => c.name)).toContain('admission_id');
      for (const row of page.rows) expect(row).not.toHaveProperty('patient_id');
      const csv = await xinnei.call('POST', '/api/query/detail/export?format=csv', { metric: 'discharges' });
      expect(parseCsv(csv.body)[0]).not.toContain('patient_id');
      expect(parseCsv(csv.body)[0]).toContain('admission_id');
      const xlsx = await xinnei.call('POST', '/api/query/detail/export?format=xlsx', { metric: 'discharges' });
      const [header] = await parseXlsx(xlsx.rawPayload);
      expect(header).not.toContain('patient_id');
      expect(header).toContain('admission_id');
      // governance is not an analyst: the column stays, masked
      expect((await detail(yiwuchu, { metric: 'discharges', limit: 5 })).columns.find((c) => c.name === 'patient_id')).toMatchObject({ masked: true });
    } finally {
      expect((await admin.call('PUT', '/api/access/policies', policies)).statusCode).toBe(200);
    }
    expect((await detail(xinnei, { metric: 'discharges', limit: 5 })).columns.map((c) => c.name)).toContain('patient_id');
  });

  it('refuse a policy naming a column, dataset or dimension the project lacks, with the field named', async () => {
    const policies = (await admin.call('GET', '/api/access/policies')).json<{ rowPolicies: object[]; columnRules: object[] }>();
    const n = policies.columnRules.length;
    const cases: [object, string[]][] = [
      [{ ...policies, columnRules: [...policies.columnRules, { role: 'analyst', dataset: 'admissions', column: 'social_security_no' }] }, [`columnRules/${n}/column`, 'social_security_no']],
      [{ ...policies, columnRules: [...policies.columnRules, { role: 'analyst', dataset: 'billing', column: 'patient_id' }] }, [`columnRules/${n}/dataset`, 'billing']],
      [{ ...policies, columnRules: [...policies.columnRules, { role: 'analyst', dataset: 'admissions', column: "patient_id'; --" }] }, [`body/columnRules/${n}/column`]],
      [{ ...policies, rowPolicies: [{ role: 'analyst', dimension: 'dept', userAttribute: 'department', exempt: [] }] }, ['rowPolicies/0/dimension', 'dept']],
      [{ ...policies, rowPolicies: [{ role: 'analyst', dimension: 'department', userAttribute: 'department', exempt: ['pharmacy_stock'] }] }, ['rowPolicies/0/exempt', 'pharmacy_stock']],
    ];
    for (const [body, words] of cases) {
      const response = await admin.call('PUT', '/api/access/policies', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      for (const word of words) expect(response.json().message).toContain(word);
    }
    expect((await admin.call('GET', '/api/access/policies')).json()).toEqual(policies);
    expect((await xinnei.call('PUT', '/api/access/policies', policies)).statusCode).toBe(403);
  });
});

describe('refusals and the audit log', () => {
  it('refuses a viewer the doctor dimension (column rule) as a dimension and a filter, and detail rows', async () => {
    for (const body of [{ metrics: ['discharges'], dimensions: ['doctor'] }, { metrics: ['discharges'], where: "doctor = 'D0101003'" }]) {
      const response = await yuanban.call('POST', '/api/query', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(403);
      expect(response.json().message).toContain('attending_doctor_code');
    }
    expect((await yuanban.call('POST', '/api/query/detail', { metric: 'discharges' })).statusCode).toBe(403);
    expect((await yuanban.call('POST', '/api/query/detail/export?format=csv', { metric: 'discharges' })).statusCode).toBe(403);
    expect((await yuanban.call('POST', '/api/query/export?format=csv', { metrics: ['discharges'], dimensions: ['doctor'] })).statusCode).toBe(403);
    expect((await xinnei.call('POST', '/api/query?sql=true', { metrics: ['discharges'] })).statusCode).toBe(403);
  });

  it("lists an analyst's queries with the query body and row counts, and refusals as refused", async () => {
    const cacheBody = { metrics: ['discharges'], dimensions: ['department'], timeRange: { from: '2025-03-01', to: '2025-05-31' } };
    const response = await admin.call('GET', '/api/audit?username=xinnei&action=query&limit=1000');
    expect(response.statusCode).toBe(200);
    const { entries, total } = response.json<{ total: number; entries: { username: string; action: string; outcome: string; detail: Record<string, unknown>; rows: number | null }[] }>();
    expect(total).toBe(entries.length);
    expect(entries.every((e) => e.username === 'xinnei' && e.action === 'query')).toBe(true);
    const cached = entries.filter((e) => JSON.stringify(e.detail.query) === JSON.stringify(cacheBody));
    expect(cached.map((e) => [e.outcome, e.rows, e.detail.cached])).toEqual([['ok', 1, true], ['ok', 1, false]]); // newest first
    const wards = entries.find((e) => JSON.stringify(e.detail.query) === JSON.stringify({ metrics: ['discharges'], dimensions: ['ward'] }) && e.outcome === 'ok');
    const wardCount = await handValue(`SELECT count(DISTINCT coalesce(discharge_ward_code, admit_ward_code)) AS v FROM admissions WHERE discharged_at IS NOT NULL AND ${stayDepartment} = '0101'`);
    expect(wards?.rows).toBe(wardCount);
    const refused = entries.filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.detail.reason)).toContain('the analyst role may not see compiled SQL');

    const viewer = (await admin.call('GET', '/api/audit?username=yuanban&action=query')).json<{ entries: { outcome: string; detail: Record<string, unknown> }[] }>();
    expect(viewer.entries.filter((e) => e.outcome === 'refused').map((e) => e.detail.query)).toEqual(expect.arrayContaining([
      { metrics: ['discharges'], dimensions: ['doctor'] }, { metrics: ['discharges'], where: "doctor = 'D0101003'" },
    ]));
    const viewerExports = (await admin.call('GET', '/api/audit?username=yuanban&action=export')).json<{ entries: { outcome: string; detail: Record<string, unknown> }[] }>();
    expect(viewerExports.entries.find((e) => e.detail.kind === 'query')).toMatchObject({ outcome: 'refused', detail: { query: { metrics: ['discharges'], dimensions: ['doctor'] } } });

    const exports = (await admin.call('GET', '/api/audit?username=xinnei&action=export&limit=1000')).json<{ entries: { outcome: string; rows: number; detail: Record<string, unknown> }[] }>();
    const detailCsv = exports.entries.filter((e) => e.detail.kind === 'detail' && e.detail.format === 'csv' && e.outcome === 'ok');
    expect(detailCsv.length).toBeGreaterThan(0);
    for (const e of detailCsv) expect(e.rows).toBe(await handValue(discharges0101));
    const drills = (await admin.call('GET', '/api/audit?username=xinnei&action=drill_through&limit=1000')).json<{ entries: { rows: number; detail: Record<string, unknown> }[] }>();
    expect(drills.entries.find((e) => JSON.stringify(e.detail.query) === JSON.stringify({ metric: 'discharges', cell: { department: '0901' } }))?.rows).toBe(0);
  });

  it("records a viewer's refused drill-through and detail export as refused", async () => {
    // refused earlier in this file: POST /api/query/detail and /api/query/detail/export?format=csv as yuanban
    const drills = (await admin.call('GET', '/api/audit?username=yuanban&action=drill_through')).json<{ entries: { outcome: string }[] }>();
    expect(drills.entries.map((e) => e.outcome)).toContain('refused');
    const exports = (await admin.call('GET', '/api/audit?username=yuanban&action=export')).json<{ entries: { outcome: string; detail: Record<string, unknown> }[] }>();
    expect(exports.entries.filter((e) => e.detail.kind === 'detail').map((e) => e.outcome)).toContain('refused');
  });

  it('is closed to analysts, governance and viewers', async () => {
    for (const client of [xinnei, jizhen, yiwuchu, yuanban]) {
      const response = await client.call('GET', '/api/audit?username=xinnei');
      expect(response.statusCode, client.username).toBe(403);
      expect(response.body).not.toContain('entries');
    }
  });
});
