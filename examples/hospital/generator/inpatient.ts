// Inpatient stays: candidate admissions per ward and day, lengths of stay per department, deaths,
// 30-day readmissions and transfer plans (several transfers, ICU and step-down); the admissions
// office (beds.ts) accepts those that fit the beds; then the ward segments, the midnight census
// that the nursing bed report and every bed-day KPI rest on, and the HIS and nursing extracts.
import type { GeneratorDb } from './generator-db.ts';

/** Target staffed-bed occupancy before seasonal and weekday swings. */
const occupancyTarget = 0.93;
const dayCareShare = 0.2;
/**
 * Candidates offered beyond the target: a ward turns some away when it is full, the more so the
 * smaller it is (a 4-bed ward is full far more often than a 48-bed one at the same mean census).
 */
const admissionBoostSql = (beds: string) => `(0.97 + 0.1 / sqrt(${beds}))`;
/**
 * The ICU's own admissions, against the bed-days it would fill if its patients stayed: most step
 * down after a few days, so it takes more of them; transfers from the wards fill the rest.
 */
const icuOwnAdmissions = 1.5;
/** Age in days of a 新生儿科 patient at this admission (born 1–6 days before the first). */
const newbornAgeSql = `(admit_date - chain_start + uint(1, 6, patient_key, 'newborn_age'))`;
/** 新生儿科 discharges its patients by their 28th day of life. */
const newbornLosCap = (relation: string) =>
  `SELECT * REPLACE (CASE WHEN dept_code = '0402' THEN least(los_days, 28 - ${newbornAgeSql})::INT ELSE los_days END AS los_days) FROM ${relation}`;
/** Wards nobody is transferred into from another department (ICU aside, which has its own list). */
const notTransferTargets = `('1001', '0301', '0401', '0402', '0901')`;

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
                                               ELSE 480 + floor(u01(k, 'admit_min') * 480) END
                                          + CASE WHEN day_surgery THEN 240 ELSE 90 END + floor(u01(k, 'stay_min') * 300)),
           admit_date::TIMESTAMP + INTERVAL 1439 MINUTE)
         WHEN died THEN (admit_date + los_days)::TIMESTAMP + minutes(floor(u01(k, 'death_min') * 1440))
         ELSE (admit_date + los_days)::TIMESTAMP + minutes(540 + floor(u01(k, 'discharge_min') * 420))
    END AS discharge_ts`;
}

export async function buildStays(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE stay_first_candidate AS
    WITH ward_day AS (
      SELECT w.ward_code, w.dept_code, c.day, d.meanLos, d.surgeryShare, d.inHospitalMortality,
             poisson(w.beds * ${occupancyTarget} * ${admissionBoostSql('w.beds')} * CASE d.code WHEN '1001' THEN ${icuOwnAdmissions} ELSE 1 END / d.meanLos
                     * c.admission_factor * c.growth * (1 + d.winterPeak * 0.5 * c.winter),
                     w.ward_code || c.day, 'admissions') AS n
      FROM ward w JOIN department d ON d.code = w.dept_code CROSS JOIN calendar c
      WHERE c.day <= getvariable('period_to')
    ), seeded AS (
      SELECT ward_code, dept_code, day AS admit_date, meanLos, surgeryShare, inHospitalMortality,
             ward_code || '/' || day || '/' || i AS k, ward_code || '/' || day || '/' || i AS patient_key, day AS chain_start,
             surgeryShare >= 0.5 AND u01(ward_code || '/' || day || '/' || i, 'day_surgery') < ${dayCareShare} AS day_surgery
      FROM ward_day, LATERAL (SELECT unnest(range(n)) AS i)
    ), attributed AS (SELECT *, ${stayAttributes()} FROM seeded)
    SELECT *, false AS readmission, ${stayTimes()} FROM (${newbornLosCap('attributed')});

    -- Some patients come back within 30 days; oncology and haematology far more often (chemo
    -- cycles). A newborn comes back to 新生儿科 only while still under 28 days old.
    CREATE TABLE stay_return_candidate AS
    WITH seeded AS (
      SELECT ward_code, dept_code, discharge_ts::DATE + uint(2, 28, k, 'return_gap') AS admit_date,
             meanLos, surgeryShare, inHospitalMortality, k || 'R' AS k, patient_key, chain_start, false AS day_surgery
      FROM stay_first_candidate
      WHERE NOT died AND u01(k, 'return') < CASE WHEN dept_code IN ('0111', '0107') THEN 0.28 ELSE 0.045 END
    ), attributed AS (
      SELECT *, ${stayAttributes()} FROM seeded
      WHERE admit_date <= getvariable('period_to') AND (dept_code <> '0402' OR ${newbornAgeSql} <= 27)
    )
    SELECT *, true AS readmission, ${stayTimes()} FROM (${newbornLosCap('attributed')});

    CREATE TABLE ward_lists AS
    SELECT list(ward_code ORDER BY ward_code) FILTER (WHERE dept_code = '1001') AS icu,
           list(ward_code ORDER BY ward_code) FILTER (WHERE dept_code NOT IN ${notTransferTargets}) AS general
    FROM ward;

    -- Where each candidate stay plans to spend its nights: its admitting ward, then each transfer
    -- (ward, day offset). ICU admissions mostly step down to a general ward; some ward patients go
    -- to the ICU and come back; some move to another department, and some of those move again.
    -- Children, newborns and women in obstetrics wards are not moved into adult wards.
    CREATE TABLE stay_candidate AS
    WITH stays AS (
      SELECT * FROM stay_first_candidate UNION ALL BY NAME SELECT * FROM stay_return_candidate
    ), planned AS (
      SELECT s.*, CASE
               WHEN dept_code = '1001' THEN CASE WHEN los_days >= 3 AND u01(k, 'step_down') < CASE WHEN died THEN 0.3 ELSE 0.85 END
                                                 THEN 'step_down' ELSE 'none' END
               WHEN dept_code IN ('0401', '0402') OR los_days < 3 THEN 'none'
               WHEN los_days >= 4 AND u01(k, 'transfer') < 0.035 THEN 'icu'
               WHEN u01(k, 'transfer') < 0.09 THEN 'transfer'
               ELSE 'none' END AS plan,
             least(los_days - 1, greatest(1, round(lognormal(3, 0.5, k, 'icu_days'))))::INT AS icu_days,
             uint(1, greatest(1, least(3, los_days - 2)), k, 'icu_from') AS icu_from,
             uint(1, greatest(1, los_days - 1), k, 'transfer_day') AS t1,
             died AND u01(k, 'icu_death') < 0.6 AS dies_in_icu,
             u01(k, 'second_transfer') < 0.3 AS moves_again,
             pick(list_filter(l.general, lambda w: split_part(w, '-', 1) <> s.dept_code), k, 'to_ward') AS to_ward
      FROM stays s, ward_lists l
    ), second AS (
      SELECT p.*, t1 + uint(1, greatest(1, los_days - t1 - 1), k, 'second_day') AS t2,
             CASE WHEN u01(k, 'back') < 0.5 THEN ward_code
                  ELSE pick(list_filter(l.general, lambda w: split_part(w, '-', 1) NOT IN (p.dept_code, split_part(p.to_ward, '-', 1))), k, 'to_ward2')
             END AS to_ward2
      FROM planned p, ward_lists l
    )
    SELECT row_number() OVER (ORDER BY admit_ts, ward_code, k) AS id, s.*,
           CASE plan
             WHEN 'step_down' THEN [ward_code, pick(l.general, k, 'step_down_ward')]
             WHEN 'icu' THEN CASE WHEN dies_in_icu THEN [ward_code, pick(l.icu, k, 'icu_ward')]
                                  ELSE [ward_code, pick(l.icu, k, 'icu_ward'), ward_code] END
             WHEN 'transfer' THEN CASE WHEN moves_again AND los_days - t1 >= 2 THEN [ward_code, to_ward, to_ward2] ELSE [ward_code, to_ward] END
             ELSE [ward_code] END AS seg_wards,
           CASE plan
             WHEN 'step_down' THEN [0, icu_days]
             WHEN 'icu' THEN CASE WHEN dies_in_icu THEN [0, icu_from]
                                  ELSE [0, icu_from, icu_from + least(los_days - icu_from - 1, icu_days)] END
             WHEN 'transfer' THEN CASE WHEN moves_again AND los_days - t1 >= 2 THEN [0, t1, t2] ELSE [0, t1] END
             ELSE [0] END AS seg_offsets
    FROM second s, ward_lists l;
  `);
}

/**
 * The stays the admissions office accepted (see beds.ts) that overlap the period, with one
 * segment per ward they spent time in, and the midnight census every bed-day KPI rests on.
 */
export async function buildAcceptedStays(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE stay AS
    WITH allocated AS (
      SELECT c.* REPLACE (CASE WHEN a.with_transfers THEN c.seg_wards ELSE [c.ward_code] END AS seg_wards,
                          CASE WHEN a.with_transfers THEN c.seg_offsets ELSE [0] END AS seg_offsets)
      FROM stay_candidate c JOIN bed_allocation a USING (id)
      WHERE c.admit_date <= getvariable('period_to') AND c.discharge_ts::DATE >= getvariable('period_from')
    )
    SELECT 'ZY' || lpad(row_number() OVER (ORDER BY admit_ts, ward_code, k)::VARCHAR, 8, '0') AS admission_id,
           k, patient_key, chain_start, readmission, day_surgery, admit_date, admit_ts, los_days, died, admission_source,
           dept_code AS admit_dept_code, ward_code AS admit_ward_code, seg_wards, seg_offsets,
           seg_wards[-1] AS discharge_ward_code, split_part(seg_wards[-1], '-', 1) AS discharge_dept_code,
           discharge_ts,
           discharge_ts::DATE > getvariable('period_to') AS still_in_hospital
    FROM allocated;

    -- Where each stay is from one moment to the next: one segment per ward, [in_ts, out_ts).
    CREATE TABLE stay_segment AS
    WITH unnested AS (
      SELECT admission_id, k, admit_ts, admit_date, discharge_ts,
             unnest(generate_series(1, len(seg_wards))) AS seq, unnest(seg_wards) AS ward_code, unnest(seg_offsets) AS offset_days
      FROM stay
    ), timed AS (
      SELECT *, CASE WHEN seq = 1 THEN admit_ts
                     ELSE (admit_date + offset_days)::TIMESTAMP + minutes(600 + floor(u01(k, 'transfer_min' || seq) * 480)) END AS in_ts
      FROM unnested
    )
    SELECT admission_id, seq, ward_code, split_part(ward_code, '-', 1) AS dept_code, in_ts,
           coalesce(lead(in_ts) OVER (PARTITION BY admission_id ORDER BY seq), discharge_ts) AS out_ts
    FROM timed;

    CREATE TABLE midnight_census AS
    WITH nights AS (
      SELECT ward_code, unnest(range(in_ts::DATE, out_ts::DATE, INTERVAL 1 DAY))::DATE AS day
      FROM stay_segment WHERE out_ts::DATE > in_ts::DATE
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
    -- HIS admissions: gender as 1/2 (GB/T 2261.1), some timestamps as 2025/3/4 8:05; an
    -- admission through the emergency department names its ED visit.
    CREATE TABLE out_admissions AS
    SELECT s.admission_id, p.patient_id,
           CASE p.gender WHEN 'M' THEN '1' ELSE '2' END AS gender,
           CASE WHEN u01(s.k, 'admit_fmt') < 0.08 THEN ts_slash(s.admit_ts) ELSE ts_text(s.admit_ts) END AS admit_time,
           s.admit_dept_code, s.admit_ward_code, s.admission_source, e.ed_visit_id,
           CASE WHEN s.still_in_hospital THEN NULL
                WHEN u01(s.k, 'discharge_fmt') < 0.08 THEN ts_slash(s.discharge_ts) ELSE ts_text(s.discharge_ts) END AS discharge_time,
           CASE WHEN s.still_in_hospital THEN NULL ELSE s.discharge_dept_code END AS discharge_dept_code,
           CASE WHEN s.still_in_hospital THEN NULL ELSE s.discharge_ward_code END AS discharge_ward_code,
           CASE WHEN s.still_in_hospital THEN NULL WHEN s.died THEN '死亡'
                ELSE ['治愈', '好转', '好转', '未愈', '其他'][1 + floor(u01(s.k, 'outcome') * 5)::INT] END AS discharge_status,
           pick((SELECT doctors FROM ward_doctors wd WHERE wd.ward_code = s.admit_ward_code), s.k, 'attending') AS attending_doctor_code,
           s.admit_ts AS _admit_ts,
           row_number() OVER (ORDER BY s.admission_id)::DOUBLE AS _ord
    FROM stay s JOIN patient_base p ON p.idx = s.patient_idx
    LEFT JOIN ed_visit e ON e.admission_id = s.admission_id;

    -- ADT: every move of every stay in the extract up to the period's end, from the ward the
    -- patient was in to the next.
    CREATE TABLE out_transfers AS
    WITH moves AS (
      SELECT admission_id, in_ts AS transfer_ts, ward_code AS to_ward_code, dept_code AS to_dept_code, seq,
             lag(ward_code) OVER (PARTITION BY admission_id ORDER BY seq) AS from_ward_code,
             lag(dept_code) OVER (PARTITION BY admission_id ORDER BY seq) AS from_dept_code
      FROM stay_segment
    )
    SELECT 'ZK' || lpad(row_number() OVER (ORDER BY transfer_ts, admission_id)::VARCHAR, 7, '0') AS transfer_id,
           admission_id, from_dept_code, from_ward_code, to_dept_code, to_ward_code,
           ts_text(transfer_ts) AS transfer_time,
           row_number() OVER (ORDER BY transfer_ts, admission_id)::DOUBLE AS _ord
    FROM moves WHERE seq > 1 AND transfer_ts::DATE <= getvariable('period_to');

    -- Nursing's daily bed report: staffed beds, beds actually open that night (closed for repairs
    -- or staffing now and then), temporary extra beds (加床, not open beds) and the midnight census.
    CREATE TABLE out_open_beds AS
    SELECT strftime(c.day, '%Y-%m-%d') AS "日期", w.ward_code AS "病区编码", w.ward_name AS "病区名称",
           w.beds AS "编制床位",
           n.open_beds AS "实际开放床位",
           greatest(0, c.census - n.open_beds) AS "加床数",
           c.census AS "现有人数",
           strftime(c.day, '%Y-%m') AS _sheet,
           row_number() OVER (ORDER BY c.day, w.ward_code)::DOUBLE AS _ord
    FROM midnight_census c JOIN ward w USING (ward_code) JOIN ward_night n ON n.ward_code = c.ward_code AND n.day = c.day;
  `);
}
