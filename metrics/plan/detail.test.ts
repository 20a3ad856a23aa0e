// Drill-through lists the rows a number counts: checked against hand-written SQL on the clinic
// fixture, and against the numbers themselves (every cell's count of rows is its value).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileDetail, compileQuery, type AccessScope, type DetailQuery, type MetricQuery } from '../compile.ts';
import { openClinic, type Clinic } from './testing/clinic.ts';

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openClinic();
});
afterAll(() => clinic?.close());

const departmentA: AccessScope = { rowFilters: [{ dimension: 'department', values: ['A01'], exempt: [] }] };

/** The page's rows and the count of all rows. */
async function drill(query: DetailQuery, scope?: AccessScope, columns?: string[]) {
  const compiled = compileDetail(clinic.model, { limit: 1000, ...query }, 'duckdb', scope, columns);
  const [count] = await clinic.rows(compiled.countSql);
  return { rows: await clinic.rows(compiled.sql), count: count!.count as number, compiled };
}

const ids = (rows: Record<string, unknown>[], column: string) => rows.map((r) => r[column]);

describe('the rows behind a number', () => {
  it('are the rows of a simple metric\'s measure, with the metric\'s filter, in the range', async () => {
    const expected = await clinic.rows(`SELECT * FROM visits WHERE visit_type = '专家' AND visited_on BETWEEN DATE '2025-01-01' AND DATE '2025-01-31' ORDER BY visit_id`);
    const { rows, count } = await drill({ metric: 'specialist_visits', timeRange: { from: '2025-01-01', to: '2025-01-31' } });
    expect(rows).toEqual(expected);
    expect(count).toBe(expected.length);
    expect(ids(rows, 'visit_id')).toEqual(['v02', 'v04', 'v05']);
  });

  it('are the denominator\'s rows for a ratio: the population the rate is about', async () => {
    const expected = await clinic.rows(`SELECT * FROM stays WHERE discharged_at >= DATE '2025-01-01' AND discharged_at < DATE '2026-01-01' ORDER BY stay_id`);
    const { rows, count, compiled } = await drill({ metric: 'mortality_rate', timeRange: { relative: 'last_year' }, asOf: '2026-03-01' });
    expect(rows).toEqual(expected);
    expect(count).toBe(7);
    expect([compiled.dataset, compiled.table]).toEqual(['admissions', 'stays']);
    // A ratio of metrics: the denominator metric's rows.
    const occupancy = await drill({ metric: 'bed_occupancy', timeRange: { from: '2025-02-01', to: '2025-02-28' } });
    expect(occupancy.rows).toEqual(await clinic.rows(`SELECT * FROM beds WHERE day >= DATE '2025-02-01' ORDER BY day, ward_code`));
  });

  it('are a cell\'s rows: its period and its dimension values, a null value meaning none', async () => {
    const cell = await drill({ metric: 'discharges', timeRange: { from: '2025-01-01', to: '2025-12-31' }, cell: { department: 'A01', time: '2025-02-01' }, grain: 'month' });
    expect(cell.rows).toEqual(await clinic.rows(`SELECT * FROM stays WHERE dept_code = 'A01' AND discharged_at >= DATE '2025-02-01' AND discharged_at < DATE '2025-03-01' ORDER BY stay_id`));
    expect(ids(cell.rows, 'stay_id')).toEqual(['s04', 's06', 's07']);
    expect(ids((await drill({ metric: 'discharges', cell: { department: null } })).rows, 'stay_id')).toEqual(['s08']);
    // The period is clipped to the range, as the number is.
    const clipped = await drill({ metric: 'discharges', timeRange: { from: '2025-02-05', to: '2025-02-20' }, cell: { time: '2025-02-01' }, grain: 'month' });
    expect(ids(clipped.rows, 'stay_id')).toEqual(['s05', 's06', 's08']);
  });

  it('count to every cell\'s value, for counts, spans, running and rolling totals, and sums on the last day', async () => {
    const cases: { query: MetricQuery; value: (rows: Record<string, unknown>[], count: number) => number }[] = [
      { query: { metrics: ['discharges'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2024-01-01', to: '2025-03-31' } }, value: (_, n) => n },
      { query: { metrics: ['specialist_visits'], dimensions: ['campus', 'time'], grain: 'quarter', where: "visit_type <> '体检'" }, value: (_, n) => n },
      { query: { metrics: ['inpatients'], dimensions: ['department', 'time'], grain: 'week', timeRange: { from: '2025-01-01', to: '2025-03-09' } }, value: (_, n) => n },
      { query: { metrics: ['visits_running'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' } }, value: (_, n) => n },
      { query: { metrics: ['visits_3d'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-01-02', to: '2025-01-08' } }, value: (_, n) => n },
      {
        query: { metrics: ['open_beds_at_end'], dimensions: ['department', 'time'], grain: 'month', timeRange: { from: '2025-01-01', to: '2025-02-28' } },
        value: (rows) => rows.reduce((sum, r) => sum + (r.open_beds as number), 0),
      },
    ];
    for (const scope of [undefined, departmentA]) {
      for (const { query, value } of cases) {
        const metric = query.metrics[0]!;
        const cells = await clinic.rows(compileQuery(clinic.model, query, 'duckdb', scope).sql);
        expect(cells.length, metric).toBeGreaterThan(0);
        for (const cell of cells) {
          if (cell[metric] === null) continue;
          const { rows, count } = await drill({
            metric, ...(query.where ? { where: query.where } : {}), ...(query.timeRange ? { timeRange: query.timeRange } : {}), grain: query.grain!,
            cell: Object.fromEntries(query.dimensions!.map((d) => [d, cell[d] as string | null])),
          }, scope);
          expect(value(rows, count), `${metric} ${JSON.stringify(cell)} ${scope ? 'scoped' : ''}`).toBe(cell[metric]);
        }
      }
    }
  });

  it('list each stay occupying a day of the range once, for a span dataset', async () => {
    const expected = await clinic.rows(`WITH last AS (SELECT max(coalesce(discharged_at, admitted_at))::DATE AS d FROM stays)
      SELECT * FROM stays WHERE admitted_at::DATE <= DATE '2025-02-10'
        AND CASE WHEN discharged_at IS NULL THEN (SELECT d FROM last) WHEN discharged_at::DATE = admitted_at::DATE THEN admitted_at::DATE
                 ELSE discharged_at::DATE - 1 END >= DATE '2025-02-02'
      ORDER BY stay_id`);
    const { rows } = await drill({ metric: 'occupied_bed_days', timeRange: { from: '2025-02-02', to: '2025-02-10' } });
    expect(rows).toEqual(expected);
    // s04 leaves on the 2nd (its last midnight is the 1st); s06 arrives on the 1st and leaves on the 10th.
    expect(ids(rows, 'stay_id')).toEqual(['s05', 's06']);
  });

  it('are the last day\'s rows for a measure taken on the last day, the scope\'s last day under a scope', async () => {
    const query: DetailQuery = { metric: 'open_beds_at_end', cell: { time: '2025-01-01' }, grain: 'month' };
    expect(ids((await drill(query)).rows, 'ward_code')).toEqual(['B02-1']);
    expect((await drill(query, departmentA)).rows).toEqual(await clinic.rows(`SELECT * FROM beds WHERE day = DATE '2025-01-30' AND dept_code = 'A01' ORDER BY day, ward_code`));
  });

  it('read sequence columns over the whole table: a readmission found after the range', async () => {
    const readmitted = await drill({ metric: 'readmissions', timeRange: { from: '2025-02-01', to: '2025-02-15' } });
    expect(ids(readmitted.rows, 'stay_id')).toEqual(['s06']);
  });
});

describe('pages, columns and scope', () => {
  it('pages in a stable order by the table\'s key, counting every row', async () => {
    const all = await clinic.rows(`SELECT * FROM stays WHERE discharged_at IS NOT NULL ORDER BY stay_id`);
    const pages: Record<string, unknown>[] = [];
    for (let offset = 0; offset < all.length; offset += 3) pages.push(...(await drill({ metric: 'discharges', offset, limit: 3 })).rows);
    expect(pages).toEqual(all);
    expect((await drill({ metric: 'discharges', offset: 3, limit: 3 })).count).toBe(all.length);
    expect(compileDetail(clinic.model, { metric: 'discharges' }).sql.text).toMatch(/ORDER BY "t"."stay_id" ASC NULLS LAST\nLIMIT 100$/);
  });

  it('keeps the scope\'s rows only', async () => {
    const { rows, count } = await drill({ metric: 'discharges' }, departmentA);
    expect(rows).toEqual(await clinic.rows(`SELECT * FROM stays WHERE discharged_at IS NOT NULL AND dept_code = 'A01' ORDER BY stay_id`));
    expect(count).toBe(6);
    expect((await drill({ metric: 'discharges', cell: { department: 'B02' } }, departmentA)).count).toBe(0);
    expect((await drill({ metric: 'discharges', where: "department = 'B02' or department = 'A01'" }, departmentA)).count).toBe(6);
    expect((await drill({ metric: 'stockout_rate' }, departmentA)).count).toBe(0);
  });

  it('describes each column with its type, PII tag and the label of the dimension it is', () => {
    const { columns } = compileDetail(clinic.model, { metric: 'discharges' });
    expect(columns).toEqual([
      { name: 'stay_id', type: 'string' },
      { name: 'patient_id', type: 'string', pii: 'mrn' },
      { name: 'patient_name', type: 'string', pii: 'name' },
      { name: 'dept_code', type: 'string', label: { zh: '科室', en: 'Department' } },
      { name: 'admitted_at', type: 'timestamp', label: { zh: 'admit_date', en: 'admit_date' } },
      { name: 'discharged_at', type: 'timestamp', label: { zh: '出院日期', en: 'Discharge date' } },
      { name: 'status', type: 'string', label: { zh: 'status', en: 'status' } },
    ]);
  });

  it('shows only the columns asked for, ordered by them when the key is not among them', async () => {
    const { rows, compiled } = await drill({ metric: 'discharges', cell: { department: 'A01' } }, undefined, ['status', 'discharged_at']);
    expect(compiled.columns.map((c) => c.name)).toEqual(['status', 'discharged_at']);
    expect(rows).toEqual(await clinic.rows(`SELECT status, discharged_at FROM stays WHERE dept_code = 'A01' AND discharged_at IS NOT NULL ORDER BY status, discharged_at`));
    expect(() => compileDetail(clinic.model, { metric: 'discharges' }, 'duckdb', undefined, ['status', 'diagnosis'])).toThrow(/stays has no column "diagnosis"; its columns are stay_id, /);
  });
});

describe('refusals', () => {
  it.each([
    [{ metric: 'visits_per_discharge' }, /formula over other metrics.*drill-through needs a simple, ratio or cumulative metric/],
    [{ metric: 'visitz' }, /no metric "visitz"/],
    [{ metric: 'visits_3d', cell: { time: '2025-01-01' }, grain: 'month' }, /rolling 3-day total: name the cell's day/],
    [{ metric: 'discharges', cell: { time: '2025-02-03' }, grain: 'month' }, /not the first day \(YYYY-MM-DD\) of a month/],
    [{ metric: 'discharges', cell: { time: '2025-02-01' } }, /give its grain/],
    [{ metric: 'occupied_bed_days', cell: { ward: 'A01-1' } }, /stay_days has no dimension "ward"/],
    [{ metric: 'discharges', limit: -1 }, /limit is a count of rows/],
    [{ metric: 'discharges', where: 'departmnt = 1' }, /did you mean 'department'/],
  ] as [DetailQuery, RegExp][])('%j', (query, message) => {
    expect(() => compileDetail(clinic.model, query)).toThrow(message);
  });
});
