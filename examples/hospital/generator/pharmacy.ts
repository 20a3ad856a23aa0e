// Pharmacy extracts: antibiotic administrations with the WHO DDD reference (NDJSON, as the
// pharmacy system's API dumps them) and the daily drug inventory snapshot.
import { antibiotics, drugStems, drugForms } from './reference.ts';
import { tableFromRows, type GeneratorDb } from './generator-db.ts';

/** Clock minutes of each dose for 1–4 doses a day. */
const doseMinutes = [[480], [480, 1200], [360, 840, 1320], [360, 720, 1080, 1380]];

export async function buildAntibiotics(db: GeneratorDb): Promise<void> {
  await tableFromRows(db, 'antibiotic', antibiotics.map((a, i) => ({ ...a, n: i + 1 })), {
    atc: 'VARCHAR', name: 'VARCHAR', route: 'VARCHAR', dddGrams: 'DOUBLE', doseGrams: 'DOUBLE', dosesPerDay: 'BIGINT', n: 'BIGINT',
  });
  await db.run(`
    CREATE TABLE out_antibiotic_ddd AS
    SELECT atc AS atc_code, name AS drug_name, route, dddGrams AS ddd_g, 'WHO ATC/DDD Index' AS reference, n::DOUBLE AS _ord
    FROM antibiotic;

    CREATE TABLE antibiotic_course AS
    SELECT s.*, a.atc, a.name AS drug_name, a.route, a.doseGrams, a.dosesPerDay,
           least(uint(0, 2, s.k, 'abx_start'), s.los_days) AS start_day,
           greatest(1, least(14, round(greatest(s.los_days, 1) * (0.9 + 0.5 * u01(s.k, 'abx_days'))))::INT) AS course_days
    FROM stay s
    JOIN department d ON d.code = s.admit_dept_code
    JOIN antibiotic a ON a.n = 1 + floor(u01(s.k, 'abx_drug') * ${antibiotics.length})::BIGINT
    WHERE u01(s.k, 'abx') < d.antibioticShare;

    CREATE TABLE out_antibiotic_administrations AS
    WITH dose AS (
      SELECT c.*, (c.admit_date + c.start_day + day_n::INTEGER)::TIMESTAMP
                  + minutes((${JSON.stringify(doseMinutes)})[c.dosesPerDay][dose_n]) AS admin_ts
      FROM antibiotic_course c,
           LATERAL (SELECT unnest(range(c.course_days)) AS day_n),
           LATERAL (SELECT unnest(range(1, c.dosesPerDay + 1)) AS dose_n)
    ), given AS (
      SELECT * FROM dose
      WHERE admin_ts BETWEEN admit_ts AND discharge_ts
        AND admin_ts::DATE BETWEEN getvariable('period_from') AND getvariable('period_to')
    )
    SELECT 'YZ' || lpad(row_number() OVER (ORDER BY g.admin_ts, g.admission_id)::VARCHAR, 9, '0') AS admin_id,
           g.admission_id, p.patient_id,
           w.dept_code, w.ward_code,
           g.drug_name, g.atc AS atc_code, g.route, g.doseGrams AS dose_g,
           ts_text(g.admin_ts) AS admin_time,
           g.admin_ts AS _admin_ts,
           row_number() OVER (ORDER BY g.admin_ts, g.admission_id)::DOUBLE AS _ord
    FROM given g JOIN patient_base p ON p.idx = g.patient_idx
    ASOF JOIN stay_segment w ON w.admission_id = g.admission_id AND g.admin_ts >= w.in_ts;
  `);
}

export async function buildDrugInventory(db: GeneratorDb, scale: number): Promise<void> {
  const skus = Math.max(60, Math.round(900 * scale));
  await tableFromRows(db, 'drug_form', drugForms.map((f, i) => ({ ...f, n: i + 1 })), { form: 'VARCHAR', spec: 'VARCHAR', unit: 'VARCHAR', n: 'BIGINT' });
  await db.run(`
    CREATE TABLE sku AS
    SELECT 'YP' || lpad(range::VARCHAR, 6, '0') AS sku_code,
           pick(${`[${drugStems.map((s) => `'${s}'`).join(', ')}]`}, range, 'drug') AS stem,
           1 + floor(u01(range, 'form') * ${drugForms.length})::BIGINT AS form_n,
           ['门诊药房', '住院药房', '中心药库'][1 + floor(u01(range, 'pharmacy') * 3)::INT] AS pharmacy,
           uint(20, 400, range, 'safety') AS safety_stock,
           uint(7, 30, range, 'cycle') AS cycle_days,
           uint(0, 29, range, 'phase') AS phase
    FROM range(1, ${skus + 1});

    -- Stock runs down over a replenishment cycle; in some cycles the delivery comes late and
    -- the shelf is empty for the last days (a stock-out).
    CREATE TABLE out_drug_inventory AS
    WITH days AS (
      SELECT day, (day - getvariable('period_from'))::INT AS t
      FROM calendar WHERE day BETWEEN getvariable('period_from') AND getvariable('period_to')
    ), level AS (
      SELECT d.day, s.*, f.form, f.spec, f.unit,
             (d.t + s.phase) % s.cycle_days AS pos,
             (d.t + s.phase) // s.cycle_days AS cycle_n
      FROM days d CROSS JOIN sku s JOIN drug_form f ON f.n = s.form_n
    )
    SELECT strftime(day, '%Y%m%d') AS snapshot_date, sku_code, stem || form AS drug_name, spec AS specification, unit, pharmacy,
           greatest(0, floor(safety_stock * (2.2 + u01(sku_code || cycle_n, 'peak'))
                         * (1 - pos / cycle_days * (1 + CASE WHEN u01(sku_code || cycle_n, 'late') < 0.06 THEN 0.3 + 0.5 * u01(sku_code || cycle_n, 'lateness') ELSE 0 END))))::BIGINT::VARCHAR AS stock_qty,
           safety_stock::VARCHAR AS safety_stock,
           day AS _day,
           row_number() OVER (ORDER BY day, sku_code)::DOUBLE AS _ord
    FROM level;
  `);
}
