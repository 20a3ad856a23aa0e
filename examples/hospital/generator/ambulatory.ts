// Outpatient registrations (HIS, sent as an Excel-made GB18030 CSV with Chinese headers and
// department names, not codes) and emergency department visits.
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
           registered_ts + minutes(round(wait_min) + uint(0, 3, k, 'walk') + greatest(1, round(consult_min))) AS ended_ts
    FROM timed;

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
    JOIN patient p ON p.idx = CASE v.dept_code WHEN '0401' THEN child_patient(v.k) WHEN '0301' THEN woman_patient(v.k) ELSE general_patient(v.k) END;
  `);
}

export async function buildEmergencyVisits(db: GeneratorDb, scale: number): Promise<void> {
  await db.run(`
    CREATE TABLE out_emergency_visits AS
    WITH per_day AS (
      SELECT day, poisson(380 * ${scale} * emergency_factor * growth * (1 + 0.15 * winter), day, 'ed') AS n
      FROM calendar WHERE day BETWEEN getvariable('period_from') AND getvariable('period_to')
    ), arrival AS (
      SELECT day || '/' || i AS k,
             day::TIMESTAMP + minutes(CASE WHEN u01(day || '/' || i, 'ed_busy') < 0.65 THEN 480 + floor(u01(day || '/' || i, 'ed_min') * 900)
                                          ELSE floor(u01(day || '/' || i, 'ed_min') * 1440) END) AS arrival_ts
      FROM per_day, LATERAL (SELECT unnest(range(n)) AS i)
    ), triaged AS (
      SELECT *, CASE WHEN u01(k, 'triage') < 0.02 THEN 1 WHEN u01(k, 'triage') < 0.12 THEN 2
                     WHEN u01(k, 'triage') < 0.55 THEN 3 ELSE 4 END AS triage_level
      FROM arrival
    ), outcome AS (
      SELECT *, arrival_ts + minutes(greatest(10, round(lognormal([90, 210, 170, 80][triage_level], 0.75, k, 'dwell')))) AS departure_ts,
             u01(k, 'disposition') AS u
      FROM triaged
    )
    SELECT 'JZ' || lpad(row_number() OVER (ORDER BY arrival_ts, k)::VARCHAR, 9, '0') AS ed_visit_id,
           p.patient_id,
           p.gender,
           CASE WHEN u01(k, 'fmt') < 0.2 THEN ts_slash(arrival_ts) ELSE ts_text(arrival_ts) END AS arrival_time,
           triage_level::VARCHAR AS triage_level,
           pick(${`[${chiefComplaints.map((c) => `'${c}'`).join(', ')}]`}, k, 'complaint') AS chief_complaint,
           CASE WHEN u01(k, 'fmt') < 0.2 THEN ts_slash(departure_ts) ELSE ts_text(departure_ts) END AS departure_time,
           CASE triage_level
             WHEN 1 THEN CASE WHEN u < 0.6 THEN '收住院' WHEN u < 0.65 THEN '死亡' WHEN u < 0.7 THEN '转院' WHEN u < 0.85 THEN '留观' ELSE '离院' END
             WHEN 2 THEN CASE WHEN u < 0.4 THEN '收住院' WHEN u < 0.45 THEN '转院' WHEN u < 0.65 THEN '留观' ELSE '离院' END
             WHEN 3 THEN CASE WHEN u < 0.15 THEN '收住院' WHEN u < 0.17 THEN '转院' WHEN u < 0.29 THEN '留观' ELSE '离院' END
             ELSE CASE WHEN u < 0.03 THEN '收住院' WHEN u < 0.08 THEN '留观' ELSE '离院' END
           END AS disposition,
           arrival_ts AS _arrival_ts,
           row_number() OVER (ORDER BY arrival_ts, k)::DOUBLE AS _ord
    FROM outcome JOIN patient p ON p.idx = general_patient(k);
  `);
}
