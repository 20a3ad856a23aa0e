// Inpatient stays: admissions per ward and day, lengths of stay per department, deaths,
// 30-day readmissions, ADT transfers, and the midnight census that the nursing bed report and
// every bed-day KPI rest on.
import type { GeneratorDb } from './generator-db.ts';

/** Target staffed-bed occupancy before seasonal and weekday swings. */
const occupancyTarget = 0.93;
const dayCareShare = 0.2;

/** Columns derived from a stay's key `k`: same SQL for first stays and readmissions. */
function stayAttributes(): string {
  return `
    CASE WHEN day_surgery THEN (u01(k, 'day_surgery_los') < 0.45)::INT
         WHEN u01(k, 'same_day') < 0.012 THEN 0
         ELSE greatest(1, round(
           CASE WHEN surgeryShare >= 0.5 THEN (meanLos - ${dayCareShare} * 0.55) / ${1 - dayCareShare} ELSE meanLos END
           * exp(0.55 * gauss(k, 'los') - 0.15125)))::INT
    END AS los_days,
    u01(k, 'death') < inHospitalMortality AS died,
    CASE WHEN day_surgery THEN '门诊'
         WHEN u01(k, 'source') < CASE WHEN dept_code IN ('0901', '1001') THEN 0.75 ELSE 0.3 END THEN '急诊'
         WHEN u01(k, 'source') < 0.95 THEN '门诊' ELSE '转院' END AS admission_source`;
}

function stayTimes(): string {
  return `
    admit_date::TIMESTAMP + minutes(CASE WHEN admission_source = '急诊' THEN floor(u01(k, 'admit_min') * 1440)
                                        ELSE 480 + floor(u01(k, 'admit_min') * 480) END) AS admit_ts,
    CASE WHEN los_days = 0 THEN least(
           admit_date::TIMESTAMP + minutes(CASE WHEN admission_source = '急诊' THEN floor(u01(k, 'admit_min') * 1440)
                                               ELSE 480 + floor(u01(k, 'admit_min') * 480) END + 90 + floor(u01(k, 'stay_min') * 300)),
           admit_date::TIMESTAMP + INTERVAL 1439 MINUTE)
         WHEN died THEN (admit_date + los_days)::TIMESTAMP + minutes(floor(u01(k, 'death_min') * 1440))
         ELSE (admit_date + los_days)::TIMESTAMP + minutes(540 + floor(u01(k, 'discharge_min') * 420))
    END AS discharge_ts`;
}

export async function buildStays(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE stay_first AS
    WITH ward_day AS (
      SELECT w.ward_code, w.dept_code, c.day, d.meanLos, d.surgeryShare, d.inHospitalMortality,
             poisson(w.beds * ${occupancyTarget} * CASE d.code WHEN '1001' THEN 0.6 ELSE 1 END / d.meanLos * c.admission_factor * c.growth * (1 + d.winterPeak * 0.5 * c.winter),
                     w.ward_code || c.day, 'admissions') AS n
      FROM ward w JOIN department d ON d.code = w.dept_code CROSS JOIN calendar c
      WHERE c.day <= getvariable('period_to')
    ), seeded AS (
      SELECT ward_code, dept_code, day AS admit_date, meanLos, surgeryShare, inHospitalMortality,
             ward_code || '/' || day || '/' || i AS k,
             surgeryShare >= 0.5 AND u01(ward_code || '/' || day || '/' || i, 'day_surgery') < ${dayCareShare} AS day_surgery
      FROM ward_day, LATERAL (SELECT unnest(range(n)) AS i)
    ), attributed AS (SELECT *, ${stayAttributes()} FROM seeded)
    SELECT *, k AS patient_key, false AS readmission, ${stayTimes()} FROM attributed;

    -- Some patients come back within 30 days; oncology and haematology far more often (chemo cycles).
    CREATE TABLE stay_return AS
    WITH seeded AS (
      SELECT ward_code, dept_code, discharge_ts::DATE + uint(2, 28, k, 'return_gap') AS admit_date,
             meanLos, surgeryShare, inHospitalMortality, k || 'R' AS k, false AS day_surgery, patient_key
      FROM stay_first
      WHERE NOT died AND u01(k, 'return') < CASE WHEN dept_code IN ('0111', '0107') THEN 0.28 ELSE 0.045 END
    ), attributed AS (SELECT *, ${stayAttributes()} FROM seeded WHERE admit_date <= getvariable('period_to'))
    SELECT * EXCLUDE (patient_key), patient_key, true AS readmission, ${stayTimes()} FROM attributed;

    CREATE TABLE icu_wards AS SELECT list(ward_code ORDER BY ward_code) AS wards FROM ward WHERE dept_code = '1001';
    CREATE TABLE all_wards AS SELECT list(ward_code ORDER BY ward_code) AS wards FROM ward;

    -- Stays that overlap the period (some began before it, some are still in hospital at its end).
    CREATE TABLE stay AS
    WITH stays AS (
      SELECT * FROM stay_first UNION ALL BY NAME SELECT * FROM stay_return
    ), moved AS (
      SELECT s.*,
             dept_code <> '1001' AND los_days >= 3 AND u01(k, 'transfer') < 0.05 AS transferred,
             1 + floor(u01(k, 'transfer_day') * (los_days - 1))::INT AS transfer_day,
             -- ICU takes part of its patients from the wards (its own admissions are fewer for that)
             CASE WHEN u01(k, 'transfer_to') < 0.35 THEN pick((SELECT wards FROM icu_wards), k, 'icu_ward')
                  ELSE pick((SELECT wards FROM all_wards), k, 'other_ward') END AS transfer_ward_pick
      FROM stays s
      WHERE s.admit_date <= getvariable('period_to') AND s.discharge_ts::DATE >= getvariable('period_from')
    )
    SELECT 'ZY' || lpad(row_number() OVER (ORDER BY admit_ts, ward_code, k)::VARCHAR, 8, '0') AS admission_id,
           k, patient_key, readmission, day_surgery, admit_date, admit_ts, los_days, died, admission_source,
           dept_code AS admit_dept_code, ward_code AS admit_ward_code,
           CASE WHEN transferred AND split_part(transfer_ward_pick, '-', 1) <> dept_code THEN transfer_ward_pick END AS transfer_ward_code,
           CASE WHEN transferred AND split_part(transfer_ward_pick, '-', 1) <> dept_code
                THEN (admit_date + transfer_day)::TIMESTAMP + minutes(600 + floor(u01(k, 'transfer_min') * 480)) END AS transfer_ts,
           discharge_ts,
           discharge_ts::DATE > getvariable('period_to') AS still_in_hospital
    FROM moved;

    ALTER TABLE stay ADD COLUMN discharge_ward_code VARCHAR;
    ALTER TABLE stay ADD COLUMN discharge_dept_code VARCHAR;
    UPDATE stay SET discharge_ward_code = coalesce(transfer_ward_code, admit_ward_code);
    UPDATE stay SET discharge_dept_code = split_part(discharge_ward_code, '-', 1);

    -- Where each stay spends each midnight: one segment per ward.
    CREATE TABLE stay_segment AS
    SELECT admission_id, admit_ward_code AS ward_code, admit_date AS in_date,
           coalesce(transfer_ts::DATE, discharge_ts::DATE) AS out_date
    FROM stay
    UNION ALL
    SELECT admission_id, transfer_ward_code, transfer_ts::DATE, discharge_ts::DATE FROM stay WHERE transfer_ward_code IS NOT NULL;

    CREATE TABLE midnight_census AS
    WITH nights AS (
      SELECT ward_code, unnest(range(in_date, out_date, INTERVAL 1 DAY))::DATE AS day
      FROM stay_segment WHERE out_date > in_date
    )
    SELECT w.ward_code, c.day, count(n.day) AS census
    FROM ward w CROSS JOIN calendar c
    LEFT JOIN nights n ON n.ward_code = w.ward_code AND n.day = c.day
    WHERE c.day BETWEEN getvariable('period_from') AND getvariable('period_to')
    GROUP BY ALL;
  `);
}

export async function buildInpatientExtracts(db: GeneratorDb): Promise<void> {
  await db.run(`
    -- HIS admissions: gender as 1/2 (GB/T 2261.1), some timestamps as 2025/3/4 8:05.
    CREATE TABLE out_admissions AS
    SELECT s.admission_id, p.patient_id,
           CASE p.gender WHEN 'M' THEN '1' ELSE '2' END AS gender,
           CASE WHEN u01(s.k, 'admit_fmt') < 0.08 THEN ts_slash(s.admit_ts) ELSE ts_text(s.admit_ts) END AS admit_time,
           s.admit_dept_code, s.admit_ward_code, s.admission_source,
           CASE WHEN s.still_in_hospital THEN NULL
                WHEN u01(s.k, 'discharge_fmt') < 0.08 THEN ts_slash(s.discharge_ts) ELSE ts_text(s.discharge_ts) END AS discharge_time,
           CASE WHEN s.still_in_hospital THEN NULL ELSE s.discharge_dept_code END AS discharge_dept_code,
           CASE WHEN s.still_in_hospital THEN NULL ELSE s.discharge_ward_code END AS discharge_ward_code,
           CASE WHEN s.still_in_hospital THEN NULL WHEN s.died THEN '死亡'
                ELSE ['治愈', '好转', '好转', '未愈', '其他'][1 + floor(u01(s.k, 'outcome') * 5)::INT] END AS discharge_status,
           pick((SELECT doctors FROM ward_doctors wd WHERE wd.ward_code = s.admit_ward_code), s.k, 'attending') AS attending_doctor_code,
           s.admit_ts AS _admit_ts,
           row_number() OVER (ORDER BY s.admission_id)::DOUBLE AS _ord
    FROM stay s JOIN patient p ON p.idx = s.patient_idx;

    CREATE TABLE out_transfers AS
    SELECT 'ZK' || lpad(row_number() OVER (ORDER BY transfer_ts, admission_id)::VARCHAR, 7, '0') AS transfer_id,
           admission_id,
           admit_dept_code AS from_dept_code, admit_ward_code AS from_ward_code,
           split_part(transfer_ward_code, '-', 1) AS to_dept_code, transfer_ward_code AS to_ward_code,
           ts_text(transfer_ts) AS transfer_time,
           row_number() OVER (ORDER BY transfer_ts, admission_id)::DOUBLE AS _ord
    FROM stay WHERE transfer_ward_code IS NOT NULL AND transfer_ts::DATE <= getvariable('period_to');

    -- Nursing's daily bed report: staffed beds, beds actually open (a few close for repairs),
    -- temporary extra beds (加床, not open beds) and the midnight census.
    CREATE TABLE out_open_beds AS
    SELECT strftime(c.day, '%Y-%m-%d') AS "日期", w.ward_code AS "病区编码", w.ward_name AS "病区名称",
           w.beds AS "编制床位",
           w.beds - CASE WHEN w.beds >= 20 AND u01(w.ward_code || strftime(c.day, '%Y-%m'), 'closed') < 0.08 THEN 2 ELSE 0 END AS "实际开放床位",
           0 AS "加床数",
           c.census AS "现有人数",
           strftime(c.day, '%Y-%m') AS _sheet,
           row_number() OVER (ORDER BY c.day, w.ward_code)::DOUBLE AS _ord
    FROM midnight_census c JOIN ward w USING (ward_code);
    UPDATE out_open_beds SET "加床数" = greatest(0, "现有人数" - "实际开放床位");
  `);
}
