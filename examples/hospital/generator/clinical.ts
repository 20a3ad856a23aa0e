// What happens during stays: lab results with critical values (LIS), operations (OR) and
// hospital-acquired infections (infection control).
import { labTests, infectionSites, organisms } from './reference.ts';
import { tableFromRows, type GeneratorDb } from './generator-db.ts';

const sqlList = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

/** The ward segment a stay is in at a moment (the last one entered at or before it): `g`. */
const segmentAt = (admissionId: string, ts: string) => `ASOF JOIN stay_segment g ON g.admission_id = ${admissionId} AND ${ts} >= g.in_ts`;

export async function buildLabResults(db: GeneratorDb): Promise<void> {
  await tableFromRows(db, 'lab_test', labTests.map((t, i) => ({ ...t, n: i + 1 })), {
    code: 'VARCHAR', name: 'VARCHAR', unit: 'VARCHAR', low: 'DOUBLE', high: 'DOUBLE', criticalLow: 'DOUBLE',
    criticalHigh: 'DOUBLE', decimals: 'BIGINT', n: 'BIGINT',
  });
  await db.run(`
    CREATE TABLE lab_result AS
    WITH ordered AS (
      SELECT s.* EXCLUDE (k), substr(s.admission_id, 3)::BIGINT * 100 + i AS k,
             s.admit_ts + to_microseconds((u01(substr(s.admission_id, 3)::BIGINT * 100 + i, 'collect') * greatest(s.los_days, 0.3) * 86400e6)::BIGINT) AS collected_ts
      FROM stay s, LATERAL (SELECT unnest(range(least(60, 1 + round(2.2 * greatest(s.los_days, 1) * (0.7 + 0.6 * u01(s.admission_id, 'lab_n'))))::BIGINT)) AS i)
    ), valued AS (
      SELECT o.*, t.code AS test_code, t.name AS test_name, t.unit, t.low, t.high, t.criticalLow, t.criticalHigh, t.decimals,
             u01(o.k, 'critical') < 0.012 AND (t.criticalLow IS NOT NULL OR t.criticalHigh IS NOT NULL) AS critical
      FROM ordered o JOIN lab_test t ON t.n = 1 + floor(u01(o.k, 'test') * ${labTests.length})::BIGINT
      WHERE o.collected_ts <= o.discharge_ts AND o.collected_ts::DATE BETWEEN getvariable('period_from') AND getvariable('period_to')
    )
    SELECT *,
           round(CASE
             WHEN critical AND criticalLow IS NOT NULL AND (criticalHigh IS NULL OR u01(k, 'low_high') < 0.4)
               THEN criticalLow * (0.75 + 0.2 * u01(k, 'value'))
             WHEN critical THEN criticalHigh * (1.05 + 0.3 * u01(k, 'value'))
             ELSE greatest(coalesce(criticalLow * 1.05, 0), least(coalesce(criticalHigh * 0.95, 1e9),
                    (low + high) / 2 + (high - low) / 3 * gauss(k, 'value')))
           END, decimals::INT) AS value,
           collected_ts + minutes(30 + lognormal(40, 0.5, k, 'verify')) AS verified_ts
    FROM valued;

    CREATE TABLE out_lab_results AS
    SELECT 'LIS' || lpad(row_number() OVER (ORDER BY l.collected_ts, l.k)::VARCHAR, 10, '0') AS result_id,
           l.admission_id, p.patient_id, l.test_code, l.test_name,
           l.value::DOUBLE AS result_value, l.unit,
           l.low::VARCHAR || '-' || l.high::VARCHAR AS reference_range,
           CASE WHEN l.value > l.high THEN 'H' WHEN l.value < l.low THEN 'L' END AS abnormal_flag,
           l.critical AS is_critical,
           date_trunc('second', l.collected_ts) AS collected_time,
           date_trunc('second', l.verified_ts) AS verified_time,
           CASE WHEN l.critical THEN date_trunc('second', l.verified_ts + minutes(lognormal(6, 0.8, l.k, 'notify'))) END AS notified_time,
           CASE WHEN l.critical THEN date_trunc('second', l.verified_ts + minutes(lognormal(6, 0.8, l.k, 'notify') + lognormal(3, 0.6, l.k, 'ack'))) END AS acknowledged_time,
           CASE WHEN l.critical THEN g.dept_code END AS notified_dept_code,
           row_number() OVER (ORDER BY l.collected_ts, l.k)::DOUBLE AS _ord
    FROM lab_result l JOIN stay s ON s.admission_id = l.admission_id JOIN patient_base p ON p.idx = s.patient_idx
    ${segmentAt('l.admission_id', 'l.collected_ts')};
  `);
}

export async function buildSurgeries(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE operation AS
    WITH candidates AS (
      SELECT s.*, d.surgeryShare,
             CASE WHEN s.day_surgery OR s.los_days <= 1 THEN s.admit_date
                  ELSE s.admit_date + least(1 + uint(0, 2, s.k, 'op_day'), s.los_days - 1) END AS op_date
      FROM stay s JOIN department d ON d.code = s.admit_dept_code
      WHERE s.day_surgery OR u01(s.k, 'surgery') < d.surgeryShare
    ), leveled AS (
      SELECT *, CASE
               WHEN day_surgery THEN CASE WHEN u01(k, 'level') < 0.45 THEN 1 WHEN u01(k, 'level') < 0.9 THEN 2 ELSE 3 END
               WHEN admit_dept_code IN ('0203', '0204', '0206') THEN CASE WHEN u01(k, 'level') < 0.1 THEN 2 WHEN u01(k, 'level') < 0.5 THEN 3 ELSE 4 END
               WHEN admit_dept_code LIKE '02%' THEN CASE WHEN u01(k, 'level') < 0.1 THEN 1 WHEN u01(k, 'level') < 0.35 THEN 2 WHEN u01(k, 'level') < 0.75 THEN 3 ELSE 4 END
               ELSE CASE WHEN u01(k, 'level') < 0.25 THEN 1 WHEN u01(k, 'level') < 0.6 THEN 2 WHEN u01(k, 'level') < 0.9 THEN 3 ELSE 4 END
             END AS level,
             greatest(op_date::TIMESTAMP + minutes(480 + 60 * uint(0, CASE WHEN los_days = 0 THEN 2 ELSE 7 END, k, 'slot')),
                      CASE WHEN op_date = admit_date THEN admit_ts + INTERVAL 1 HOUR ELSE op_date::TIMESTAMP END) AS scheduled_ts
      FROM candidates
      WHERE op_date BETWEEN getvariable('period_from') AND getvariable('period_to')
    )
    SELECT * FROM (SELECT *,
           u01(k, 'cancel') < 0.035 AS cancelled,
           u01(k, 'cancel_in_room') < 0.12 AS cancelled_in_room,
           scheduled_ts + minutes(uint(0, 45, k, 'in_room')) AS in_room_ts,
           scheduled_ts + minutes(uint(0, 45, k, 'in_room') + uint(15, 40, k, 'anaesthesia')) AS start_ts,
           scheduled_ts + minutes(uint(0, 45, k, 'in_room') + uint(15, 40, k, 'anaesthesia')
                                  + greatest(10, round(lognormal([40, 70, 120, 210][level], 0.4, k, 'duration')))) AS end_ts
    FROM leveled)
    -- an operation that would not end half an hour before the patient leaves (or dies) is not booked
    WHERE end_ts + INTERVAL 30 MINUTE <= discharge_ts;

    CREATE TABLE out_surgeries AS
    SELECT 'SS' || lpad(row_number() OVER (ORDER BY o.scheduled_ts, o.k)::VARCHAR, 8, '0') AS surgery_id,
           o.admission_id, p.patient_id, o.admit_dept_code AS dept_code,
           pick(dd.doctors, o.k, 'surgeon') AS surgeon_code,
           ts_text(o.scheduled_ts) AS scheduled_time,
           CASE WHEN NOT o.cancelled OR o.cancelled_in_room THEN ts_text(o.in_room_ts) END AS in_room_time,
           CASE WHEN NOT o.cancelled THEN ts_text(o.start_ts) END AS start_time,
           CASE WHEN NOT o.cancelled THEN ts_text(o.end_ts) END AS end_time,
           CASE WHEN o.cancelled THEN '已取消' ELSE '已完成' END AS status,
           CASE WHEN o.cancelled THEN pick(${sqlList(['患者病情变化', '患者原因', '术前准备不足', '手术室或设备原因', '医生原因'])}, o.k, 'cancel_reason') END AS cancel_reason,
           CASE WHEN o.cancelled AND o.cancelled_in_room THEN '是' ELSE '否' END AS cancelled_after_in_room,
           ['一级', '二级', '三级', '四级'][o.level] AS surgery_level,
           CASE WHEN o.day_surgery THEN '是' ELSE '否' END AS day_surgery,
           CASE WHEN u01(o.k, 'minimally_invasive') < CASE o.admit_dept_code WHEN '0501' THEN 0.9 ELSE 0.42 END THEN '是' ELSE '否' END AS minimally_invasive,
           CASE WHEN u01(o.k, 'incision') < 0.55 THEN 'Ⅰ类' WHEN u01(o.k, 'incision') < 0.93 THEN 'Ⅱ类' ELSE 'Ⅲ类' END AS incision_class,
           o.start_ts AS _start_ts,
           row_number() OVER (ORDER BY o.scheduled_ts, o.k)::DOUBLE AS _ord
    FROM operation o JOIN patient_base p ON p.idx = o.patient_idx JOIN dept_doctors dd ON dd.dept_code = o.admit_dept_code;
  `);
}

export async function buildInfections(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE out_infection_reports AS
    WITH infected AS (
      SELECT s.*, s.admit_date + 2 + uint(0, s.los_days - 3, s.k, 'onset') AS onset_date
      FROM stay s
      WHERE s.los_days >= 3 AND u01(s.k, 'infection') < CASE s.admit_dept_code WHEN '1001' THEN 0.07 WHEN '0901' THEN 0.02 ELSE 0.011 END
    )
    SELECT 'GR' || lpad(row_number() OVER (ORDER BY s.onset_date, s.k)::VARCHAR, 6, '0') AS "报告编号",
           s.admission_id AS "住院号", p.patient_id AS "患者ID",
           g.dept_code AS "科室编码",
           d.name AS "科室名称",
           strftime(s.onset_date, '%Y-%m-%d') AS "感染日期",
           CASE WHEN s.admit_dept_code = '1001' AND u01(s.k, 'site') < 0.5 THEN '下呼吸道' ELSE pick(${sqlList(infectionSites)}, s.k, 'site2') END AS "感染部位",
           pick(${sqlList(organisms)}, s.k, 'organism') AS "病原体",
           CASE WHEN u01(s.k, 'mdro') < 0.3 THEN '是' ELSE '否' END AS "多重耐药菌",
           ts_text(s.onset_date::TIMESTAMP + minutes(1440 * uint(0, 2, s.k, 'report_delay') + 540 + uint(0, 480, s.k, 'report_min'))) AS "上报时间",
           s.onset_date AS _onset_date,
           '院感病例' AS _sheet,
           row_number() OVER (ORDER BY s.onset_date, s.k)::DOUBLE AS _ord
    FROM infected s
    JOIN patient_base p ON p.idx = s.patient_idx
    ${segmentAt('s.admission_id', 's.onset_date::TIMESTAMP')}
    JOIN department d ON d.code = g.dept_code
    WHERE s.onset_date BETWEEN getvariable('period_from') AND getvariable('period_to');
  `);
}
