// How the hospital KPI library is computed: metrics of several datasets side by side, plans as
// plain data, bound literals, the midnight census against the nursing report ward by ward,
// running and rolling totals, last-day measures, the date spine, comparisons; and the same
// metrics compiled for PostgreSQL give the same numbers on a real PostgreSQL holding the same
// rows. Each KPI against SQL written from its national definition: national-definitions.test.ts.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHospital, type LoadedHospital } from './testing/loaded-hospital.ts';
import pg from 'pg';
import type { Warehouse } from '../../connectors/warehouse.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { compileQuery, type MetricQuery } from '../../metrics/compile.ts';
import { runMetricQuery } from '../../server/query-runner.ts';

let hospital: LoadedHospital;
let warehouse: Warehouse;
let model: SemanticModel;

beforeAll(async () => {
  hospital = await loadHospital({ seed: 5, end: '2025-12-31' });
  ({ warehouse, model } = hospital);
});
afterAll(() => hospital?.remove());

async function handRows(sql: string): Promise<Record<string, unknown>[]> {
  return (await warehouse.db.runAndReadAll(sql)).getRowObjectsJS();
}

describe('hospital KPIs compiled', () => {
  it('puts metrics of different datasets side by side, aggregated separately and joined on the shared dimension', async () => {
    const result = await runMetricQuery(warehouse, model, { metrics: ['discharges', 'outpatient_visits'], dimensions: ['department'] });
    const discharges = new Map((await handRows(`SELECT coalesce(discharge_dept_code, admit_dept_code) AS d, count(*) AS n FROM admissions WHERE discharged_at IS NOT NULL GROUP BY 1`)).map((r) => [r.d, Number(r.n)]));
    const visits = new Map((await handRows(`SELECT dept_code AS d, count(*) AS n FROM outpatient_visits WHERE visit_type IN ('普通', '专家') GROUP BY 1`)).map((r) => [r.d, Number(r.n)]));
    const departments = new Set([...discharges.keys(), ...visits.keys()]);
    expect(result.rows).toHaveLength(departments.size);
    for (const row of result.rows) {
      expect(row.discharges).toBe(discharges.get(row.department as string) ?? null);
      expect(row.outpatient_visits).toBe(visits.get(row.department as string) ?? null);
    }
  });

  it('plans as plain data: one group per dataset and time dimension, measures shared between metrics', () => {
    const { plan } = compileQuery(model, { metrics: ['alos', 'discharges', 'bed_turnover'], dimensions: ['department'] });
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(plan.groups.map((g) => [g.dataset, g.timeDimension, g.measures.map((m) => m.measure)])).toEqual([
      ['inpatient_stays', 'discharge_date', ['discharged_bed_days', 'discharges']],
      ['open_beds', 'report_date', ['open_bed_days', 'report_days']],
    ]);
    expect(plan.keys).toEqual(['department']);
  });

  it('binds every literal of a filter as a parameter, never as SQL text', () => {
    const compiled = compileQuery(model, { metrics: ['discharges'], where: "department = '0101''; DROP TABLE admissions; --'" });
    expect(compiled.sql.text).not.toContain('DROP TABLE');
    expect(compiled.sql.params).toContain("0101'; DROP TABLE admissions; --");
  });

  it('refuses unknown names with the closest valid one', () => {
    expect(() => compileQuery(model, { metrics: ['discharges'], where: "departmnt = '0101'" })).toThrow(/did you mean 'department'/);
    expect(() => compileQuery(model, { metrics: ['dischargez'] })).toThrow(/no metric "dischargez"/);
    expect(() => compileQuery(model, { metrics: ['discharges'], dimensions: ['visit_type'] })).toThrow(/inpatient_stays has no dimension "visit_type"/);
  });
});

const libraryMetrics = readdirSync(new URL('./metrics', import.meta.url)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length));
const pgUrl = process.env.PG_URL;
if (!pgUrl) console.warn('skipping the PostgreSQL metric comparison: PG_URL is not set');

describe.skipIf(!pgUrl)('the same metrics on PostgreSQL', () => {
  const schema = `hbi_metrics_${process.pid}`;
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: pgUrl });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}`);
    const types: Record<string, string> = { VARCHAR: 'text', BIGINT: 'bigint', DOUBLE: 'double precision', BOOLEAN: 'boolean', DATE: 'date', TIMESTAMP: 'timestamp' };
    for (const table of ['admissions', 'transfers', 'outpatient_visits', 'surgeries', 'open_beds', 'lab_results', 'emergency_visits', 'drug_inventory', 'infection_reports',
      'antibiotic_administrations', 'antibiotic_ddd']) {
      const columns = (await handRows(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${table}' AND schema_name = 'main' ORDER BY column_index`))
        .map((c) => ({ name: String(c.column_name), type: types[String(c.data_type)] ?? (String(c.data_type).startsWith('DECIMAL') ? 'numeric' : 'text') }));
      await client.query(`CREATE TABLE ${table} (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`);
      const rows = (await warehouse.db.runAndReadAll(`SELECT ${columns.map((c) => `"${c.name}"::VARCHAR`).join(', ')} FROM ${table}`)).getRows();
      for (let i = 0; i < rows.length; i += 1000) {
        const batch = rows.slice(i, i + 1000);
        const values = batch.map((row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
        await client.query(`INSERT INTO ${table} VALUES ${values}`, batch.flat().map((v) => (v === null ? null : String(v))));
      }
    }
  });
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client?.end();
  });

  const queries: MetricQuery[] = [
    // every metric over the whole period, one query each (a span dataset is a range join PostgreSQL loops over)
    ...libraryMetrics.filter((m) => m !== 'outpatient_visits_7d').map((m) => ({ metrics: [m] })),
    { metrics: ['discharges', 'alos', 'inhospital_mortality_rate', 'outpatient_visits'], dimensions: ['department'], timeRange: { from: '2025-01-01', to: '2025-06-30' } },
    { metrics: ['outpatient_waiting_median', 'surgery_cancellation_rate', 'day_surgery_share'], dimensions: ['time'], grain: 'month', where: "department in ('0101', '0201')" },
    { metrics: ['discharges', 'alos'], dimensions: ['department', 'time'], grain: 'quarter', timeRange: { from: '2025-01-01', to: '2025-12-31' }, compare: ['yoy', 'mom'] },
    { metrics: ['outpatient_visits'], timeRange: { relative: 'last_month' }, asOf: '2025-07-15', compare: ['previous_period'] },
    { metrics: ['outpatient_visits_7d', 'discharges_cumulative'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-03-01', to: '2025-03-20' } },
    { metrics: ['occupied_bed_days', 'bed_occupancy_rate'], dimensions: ['department', 'time'], grain: 'quarter', timeRange: { from: '2025-01-01', to: '2025-12-31' }, compare: ['yoy'] },
    { metrics: ['critical_value_on_time_rate', 'critical_value_notify_median', 'hai_incidence_rate', 'readmission_30d_rate'], dimensions: ['department'], timeRange: { from: '2025-01-01', to: '2025-12-31' } },
    { metrics: ['ed_dwell_median_hours', 'drug_stockout_rate'], dimensions: ['time'], grain: 'quarter' },
    { metrics: ['antibiotic_use_density', 'antibiotic_ddds'], dimensions: ['department'] },
    { metrics: ['outpatient_visits', 'discharges'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-04-30' }, percentOfTotal: true },
    { metrics: ['open_beds_at_period_end', 'average_open_beds'], dimensions: ['department', 'time'], grain: 'quarter', timeRange: { from: '2025-01-01', to: '2025-12-31' } },
  ];
  it.each(queries.map((q, i) => [i, q] as const))('query %i gives the same rows', async (_i, query) => {
    const duck = await runMetricQuery(warehouse, model, query);
    const compiled = compileQuery(model, query, 'postgres');
    const postgres = (await client.query(compiled.sql.text, compiled.sql.params)).rows as Record<string, unknown>[];
    expect(postgres).toHaveLength(duck.rows.length);
    duck.rows.forEach((row, i) => {
      for (const column of compiled.columns) {
        const theirs = postgres[i]![column.name];
        if (column.role === 'dimension') {
          expect(theirs instanceof Date ? theirs.toISOString().slice(0, 10) : theirs, column.name).toEqual(row[column.name]);
        } else if (row[column.name] === null) expect(theirs).toBeNull();
        // sums of doubles differ in their last digits with the order engines add them in
        else expect(Math.abs(Number(theirs) - (row[column.name] as number)), `${column.name} row ${i}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(row[column.name] as number)));
      }
    });
  });
});

describe('bed-days by midnight census', () => {
  it('agrees with the nursing report ward by ward: each month, its 现有人数 plus the same-day stays discharged from it', async () => {
    const census = new Map((await handRows(`SELECT ward_code AS w, date_trunc('month', day)::DATE AS m, sum(census) AS n FROM open_beds
        WHERE day BETWEEN DATE '2025-01-01' AND DATE '2025-06-30' GROUP BY 1, 2`))
      .map((r) => [`${r.w}|${(r.m as Date).toISOString().slice(0, 10)}`, Number(r.n)]));
    const sameDay = new Map((await handRows(`SELECT discharge_ward_code AS w, date_trunc('month', admitted_at)::DATE AS m, count(*) AS n FROM admissions
        WHERE discharged_at::DATE = admitted_at::DATE AND admitted_at BETWEEN DATE '2025-01-01' AND DATE '2025-07-01' GROUP BY 1, 2`))
      .map((r) => [`${r.w}|${(r.m as Date).toISOString().slice(0, 10)}`, Number(r.n)]));
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['occupied_bed_days'], dimensions: ['ward', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-06-30' },
    });
    const transferred = Number((await handRows(`SELECT count(*) AS n FROM transfers`))[0]!.n);
    expect(transferred).toBeGreaterThan(0);
    expect(result.rows.length).toBeGreaterThan(6 * 40);
    for (const row of result.rows) {
      const key = `${row.ward}|${row.time}`;
      expect(row.occupied_bed_days ?? 0, key).toBe((census.get(key) ?? 0) + (sameDay.get(key) ?? 0));
    }
  });

  it('agrees with the nursing report: each month, the midnight census plus same-day stays', async () => {
    const census = new Map((await handRows(`SELECT date_trunc('month', day)::DATE AS m, sum(census) AS n FROM open_beds GROUP BY 1`))
      .map((r) => [(r.m as Date).toISOString().slice(0, 10), Number(r.n)]));
    const sameDay = new Map((await handRows(`SELECT date_trunc('month', admitted_at)::DATE AS m, count(*) AS n FROM admissions
      WHERE discharged_at::DATE = admitted_at::DATE GROUP BY 1`)).map((r) => [(r.m as Date).toISOString().slice(0, 10), Number(r.n)]));
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['occupied_bed_days', 'bed_occupancy_rate'], dimensions: ['time'], grain: 'month', timeRange: { from: '2024-01-01', to: '2025-12-31' },
    });
    expect(result.rows).toHaveLength(24);
    const openBeds = new Map((await handRows(`SELECT date_trunc('month', day)::DATE AS m, sum(open_beds) AS n FROM open_beds GROUP BY 1`))
      .map((r) => [(r.m as Date).toISOString().slice(0, 10), Number(r.n)]));
    for (const row of result.rows) {
      const month = String(row.time);
      expect(row.occupied_bed_days, month).toBe(census.get(month)! + (sameDay.get(month) ?? 0));
      expect(row.bed_occupancy_rate, month).toBeCloseTo((row.occupied_bed_days as number) / openBeds.get(month)!, 12);
    }
  });
});

describe('cumulative metrics', () => {
  it('runs a total from the start of the range, per department', async () => {
    const expected = await handRows(`SELECT department, m, sum(n) OVER (PARTITION BY department ORDER BY m) AS v FROM (
        SELECT coalesce(discharge_dept_code, admit_dept_code) AS department, date_trunc('month', discharged_at)::DATE AS m, count(*) AS n
        FROM admissions WHERE discharged_at >= DATE '2025-01-01' AND discharged_at < DATE '2025-07-01' GROUP BY 1, 2) ORDER BY 1, 2`);
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['discharges_cumulative'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-06-30' },
    });
    // Months without discharges appear (from the date spine) and carry the total so far.
    const totals = new Map(expected.map((r) => [`${r.department}|${(r.m as Date).toISOString().slice(0, 10)}`, Number(r.v)]));
    const months = ['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01'];
    const departments = [...new Set(expected.map((r) => String(r.department)))];
    expect(result.rows.map((r) => `${r.department}|${r.time}`)).toEqual(departments.flatMap((d) => months.map((m) => `${d}|${m}`)));
    for (const row of result.rows) {
      const soFar = months.filter((m) => m <= String(row.time)).map((m) => totals.get(`${row.department}|${m}`)).filter((v) => v !== undefined);
      expect(row.discharges_cumulative, `${row.department} ${row.time}`).toBe(soFar.length ? soFar.at(-1)! : null);
    }
  });

  it('sums a rolling 7-day window, counting days before the range for its first days', async () => {
    const daily = new Map((await handRows(`SELECT registered_at::DATE AS d, count(*) AS n FROM outpatient_visits WHERE visit_type IN ('普通', '专家') GROUP BY 1`))
      .map((r) => [(r.d as Date).toISOString().slice(0, 10), Number(r.n)]));
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['outpatient_visits_7d'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-03-01', to: '2025-03-10' },
    });
    expect(result.rows).toHaveLength(10);
    for (const row of result.rows) {
      let sum = 0;
      for (let back = 0; back < 7; back++) {
        const day = new Date(`${row.time}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() - back);
        sum += daily.get(day.toISOString().slice(0, 10)) ?? 0;
      }
      expect(row.outpatient_visits_7d, String(row.time)).toBe(sum);
    }
  });

  it('refuses a rolling window at a coarser grain than days', () => {
    expect(() => compileQuery(model, { metrics: ['outpatient_visits_7d'], dimensions: ['time'], grain: 'month' })).toThrow(/query it by time with grain day/);
  });
});

describe('semi-additive measures', () => {
  it('sums open beds over wards on the last day of each month (per department: that department\'s last reported day)', async () => {
    const expected = await handRows(`SELECT left(ward_code, 4) AS department, date_trunc('month', day)::DATE AS m, sum(open_beds) AS v FROM open_beds o
      WHERE day = (SELECT max(day) FROM open_beds p WHERE left(p.ward_code, 4) = left(o.ward_code, 4) AND date_trunc('month', p.day) = date_trunc('month', o.day))
        AND day BETWEEN DATE '2025-01-01' AND DATE '2025-06-30'
      GROUP BY 1, 2 ORDER BY 1, 2`);
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['open_beds_at_period_end'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-06-30' },
    });
    expect(result.rows.map((r) => [r.department, r.time, r.open_beds_at_period_end]))
      .toEqual(expected.map((r) => [r.department, (r.m as Date).toISOString().slice(0, 10), Number(r.v)]));
    const [whole] = await handRows(`SELECT sum(open_beds) AS v FROM open_beds WHERE day = (SELECT max(day) FROM open_beds WHERE day <= DATE '2025-06-30') `);
    const total = await runMetricQuery(warehouse, model, { metrics: ['open_beds_at_period_end'], timeRange: { from: '2025-01-01', to: '2025-06-30' } });
    expect(total.rows[0]!.open_beds_at_period_end).toBe(Number(whole!.v));
  });
});

describe('date spine and percent of total', () => {
  it('lists every period of the range, with no value where nothing happened', async () => {
    const result = await runMetricQuery(warehouse, model, { metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { from: '2023-10-01', to: '2024-02-29' } });
    expect(result.rows.map((r) => r.time)).toEqual(['2023-10-01', '2023-11-01', '2023-12-01', '2024-01-01', '2024-02-01']);
    expect(result.rows.slice(0, 3).map((r) => r.discharges)).toEqual([null, null, null]);
    const [january] = await handRows(`SELECT count(*) AS n FROM admissions WHERE discharged_at >= DATE '2024-01-01' AND discharged_at < DATE '2024-02-01'`);
    expect(result.rows[3]!.discharges).toBe(Number(january!.n));
  });

  it('gives each department its share of the total, and of each month when grouped by time', async () => {
    const counts = await handRows(`SELECT dept_code AS d, count(*) AS n FROM outpatient_visits WHERE visit_type IN ('普通', '专家') GROUP BY 1`);
    const total = counts.reduce((sum, r) => sum + Number(r.n), 0);
    const shares = await runMetricQuery(warehouse, model, { metrics: ['outpatient_visits'], dimensions: ['department'], percentOfTotal: true });
    for (const row of shares.rows) {
      expect(row.outpatient_visits__share).toBeCloseTo((row.outpatient_visits as number) / total, 12);
    }
    const monthly = await runMetricQuery(warehouse, model, {
      metrics: ['outpatient_visits'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-03-31' }, percentOfTotal: true,
    });
    for (const month of ['2025-01-01', '2025-02-01', '2025-03-01']) {
      const sum = monthly.rows.filter((r) => r.time === month).reduce((acc, r) => acc + ((r.outpatient_visits__share as number | null) ?? 0), 0);
      expect(sum, month).toBeCloseTo(1, 12);
    }
    expect(() => compileQuery(model, { metrics: ['alos'], percentOfTotal: true })).toThrow(/alos is not a sum or count/);
  });
});

describe('comparisons and relative ranges', () => {
  const monthly = async (sql: string) => new Map((await handRows(sql)).map((r) => [(r.m as Date).toISOString().slice(0, 10), Number(r.n)]));

  it('gives 同比 (yoy) per month: last year\'s same month, the change and the % change', async () => {
    const counts = await monthly(`SELECT date_trunc('month', discharged_at)::DATE AS m, count(*) AS n FROM admissions WHERE discharged_at IS NOT NULL GROUP BY 1`);
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-12-31' }, compare: ['yoy'],
    });
    expect(result.rows).toHaveLength(12);
    for (const row of result.rows) {
      const month = String(row.time);
      const lastYear = `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;
      expect(row.discharges).toBe(counts.get(month));
      expect(row.discharges__yoy).toBe(counts.get(lastYear));
      expect(row.discharges__yoy_change).toBe(counts.get(month)! - counts.get(lastYear)!);
      expect(row.discharges__yoy_pct).toBeCloseTo((counts.get(month)! - counts.get(lastYear)!) / counts.get(lastYear)!, 12);
    }
  });

  it('gives 环比 (mom) per month for a ratio metric', async () => {
    const alos = new Map((await handRows(`SELECT date_trunc('month', discharged_at)::DATE AS m,
      sum(greatest(date_diff('day', admitted_at::DATE, discharged_at::DATE), 1)) / count(*) AS n FROM admissions WHERE discharged_at IS NOT NULL GROUP BY 1`))
      .map((r) => [(r.m as Date).toISOString().slice(0, 10), Number(r.n)]));
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['alos'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-02-01', to: '2025-06-30' }, compare: ['mom'],
    });
    expect(result.rows.map((r) => r.time)).toEqual(['2025-02-01', '2025-03-01', '2025-04-01', '2025-05-01', '2025-06-01']);
    for (const row of result.rows) {
      const previous = new Date(`${row.time}T00:00:00Z`);
      previous.setUTCMonth(previous.getUTCMonth() - 1);
      expect(row.alos__mom).toBeCloseTo(alos.get(previous.toISOString().slice(0, 10))!, 9);
    }
  });

  it('compares a range with the days just before it, and resolves relative ranges against the as-of day', async () => {
    const count = async (from: string, to: string) => Number((await handRows(`SELECT count(*) AS n FROM surgeries WHERE scheduled_at >= DATE '${from}' AND scheduled_at < DATE '${to}' + 1`))[0]!.n);
    const result = await runMetricQuery(warehouse, model, {
      metrics: ['surgery_cancellation_rate'], timeRange: { relative: 'last_quarter' }, asOf: '2025-05-20', compare: ['previous_period'],
    });
    const cancelled = async (from: string, to: string) => Number((await handRows(`SELECT count(*) AS n FROM surgeries WHERE status = '已取消' AND scheduled_at >= DATE '${from}' AND scheduled_at < DATE '${to}' + 1`))[0]!.n);
    // last quarter as of 2025-05-20 is 2025-01-01 … 2025-03-31 (90 days); the period before it is the 90 days ending 2024-12-31
    expect(result.rows[0]!.surgery_cancellation_rate).toBeCloseTo(await cancelled('2025-01-01', '2025-03-31') / await count('2025-01-01', '2025-03-31'), 12);
    expect(result.rows[0]!.surgery_cancellation_rate__previous_period).toBeCloseTo(await cancelled('2024-10-03', '2024-12-31') / await count('2024-10-03', '2024-12-31'), 12);
  });
});
