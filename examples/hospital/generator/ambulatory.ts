// Outpatient registrations (HIS, sent as an Excel-made GB18030 CSV with Chinese headers and
// department names, not codes) and emergency department visits. Every admission through the
// emergency department has its ED visit (收住院, same patient, leaving the ED when admitted); the
// other visits go to patients who are neither in hospital nor dead at the time.
import type { GeneratorDb } from './generator-db.ts';

const chiefComplaints = ['胸痛', '腹痛', '发热', '外伤', '呼吸困难', '头晕', '头痛', '呕吐腹泻', '意识障碍', '心悸', '过敏', '中毒'];

export async function buildOutpatientVisits(db: GeneratorDb, scale: number): Promise<void> {
  const base = 6500 * scale;
  await db.run(`
    CREATE TABLE outpatient_visit AS
    WITH period AS (SELECT * FROM calendar WHERE day BETWEEN getvariable('period_from') AND getvariable('period_to')),
    weights AS (SELECT sum(outpatientWeight) AS total FROM department),
    dept_day AS (
      SELECT d.code AS dept_code, c.day, 'clinic' AS stream,
             poisson(${base} * 0.89 * d.outpatientWeight / w.total * c.outpatient_factor * c.growth * (1 + d.winterPeak * 0.8 * c.winter),
                     d.code || c.day, 'outpatient') AS n
      FROM department d, weights w, period c WHERE d.outpatientWeight > 0
      UNION ALL
      SELECT '0901', c.day, 'emergency', poisson(${base} * 0.06 * c.emergency_factor * c.growth * (1 + 0.15 * c.winter), c.day, 'er_registration')
      FROM period c
      UNION ALL
      SELECT '1101', c.day, 'checkup', poisson(${base} * 0.05 * CASE WHEN c.dow <= 5 THEN 1.25 ELSE 0.35 END * c.growth
                                               * least(1, c.outpatient_factor / [1.28, 1.12, 1.05, 1.0, 0.96, 0.55, 0.42][c.dow]), c.day, 'checkup')
      FROM period c
    ), visit AS (
      -- an integer key per visit: hashing integers is several times cheaper than strings
      SELECT dept_code, day, stream, ((day - DATE '2000-01-01')::BIGINT * 10000 + dept_code::INT) * 100000 + i AS k
      FROM dept_day, LATERAL (SELECT unnest(range(n)) AS i)
    ), typed AS (
      SELECT *, CASE stream WHEN 'emergency' THEN '急诊' WHEN 'checkup' THEN '体检'
                            ELSE CASE WHEN u01(k, 'expert') < 0.3 THEN '专家' ELSE '普通' END END AS visit_type
      FROM visit
    ), timed AS (
      SELECT *, day::TIMESTAMP + minutes(CASE stream
                  WHEN 'emergency' THEN floor(u01(k, 'reg_min') * 1440)
                  WHEN 'checkup' THEN 450 + floor(u01(k, 'reg_min') * 150)
                  ELSE CASE WHEN u01(k, 'half_day') < 0.66 THEN 450 + floor(u01(k, 'reg_min') * 240)
                            ELSE 810 + floor(u01(k, 'reg_min') * 180) END END) AS registered_ts,
             lognormal(CASE visit_type WHEN '普通' THEN 22 WHEN '专家' THEN 38 WHEN '急诊' THEN 9 ELSE 12 END, 0.7, k, 'wait') AS wait_min,
             lognormal(CASE visit_type WHEN '普通' THEN 6 WHEN '专家' THEN 9 WHEN '急诊' THEN 12 ELSE 15 END, 0.5, k, 'consult') AS consult_min
      FROM typed
    )
    SELECT *, registered_ts + minutes(round(wait_min)) AS called_ts,
           registered_ts + minutes(round(wait_min) + uint(0, 3, k, 'walk')) AS started_ts,
           registered_ts + minutes(round(wait_min) + uint(0, 3, k, 'walk') + greatest(1, round(consult_min))) AS ended_ts,
           CASE dept_code WHEN '0401' THEN 'child' WHEN '0301' THEN 'woman' ELSE 'general' END AS pool,
           CASE dept_code WHEN '0401' THEN child_patient(k) WHEN '0301' THEN woman_patient(k) ELSE general_patient(k) END AS first_pick
    FROM timed;
    ${resolvePatients('outpatient_visit', 'registered_ts', 'ended_ts')}

    CREATE TABLE out_outpatient_visits AS
    WITH numbered AS (SELECT *, row_number() OVER (ORDER BY registered_ts, dept_code, k) AS n FROM outpatient_visit)
    SELECT 'MZ' || lpad(v.n::VARCHAR, 10, '0') AS "就诊流水号",
           p.patient_id AS "患者ID",
           CASE WHEN u01(v.k, 'fmt') < 0.15 THEN ts_slash(v.registered_ts) ELSE ts_text(v.registered_ts) END AS "挂号时间",
           CASE WHEN u01(v.k, 'fmt') < 0.15 THEN ts_slash(v.called_ts) ELSE ts_text(v.called_ts) END AS "叫号时间",
           CASE WHEN u01(v.k, 'fmt') < 0.15 THEN ts_slash(v.started_ts) ELSE ts_text(v.started_ts) END AS "接诊开始时间",
           CASE WHEN u01(v.k, 'fmt') < 0.15 THEN ts_slash(v.ended_ts) ELSE ts_text(v.ended_ts) END AS "接诊结束时间",
           v.visit_type AS "就诊类型",
           CASE WHEN d.alias IS NOT NULL AND u01(v.k, 'alias') < 0.12 THEN d.alias ELSE d.name END AS "科室名称",
           doc.doctor_code AS "医生工号", doc.doctor_name AS "医生姓名",
           round(lognormal(CASE v.visit_type WHEN '普通' THEN 150 WHEN '专家' THEN 260 WHEN '急诊' THEN 320 ELSE 480 END, 0.8, v.k, 'fee'), 2)::DECIMAL(12, 2)::VARCHAR AS "费用(元)",
           v.registered_ts AS _registered_ts,
           v.n::DOUBLE AS _ord
    FROM numbered v
    JOIN department d ON d.code = v.dept_code
    JOIN dept_doctors dd ON dd.dept_code = v.dept_code
    JOIN doctor doc ON doc.doctor_code = pick(dd.doctors, v.k, 'doctor')
    JOIN patient_base p ON p.idx = v.patient_idx;
  `);
}

/**
 * Gives `table` (with `k`, `pool` and `first_pick`) a `patient_idx`: the first pick, unless that
 * patient is in hospital or dead during the visit; then a patient who never stays nor dies.
 */
function resolvePatients(table: string, from: string, to: string): string {
  return `
    CREATE OR REPLACE TEMP TABLE moved_visit AS
    WITH busy AS (
      SELECT DISTINCT v.k, v.pool FROM ${table} v JOIN patient_busy b ON b.idx = v.first_pick AND v.${from} < b.until AND v.${to} > b.since
    ), drawn AS (
      SELECT busy.k, busy.pool, 1 + floor(u01(busy.k, 'other_patient') * z.size)::BIGINT AS n FROM busy JOIN fallback_size z USING (pool)
    )
    SELECT d.k, f.idx FROM drawn d JOIN fallback_patient f USING (pool, n);
    CREATE OR REPLACE TABLE ${table} AS SELECT v.*, coalesce(m.idx, v.first_pick) AS patient_idx FROM ${table} v LEFT JOIN moved_visit m USING (k);`;
}

export async function buildEmergencyVisits(db: GeneratorDb): Promise<void> {
  await db.run(`
    -- Admissions through the ED: the visit ends when the patient is admitted.
    CREATE TABLE ed_admitted AS
    WITH admitted AS (
      SELECT admission_id, k || '/ed' AS k, patient_idx, admit_ts AS departure_ts,
             CASE WHEN admit_dept_code = '1001' THEN CASE WHEN u01(k, 'ed_triage') < 0.35 THEN 1 ELSE 2 END
                  ELSE CASE WHEN u01(k, 'ed_triage') < 0.05 THEN 1 WHEN u01(k, 'ed_triage') < 0.3 THEN 2
                            WHEN u01(k, 'ed_triage') < 0.85 THEN 3 ELSE 4 END END AS triage_level
      FROM stay WHERE admission_source = '急诊'
    )
    SELECT *, departure_ts - minutes(least(1200, greatest(20, round(lognormal([150, 240, 200, 120][triage_level], 0.6, k, 'dwell'))))) AS arrival_ts,
           '收住院' AS disposition
    FROM admitted;

    -- When each inpatient is busy: from arriving (at the ED, when admitted through it) to leaving
    -- hospital, and for ever after dying there.
    CREATE TABLE patient_busy AS
    SELECT s.patient_idx AS idx, coalesce(e.arrival_ts, s.admit_ts) AS since,
           CASE WHEN s.died THEN TIMESTAMP 'infinity' ELSE s.discharge_ts END AS until
    FROM stay s LEFT JOIN ed_admitted e USING (admission_id);

    -- The other visits, sized to the hospital's beds: most leave, some stay for observation,
    -- a few are sent to another hospital, and a few of the most severe die in the ED.
    CREATE TABLE ed_other AS
    WITH per_day AS (
      SELECT day, poisson(380 * (SELECT sum(beds) FROM ward) / 1506.0 * 0.87 * emergency_factor * growth * (1 + 0.15 * winter), day, 'ed') AS n
      FROM calendar WHERE day BETWEEN getvariable('period_from') AND getvariable('period_to')
    ), arrival AS (
      SELECT day || '/' || i AS k,
             day::TIMESTAMP + minutes(CASE WHEN u01(day || '/' || i, 'ed_busy') < 0.65 THEN 480 + floor(u01(day || '/' || i, 'ed_min') * 900)
                                          ELSE floor(u01(day || '/' || i, 'ed_min') * 1440) END) AS arrival_ts
      FROM per_day, LATERAL (SELECT unnest(range(n)) AS i)
    ), triaged AS (
      SELECT *, CASE WHEN u01(k, 'triage') < 0.012 THEN 1 WHEN u01(k, 'triage') < 0.082 THEN 2
                     WHEN u01(k, 'triage') < 0.51 THEN 3 ELSE 4 END AS triage_level
      FROM arrival
    ), outcome AS (
      SELECT *, arrival_ts + minutes(greatest(10, round(lognormal([90, 210, 170, 80][triage_level], 0.75, k, 'dwell')))) AS departure_ts,
             u01(k, 'disposition') AS u
      FROM triaged
    )
    SELECT k, arrival_ts, departure_ts, triage_level, 'general' AS pool, general_patient(k) AS first_pick,
           CASE triage_level
             WHEN 1 THEN CASE WHEN u < 0.125 THEN '死亡' WHEN u < 0.25 THEN '转院' WHEN u < 0.625 THEN '留观' ELSE '离院' END
             WHEN 2 THEN CASE WHEN u < 0.083 THEN '转院' WHEN u < 0.416 THEN '留观' ELSE '离院' END
             WHEN 3 THEN CASE WHEN u < 0.024 THEN '转院' WHEN u < 0.165 THEN '留观' ELSE '离院' END
             ELSE CASE WHEN u < 0.052 THEN '留观' ELSE '离院' END
           END AS disposition
    FROM outcome;

    -- Who dies in the ED: each death a different adult who is never admitted.
    CREATE TABLE ed_death AS
    WITH deaths AS (SELECT k, row_number() OVER (ORDER BY k) AS r FROM ed_other WHERE disposition = '死亡'),
    free AS (
      SELECT idx, row_number() OVER (ORDER BY u01(idx, 'ed_death_order'), idx) AS r
      FROM patient_base WHERE pool IN ('woman', 'man') AND idx NOT IN (SELECT idx FROM chain_patient)
    )
    SELECT d.k, f.idx, e.arrival_ts FROM deaths d JOIN free f USING (r) JOIN ed_other e USING (k);
    UPDATE ed_other SET first_pick = d.idx FROM ed_death d WHERE ed_other.k = d.k;
    INSERT INTO patient_busy SELECT idx, arrival_ts, TIMESTAMP 'infinity' FROM ed_death;

    -- Patients with no stay and no death, by pool: whom a visit goes to when its first pick is busy.
    CREATE TABLE fallback_patient AS
    WITH free AS (
      SELECT * FROM patient_base WHERE pool <> 'newborn' AND idx NOT IN (SELECT idx FROM patient_busy)
    )
    SELECT 'general' AS pool, idx, row_number() OVER (ORDER BY idx) AS n FROM free
    UNION ALL SELECT 'child', idx, row_number() OVER (ORDER BY idx) FROM free WHERE pool = 'child'
    UNION ALL SELECT 'woman', idx, row_number() OVER (ORDER BY idx) FROM free WHERE pool = 'woman';
    CREATE TABLE fallback_size AS SELECT pool, count(*) AS size FROM fallback_patient GROUP BY pool;

    ${resolvePatients('ed_other', 'arrival_ts', 'departure_ts')}
    UPDATE ed_other SET patient_idx = d.idx FROM ed_death d WHERE ed_other.k = d.k;

    CREATE TABLE ed_visit AS
    WITH visits AS (
      SELECT admission_id, k, patient_idx, arrival_ts, departure_ts, triage_level, disposition FROM ed_admitted
      UNION ALL
      SELECT NULL, k, patient_idx, arrival_ts, departure_ts, triage_level, disposition FROM ed_other
    )
    SELECT 'JZ' || lpad(row_number() OVER (ORDER BY arrival_ts, k)::VARCHAR, 9, '0') AS ed_visit_id, *,
           CASE WHEN triage_level <= 2 OR (triage_level = 3 AND u01(k, 'area') < 0.2) THEN '抢救室' ELSE '诊疗区' END AS area
    FROM visits;

    -- Visits that led to an admission in the extract are there even when they began before the period.
    CREATE TABLE out_emergency_visits AS
    SELECT v.ed_visit_id,
           p.patient_id,
           p.gender,
           CASE WHEN u01(v.k, 'fmt') < 0.2 THEN ts_slash(v.arrival_ts) ELSE ts_text(v.arrival_ts) END AS arrival_time,
           v.triage_level::VARCHAR AS triage_level,
           v.area,
           pick(${`[${chiefComplaints.map((c) => `'${c}'`).join(', ')}]`}, v.k, 'complaint') AS chief_complaint,
           CASE WHEN u01(v.k, 'fmt') < 0.2 THEN ts_slash(v.departure_ts) ELSE ts_text(v.departure_ts) END AS departure_time,
           v.disposition,
           v.arrival_ts AS _arrival_ts,
           row_number() OVER (ORDER BY v.arrival_ts, v.k)::DOUBLE AS _ord
    FROM ed_visit v JOIN patient_base p ON p.idx = v.patient_idx;
  `);
}
