// Every KPI of the hospital library against SQL written by hand from the national statistical
// definitions (国家卫生统计口径, 三级公立医院绩效考核, 麻醉/院感质控指标), not from the model: over the
// raw loaded tables, for the whole period, every department over a quarter, and each month of a
// year with 同比 and 环比, on two generated hospitals (seeds and end dates; the second ends mid-month,
// so its first and last months are cut by the data's edges). Departures the 口径 states (average
// open beds over reported days, day surgery over all operations, ED dwell over all ED patients)
// are written here as the 口径 states them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHospital, type LoadedHospital } from './testing/loaded-hospital.ts';
import type { Warehouse } from '../../connectors/warehouse.ts';
import type { SemanticModel } from '../../metrics/model/semantic-model.ts';
import { runMetricQuery } from '../../server/query-runner.ts';

type Period = { from: string; to: string };
/** One KPI by the national definition over `p`: rows (g, v), g the department or 'all'; no row where nothing is counted. */
type Hand = (p: Period, byDepartment: boolean) => string;

const inPeriod = (column: string, p: Period) => `${column} >= DATE '${p.from}' AND ${column} < DATE '${p.to}' + 1`;
const group = (expr: string, byDepartment: boolean) => (byDepartment ? expr : `'all'`);

/**
 * Where each patient is: a stay is in its admission ward from admission, then in each transfer's
 * ward from the transfer (transfers within the stay), until the next transfer or the discharge.
 * `last_day`: the last day of the data (admissions, discharges, transfers), for patients still in.
 */
const wardStays = `
  moves AS (
    SELECT admission_id, admitted_at AS at, admit_ward_code AS ward, 0 AS o FROM admissions
    UNION ALL
    SELECT t.admission_id, t.transferred_at, t.to_ward_code, 1 FROM transfers t JOIN admissions a USING (admission_id)
    WHERE t.transferred_at >= a.admitted_at AND (a.discharged_at IS NULL OR t.transferred_at <= a.discharged_at)),
  ward_stays AS (
    SELECT m.admission_id, m.ward, w.dept_code AS department, m.at AS entered,
      coalesce(lead(m.at) OVER (PARTITION BY m.admission_id ORDER BY m.at, m.o), a.discharged_at) AS left_at,
      lead(m.at) OVER (PARTITION BY m.admission_id ORDER BY m.at, m.o) IS NULL AS final, a.admitted_at, a.discharged_at
    FROM moves m JOIN admissions a USING (admission_id) JOIN wards w ON w.ward_code = m.ward),
  last_day AS (SELECT max(d)::DATE AS d FROM (SELECT max(coalesce(discharged_at, admitted_at)) AS d FROM admissions UNION ALL SELECT max(transferred_at) FROM transfers))`;

/** 实际占用总床日数 by the midnight census: each day from admission to the day before discharge, in the ward the patient is in that night; a same-day stay one day in its discharge ward. */
const occupied = (p: Period, byDepartment: boolean) => `WITH ${wardStays},
  nights AS (
    SELECT department, unnest(generate_series(entered::DATE, coalesce(left_at::DATE - 1, (SELECT d FROM last_day)), INTERVAL 1 DAY))::DATE AS day
    FROM ward_stays WHERE left_at IS NULL OR left_at::DATE > entered::DATE
    UNION ALL
    SELECT department, admitted_at::DATE FROM ward_stays WHERE final AND discharged_at::DATE = admitted_at::DATE)
  SELECT ${group('department', byDepartment)} AS g, count(*)::DOUBLE AS v FROM nights WHERE day BETWEEN DATE '${p.from}' AND DATE '${p.to}' GROUP BY 1`;

/** 住院患者人数 = 期初在院 + 新入院 (by department + 转入): stays present in the department's wards on a day of the period. */
const inpatients = (p: Period, byDepartment: boolean) => (byDepartment
  ? `WITH ${wardStays} SELECT department AS g, count(DISTINCT admission_id)::DOUBLE AS v FROM ward_stays
     WHERE entered::DATE <= DATE '${p.to}' AND (left_at IS NULL OR left_at::DATE >= DATE '${p.from}') GROUP BY 1`
  : `SELECT 'all' AS g, (count(*) FILTER (WHERE admitted_at < DATE '${p.from}' AND (discharged_at IS NULL OR discharged_at >= DATE '${p.from}'))
       + count(*) FILTER (WHERE ${inPeriod('admitted_at', p)}))::DOUBLE AS v FROM admissions HAVING v > 0`);

const openBedDays = (p: Period, byDepartment: boolean) => `SELECT ${group('w.dept_code', byDepartment)} AS g, sum(o.open_beds)::DOUBLE AS v
  FROM open_beds o JOIN wards w USING (ward_code) WHERE o.day BETWEEN DATE '${p.from}' AND DATE '${p.to}' GROUP BY 1`;
const averageOpenBeds = (p: Period, byDepartment: boolean) => `SELECT ${group('w.dept_code', byDepartment)} AS g, sum(o.open_beds) / count(DISTINCT o.day) AS v
  FROM open_beds o JOIN wards w USING (ward_code) WHERE o.day BETWEEN DATE '${p.from}' AND DATE '${p.to}' GROUP BY 1`;
const discharged = (p: Period, byDepartment: boolean, value: string, where = 'TRUE') => `SELECT ${group('discharge_dept_code', byDepartment)} AS g, ${value} AS v
  FROM admissions WHERE ${inPeriod('discharged_at', p)} AND ${where} GROUP BY 1`;
const stayDays = `greatest(discharged_at::DATE - admitted_at::DATE, 1)`;
const ddds = (p: Period, byDepartment: boolean) => `SELECT ${group('a.dept_code', byDepartment)} AS g, sum(a.dose_g / d.ddd_g)::DOUBLE AS v
  FROM antibiotic_administrations a JOIN antibiotic_ddd d ON d.atc_code = a.atc_code AND d.route = a.route WHERE ${inPeriod('a.administered_at', p)} GROUP BY 1`;
const infections = (p: Period, byDepartment: boolean) => `SELECT ${group('dept_code', byDepartment)} AS g, count(*)::DOUBLE AS v FROM infection_reports
  WHERE onset_date BETWEEN DATE '${p.from}' AND DATE '${p.to}' GROUP BY 1`;
/** A rate of two counts kept apart: 0 events over a denominator is 0; no (or a zero) denominator is no value. */
const rate = (numerator: string, denominator: string, scale = 1) => `SELECT g, coalesce(n.v, 0) * ${scale} / nullif(d.v, 0) AS v
  FROM (${numerator}) n FULL JOIN (${denominator}) d USING (g) WHERE d.v IS NOT NULL OR n.v IS NOT NULL`;

const national: Record<string, Hand> = {
  discharges: (p, b) => discharged(p, b, 'count(*)::DOUBLE'),
  discharges_cumulative: (p, b) => discharged(p, b, 'count(*)::DOUBLE'),
  discharged_bed_days: (p, b) => discharged(p, b, `sum(${stayDays})::DOUBLE`),
  alos: (p, b) => discharged(p, b, `sum(${stayDays}) / count(*)`),
  inhospital_mortality_rate: (p, b) => discharged(p, b, `count(*) FILTER (WHERE discharge_status = '死亡') / count(*)`),
  readmission_30d_rate: (p, b) => `SELECT ${group('a.discharge_dept_code', b)} AS g,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM admissions r WHERE r.patient_id = a.patient_id AND r.admission_id <> a.admission_id
        AND r.admitted_at >= a.discharged_at AND r.admitted_at::DATE - a.discharged_at::DATE <= 30)) / count(*) AS v
    FROM admissions a WHERE ${inPeriod('a.discharged_at', p)} AND a.discharge_status <> '死亡' GROUP BY 1`,
  occupied_bed_days: occupied,
  actual_open_bed_days: openBedDays,
  bed_occupancy_rate: (p, b) => rate(occupied(p, b), openBedDays(p, b)),
  average_open_beds: averageOpenBeds,
  open_beds_at_period_end: (p, b) => `SELECT g, sum(open_beds)::DOUBLE AS v FROM (
      SELECT ${group('w.dept_code', b)} AS g, o.day, o.open_beds, max(o.day) OVER (PARTITION BY ${group('w.dept_code', b)}) AS last
      FROM open_beds o JOIN wards w USING (ward_code) WHERE o.day BETWEEN DATE '${p.from}' AND DATE '${p.to}') WHERE day = last GROUP BY 1`,
  bed_turnover: (p, b) => rate(discharged(p, b, 'count(*)::DOUBLE'), averageOpenBeds(p, b)),
  inpatients,
  new_infections: infections,
  hai_incidence_rate: (p, b) => rate(infections(p, b), inpatients(p, b)),
  antibiotic_ddds: ddds,
  antibiotic_use_density: (p, b) => rate(ddds(p, b), discharged(p, b, `sum(${stayDays})::DOUBLE`), 100),
  outpatient_visits: (p, b) => `SELECT ${group('dept_code', b)} AS g, count(*)::DOUBLE AS v FROM outpatient_visits
    WHERE ${inPeriod('registered_at', p)} AND visit_type IN ('普通', '专家') GROUP BY 1`,
  outpatient_emergency_visits: (p, b) => `SELECT ${group('dept_code', b)} AS g, count(*)::DOUBLE AS v FROM outpatient_visits
    WHERE ${inPeriod('registered_at', p)} AND visit_type IN ('普通', '专家', '急诊') GROUP BY 1`,
  outpatient_waiting_median: (p, b) => `SELECT ${group('dept_code', b)} AS g, median(date_diff('minute', registered_at, called_at)) AS v FROM outpatient_visits
    WHERE ${inPeriod('registered_at', p)} AND visit_type IN ('普通', '专家') GROUP BY 1`,
  ed_dwell_median_hours: (p, b) => `SELECT ${group(`'0901'`, b)} AS g, median(date_diff('minute', arrived_at, departed_at) / 60) AS v FROM emergency_visits
    WHERE ${inPeriod('arrived_at', p)} AND departed_at IS NOT NULL AND area = '抢救室' GROUP BY 1`,
  critical_value_on_time_rate: (p, b) => `SELECT ${group('notified_dept_code', b)} AS g, count(*) FILTER (WHERE epoch(notified_at - verified_at) <= 900) / count(*) AS v
    FROM lab_results WHERE ${inPeriod('verified_at', p)} AND is_critical AND notified_at IS NOT NULL GROUP BY 1`,
  critical_value_notify_median: (p, b) => `SELECT ${group('notified_dept_code', b)} AS g, median(epoch(notified_at - verified_at) / 60) AS v
    FROM lab_results WHERE ${inPeriod('verified_at', p)} AND is_critical AND notified_at IS NOT NULL GROUP BY 1`,
  drug_stockout_rate: (p, b) => `SELECT ${group('NULL', b)} AS g, count(*) FILTER (WHERE stock_qty = 0) / count(*) AS v
    FROM drug_inventory WHERE snapshot_date BETWEEN DATE '${p.from}' AND DATE '${p.to}' GROUP BY 1`,
  surgery_cancellation_rate: (p, b) => `SELECT ${group('dept_code', b)} AS g, count(*) FILTER (WHERE status = '已取消') / count(*) AS v
    FROM surgeries WHERE ${inPeriod('scheduled_at', p)} GROUP BY 1`,
  in_room_cancellation_rate: (p, b) => `SELECT ${group('dept_code', b)} AS g, count(*) FILTER (WHERE status = '已取消') / count(*) AS v
    FROM surgeries WHERE ${inPeriod('scheduled_at', p)} AND in_room_at IS NOT NULL GROUP BY 1`,
  day_surgery_share: (p, b) => `SELECT ${group('dept_code', b)} AS g, count(*) FILTER (WHERE day_surgery) / count(*) AS v
    FROM surgeries WHERE ${inPeriod('scheduled_at', p)} AND status = '已完成' GROUP BY 1`,
  level_four_surgery_share: (p, b) => `SELECT ${group('s.dept_code', b)} AS g, count(*) FILTER (WHERE s.surgery_level = '四级') / count(*) AS v
    FROM surgeries s JOIN admissions a USING (admission_id) WHERE ${inPeriod('a.discharged_at', p)} AND s.status = '已完成' GROUP BY 1`,
};
/** Metrics with no department dimension (the pharmacy's stock is the hospital's). */
const hospitalOnly = new Set(['drug_stockout_rate']);

const whole: Period = { from: '1900-01-01', to: '2999-12-31' };
const monthStart = (month: string, back: number) => {
  const d = new Date(`${month}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 10);
};
const monthPeriod = (month: string): Period => {
  const end = new Date(`${monthStart(month, -1)}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() - 1);
  return { from: month, to: end.toISOString().slice(0, 10) };
};

const hospitals = [
  { seed: 5, end: '2025-12-31', quarter: { from: '2025-01-01', to: '2025-03-31' }, year: { from: '2025-01-01', to: '2025-12-31' } },
  // ends mid-month: the first and last months are cut by the data's edges, and the year asked runs across them
  { seed: 23, end: '2025-09-14', quarter: { from: '2024-10-01', to: '2024-12-31' }, year: { from: '2024-09-01', to: '2025-08-31' } },
];

describe.each(hospitals)('seed $seed ending $end: every KPI as the national definition counts it', ({ seed, end, quarter, year }) => {
  let hospital: LoadedHospital;
  let warehouse: Warehouse;
  let model: SemanticModel;
  beforeAll(async () => {
    hospital = await loadHospital({ seed, end });
    ({ warehouse, model } = hospital);
  });
  afterAll(() => hospital?.remove());

  const byGroup = async (sql: string) => new Map((await warehouse.db.runAndReadAll(sql)).getRowObjectsJS()
    .map((r) => [r.g === null ? null : String(r.g), r.v === null ? null : Number(r.v)] as const));
  const expectValue = (actual: unknown, want: number | null | undefined, what: string) => {
    if (want === null || want === undefined) expect(actual, what).toBeNull();
    else expect(actual, what).toBeCloseTo(want, 9);
  };

  it('covers every metric of the library but the rolling week (checked by day in metrics.test.ts)', () => {
    expect([...model.metrics.keys()].filter((m) => !(m in national)).sort()).toEqual(['outpatient_visits_7d']);
  });

  it.each(Object.keys(national))('%s over the whole period', async (metric) => {
    const want = (await byGroup(national[metric]!(whole, false))).get('all');
    const result = await runMetricQuery(warehouse, model, { metrics: [metric] });
    expectValue(result.rows[0]![metric], want, metric);
  });

  it.each(Object.keys(national).filter((m) => !hospitalOnly.has(m)))('%s for every department over a quarter', async (metric) => {
    const want = await byGroup(national[metric]!(quarter, true));
    const result = await runMetricQuery(warehouse, model, { metrics: [metric], dimensions: ['department'], timeRange: quarter });
    const got = new Map(result.rows.map((r) => [r.department === null ? null : String(r.department), r[metric]]));
    expect([...got.keys()].sort(), 'departments').toEqual([...want.keys()].sort());
    for (const [department, value] of want) expectValue(got.get(department), value, `${metric} ${department}`);
  });

  it.each(Object.keys(national))('%s each month of a year, with 同比 and 环比', async (metric) => {
    const months = new Map<string, number | null>();
    const monthly = async (month: string) => {
      if (!months.has(month)) months.set(month, (await byGroup(national[metric]!(monthPeriod(month), false))).get('all') ?? null);
      return months.get(month)!;
    };
    const result = await runMetricQuery(warehouse, model, { metrics: [metric], dimensions: ['time'], grain: 'month', timeRange: year, compare: ['yoy', 'mom'] });
    expect(result.rows).toHaveLength(12);
    const cumulative = metric === 'discharges_cumulative';
    // A running total adds up from the first month of the range; its comparisons add up the months a year or a month before.
    let running = 0;
    let runningYoy = 0;
    let runningMom = 0;
    for (const row of result.rows) {
      const month = String(row.time);
      const [now, lastYear, lastMonth] = [await monthly(month), await monthly(monthStart(month, 12)), await monthly(monthStart(month, 1))];
      if (cumulative) {
        running += now ?? 0;
        runningYoy += lastYear ?? 0;
        runningMom += lastMonth ?? 0;
        expectValue(row[metric], running, `${metric} ${month}`);
        expectValue(row[`${metric}__yoy`], runningYoy, `${metric} 同比 ${month}`);
        expectValue(row[`${metric}__mom`], runningMom, `${metric} 环比 ${month}`);
      } else {
        expectValue(row[metric], now, `${metric} ${month}`);
        expectValue(row[`${metric}__yoy`], lastYear, `${metric} 同比 ${month}`);
        expectValue(row[`${metric}__mom`], lastMonth, `${metric} 环比 ${month}`);
      }
    }
  });

  it('shows 0, not no value, where a department has a denominator and no events', async () => {
    const zeros: string[] = [];
    for (const metric of ['hai_incidence_rate', 'inhospital_mortality_rate', 'in_room_cancellation_rate', 'readmission_30d_rate', 'antibiotic_use_density']) {
      const want = await byGroup(national[metric]!(quarter, true));
      const result = await runMetricQuery(warehouse, model, { metrics: [metric], dimensions: ['department'], timeRange: quarter });
      for (const row of result.rows) {
        if (want.get(String(row.department)) === 0) {
          expect(row[metric], `${metric} ${row.department}`).toBe(0);
          zeros.push(`${metric} ${row.department}`);
        }
      }
    }
    // The data has such departments (a quarter of a small hospital: few infections, deaths, in-room cancellations).
    expect(zeros.length).toBeGreaterThan(5);
  });
});
