// Row filters from an access scope keep one department's rows on every dataset scan, whatever the
// metric does with them (ratios, comparisons, last days, spans, windows), checked against
// hand-written SQL on the clinic fixture; nothing in a query can widen them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileQuery, type AccessScope, type MetricQuery } from '../compile.ts';
import { openClinic, type Clinic } from './testing/clinic.ts';

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openClinic();
});
afterAll(() => clinic?.close());

const departmentA: AccessScope = { rowFilters: [{ dimension: 'department', values: ['A01'], exempt: [] }] };
const run = (query: MetricQuery, scope?: AccessScope) => clinic.rows(compileQuery(clinic.model, query, 'duckdb', scope).sql);
const pairs = (rows: Record<string, unknown>[], ...columns: string[]) => rows.map((r) => columns.map((c) => r[c]));

describe('a department scope', () => {
  it('counts only its rows in a simple metric, month by month', async () => {
    const expected = await clinic.rows(`SELECT m.m::DATE::VARCHAR AS time, count(s.stay_id) AS n
      FROM generate_series(DATE '2025-01-01', DATE '2025-03-01', INTERVAL 1 MONTH) AS m(m)
      LEFT JOIN stays s ON date_trunc('month', s.discharged_at) = m.m AND s.dept_code = 'A01'
      GROUP BY 1 ORDER BY 1`);
    const rows = await run({ metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-03-31' } }, departmentA);
    expect(pairs(rows, 'time', 'discharges')).toEqual(expected.map((r) => [r.time, r.n === 0 ? null : r.n]));
    expect(pairs(rows, 'discharges').flat()).toEqual([1, 3, null]);
  });

  it('divides its own rows in a ratio, by department', async () => {
    const expected = await clinic.rows(`SELECT dept_code AS department,
      count(*) FILTER (WHERE status = 'dead') / count(*) FILTER (WHERE discharged_at IS NOT NULL) AS rate FROM stays WHERE dept_code = 'A01' GROUP BY 1`);
    const rows = await run({ metrics: ['mortality_rate'], dimensions: ['department'] }, departmentA);
    expect(pairs(rows, 'department', 'mortality_rate')).toEqual(pairs(expected, 'department', 'rate'));
    expect(rows[0]!.mortality_rate).toBeCloseTo(1 / 6, 12);
  });

  it('compares with its own rows of last year (同比)', async () => {
    const monthly = new Map((await clinic.rows(`SELECT date_trunc('month', discharged_at)::DATE::VARCHAR AS m, count(*) AS n
      FROM stays WHERE dept_code = 'A01' AND discharged_at IS NOT NULL GROUP BY 1`)).map((r) => [r.m, r.n]));
    const rows = await run({
      metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' }, compare: ['yoy'],
    }, departmentA);
    expect(pairs(rows, 'time', 'discharges', 'discharges__yoy')).toEqual([
      ['2025-01-01', monthly.get('2025-01-01'), monthly.get('2024-01-01') ?? null],
      ['2025-02-01', monthly.get('2025-02-01'), monthly.get('2024-02-01')],
    ]);
    // B02's February 2024 discharge is not last year's number for A01.
    expect(rows[1]!.discharges__yoy).toBe(2);
  });

  it('takes the last day among its own rows, not the last day of the whole hospital', async () => {
    const expected = await clinic.rows(`SELECT date_trunc('month', day)::DATE::VARCHAR AS m, sum(open_beds) AS v FROM beds b
      WHERE dept_code = 'A01' AND day = (SELECT max(day) FROM beds c WHERE c.dept_code = 'A01' AND date_trunc('month', c.day) = date_trunc('month', b.day))
      GROUP BY 1 ORDER BY 1`);
    const rows = await run({ metrics: ['open_beds_at_end'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' } }, departmentA);
    expect(pairs(rows, 'time', 'open_beds_at_end')).toEqual(pairs(expected, 'm', 'v'));
    expect(pairs(rows, 'open_beds_at_end').flat()).toEqual([18, 16]);
  });

  it('counts only its stays\' bed-days in a span dataset', async () => {
    const expected = await clinic.rows(`WITH last AS (SELECT max(coalesce(discharged_at, admitted_at))::DATE AS d FROM stays),
      days AS (SELECT dept_code, unnest(CASE WHEN discharged_at IS NULL THEN generate_series(admitted_at::DATE, (SELECT d FROM last), INTERVAL 1 DAY)
                  WHEN discharged_at::DATE = admitted_at::DATE THEN [admitted_at::DATE::TIMESTAMP]
                  ELSE generate_series(admitted_at::DATE, discharged_at::DATE - 1, INTERVAL 1 DAY) END)::DATE AS day FROM stays)
      SELECT date_trunc('month', day)::DATE::VARCHAR AS m, count(*) AS n FROM days
      WHERE dept_code = 'A01' AND day BETWEEN DATE '2025-01-01' AND DATE '2025-03-31' GROUP BY 1 ORDER BY 1`);
    const rows = await run({ metrics: ['occupied_bed_days'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-03-31' } }, departmentA);
    expect(pairs(rows, 'time', 'occupied_bed_days')).toEqual(pairs(expected, 'm', 'n'));
  });

  it('runs totals and rolling windows over its own rows, also the days read before the range', async () => {
    const running = await clinic.rows(`SELECT m::VARCHAR AS m, sum(n) OVER (ORDER BY m) AS v FROM (
      SELECT date_trunc('month', visited_on)::DATE AS m, count(*) AS n FROM visits
      WHERE dept_code = 'A01' AND visited_on BETWEEN DATE '2025-01-01' AND DATE '2025-02-28' GROUP BY 1) ORDER BY 1`);
    const byMonth = await run({ metrics: ['visits_running'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' } }, departmentA);
    expect(pairs(byMonth, 'time', 'visits_running')).toEqual(pairs(running, 'm', 'v'));

    const rolling = await clinic.rows(`SELECT d.d::DATE::VARCHAR AS d, (SELECT count(*) FROM visits
        WHERE dept_code = 'A01' AND visited_on BETWEEN d.d::DATE - 2 AND d.d::DATE) AS v
      FROM generate_series(DATE '2025-01-03', DATE '2025-01-06', INTERVAL 1 DAY) AS d(d) ORDER BY 1`);
    const byDay = await run({ metrics: ['visits_3d'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-01-03', to: '2025-01-06' } }, departmentA);
    expect(pairs(byDay, 'time', 'visits_3d')).toEqual(pairs(rolling, 'd', 'v'));
    expect(pairs(byDay, 'visits_3d').flat()).toEqual([3, 2, 2, 1]);
  });
});

describe('nothing in a query widens a scope', () => {
  it('returns nothing for another department named in the filter, alone or or-ed with its own', async () => {
    expect(await run({ metrics: ['discharges'], dimensions: ['department'], where: "department = 'B02'" }, departmentA)).toEqual([]);
    expect(await run({ metrics: ['discharges'], where: "department = 'B02'" }, departmentA)).toEqual([{ discharges: 0 }]);
    const [own] = await clinic.rows(`SELECT count(*) AS n FROM stays WHERE dept_code = 'A01' AND discharged_at IS NOT NULL`);
    expect(await run({ metrics: ['discharges'], dimensions: ['department'], where: "department = 'A01' or department = 'B02' or department is null" }, departmentA))
      .toEqual([{ department: 'A01', discharges: own!.n }]);
  });

  it('keeps a metric defined over another department empty', async () => {
    expect(await run({ metrics: ['b02_discharges'] }, departmentA)).toEqual([{ b02_discharges: 0 }]);
    expect(await run({ metrics: ['b02_discharges'] })).toEqual([{ b02_discharges: 3 }]);
  });

  it('gives the same numbers as the unscoped query filtered to the department, for every kind of metric', async () => {
    const queries: MetricQuery[] = [
      { metrics: ['discharges', 'mortality_rate', 'readmission_rate'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-03-31' }, compare: ['yoy', 'mom'] },
      { metrics: ['occupied_bed_days', 'inpatients', 'bed_occupancy'], dimensions: ['time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' } },
      { metrics: ['outpatient_visits', 'visits_per_discharge'], dimensions: ['campus'] },
      { metrics: ['visits_3d', 'open_beds_at_end'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-01-28', to: '2025-02-02' } },
    ];
    for (const query of queries) {
      expect(await run(query, departmentA), JSON.stringify(query)).toEqual(await run({ ...query, where: "department = 'A01'" }));
    }
  });
});

describe('datasets without the dimension', () => {
  it('yield no rows unless exempt, and the plan names them', async () => {
    const query: MetricQuery = { metrics: ['discharges', 'stockout_rate'] };
    const closed = compileQuery(clinic.model, query, 'duckdb', departmentA);
    expect(closed.plan.closedDatasets).toEqual(['stock']);
    expect(await clinic.rows(closed.sql)).toEqual([{ discharges: 6, stockout_rate: null }]);

    const exempt = compileQuery(clinic.model, query, 'duckdb', { rowFilters: [{ dimension: 'department', values: ['A01'], exempt: ['stock'] }] });
    expect(exempt.plan.closedDatasets).toEqual([]);
    expect(await clinic.rows(exempt.sql)).toEqual([{ discharges: 6, stockout_rate: 3 / 5 }]);
  });

  it('applies the filter to an exempt dataset that has the dimension', async () => {
    const scope: AccessScope = { rowFilters: [{ dimension: 'department', values: ['A01'], exempt: ['admissions'] }] };
    expect(await run({ metrics: ['discharges'] }, scope)).toEqual([{ discharges: 6 }]);
  });
});

describe('the scope as plain data', () => {
  it('is recorded in the plan, which stays JSON', () => {
    const { plan } = compileQuery(clinic.model, { metrics: ['discharges'], dimensions: ['department'] }, 'duckdb', departmentA);
    expect(plan.rowFilters).toEqual(departmentA.rowFilters);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const unscoped = compileQuery(clinic.model, { metrics: ['discharges'] }).plan;
    expect([unscoped.rowFilters, unscoped.closedDatasets]).toEqual([[], []]);
  });

  it('binds hostile values as parameters, never as SQL text', async () => {
    const hostile = ["A01' OR '1'='1", 'x"; DROP TABLE stays; --', "') OR TRUE OR ('"];
    const compiled = compileQuery(clinic.model, { metrics: ['discharges'] }, 'duckdb', { rowFilters: [{ dimension: 'department', values: hostile, exempt: [] }] });
    for (const value of hostile) expect(compiled.sql.text).not.toContain(value);
    expect(compiled.sql.params).toEqual(expect.arrayContaining(hostile));
    expect(await clinic.rows(compiled.sql)).toEqual([{ discharges: 0 }]);
    expect(await clinic.rows('SELECT count(*) AS n FROM stays')).toEqual([{ n: 11 }]);
  });

  it('shows no rows to a user without a value for the dimension', async () => {
    expect(await run({ metrics: ['discharges'] }, { rowFilters: [{ dimension: 'department', values: [], exempt: [] }] })).toEqual([{ discharges: 0 }]);
  });
});
