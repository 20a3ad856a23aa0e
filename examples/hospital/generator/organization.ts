// Departments, their wards and doctors, plus the calendar of demand factors every volume uses.
import { departments, bedsPerWardAtScale1, springFestivals, surnames, givenNameChars, doctorTitles } from './reference.ts';
import { tableFromRows, type GeneratorDb } from './generator-db.ts';

export async function buildOrganization(db: GeneratorDb, scale: number): Promise<void> {
  await tableFromRows(db, 'department', departments, {
    code: 'VARCHAR', name: 'VARCHAR', alias: 'VARCHAR', category: 'VARCHAR', beds: 'DOUBLE', meanLos: 'DOUBLE',
    outpatientWeight: 'DOUBLE', winterPeak: 'DOUBLE', inHospitalMortality: 'DOUBLE', surgeryShare: 'DOUBLE',
    antibioticShare: 'DOUBLE',
  });
  await db.run(`
    CREATE MACRO person_name(k, salt) AS
      pick(string_split('${surnames}', ''), k, salt || 'surname')
      || pick(string_split('${givenNameChars}', ''), k, salt || 'given1')
      || CASE WHEN u01(k, salt || 'len') < 0.7 THEN pick(string_split('${givenNameChars}', ''), k, salt || 'given2') ELSE '' END;

    -- A ward holds about ${bedsPerWardAtScale1} beds at scale 1; at small scales every ward keeps a few beds.
    CREATE TABLE ward AS
    WITH split AS (
      SELECT d.code AS dept_code, d.name AS dept_name, d.beds, ceil(d.beds / ${bedsPerWardAtScale1})::INT AS wards
      FROM department d WHERE d.beds > 0
    )
    SELECT dept_code || '-' || lpad(n::VARCHAR, 2, '0') AS ward_code,
           dept_name || ['一', '二', '三', '四'][n] || '病区' AS ward_name,
           dept_code,
           greatest(4, round(beds / wards * ${scale}))::INT AS beds
    FROM split, LATERAL (SELECT unnest(range(1, wards + 1)) AS n);

    CREATE TABLE doctor AS
    WITH per_dept AS (
      SELECT code AS dept_code, greatest(3, round((beds / 3 + outpatientWeight * 6) * ${scale}))::INT AS doctors FROM department
    ), numbered AS (
      SELECT dept_code, unnest(range(1, doctors + 1)) AS n FROM per_dept
    )
    SELECT 'D' || dept_code || lpad(n::VARCHAR, 3, '0') AS doctor_code,
           person_name('D' || dept_code || n, 'doctor') AS doctor_name,
           dept_code,
           (SELECT list(w.ward_code ORDER BY w.ward_code) FROM ward w WHERE w.dept_code = numbered.dept_code)[1 + (n - 1) % greatest(1, (SELECT count(*) FROM ward w WHERE w.dept_code = numbered.dept_code))::INT] AS ward_code,
           ${JSON.stringify(doctorTitles).replaceAll('"', "'")}[CASE WHEN n = 1 THEN 1 WHEN n <= 3 THEN 2 WHEN n % 2 = 0 THEN 3 ELSE 4 END] AS title
    FROM numbered;

    CREATE TABLE dept_doctors AS
    SELECT dept_code, list(doctor_code ORDER BY doctor_code) AS doctors FROM doctor GROUP BY dept_code;
    CREATE TABLE ward_doctors AS
    SELECT ward_code, list(doctor_code ORDER BY doctor_code) AS doctors FROM doctor WHERE ward_code IS NOT NULL GROUP BY ward_code;

    CREATE TABLE out_departments AS
    SELECT code AS dept_code, name AS dept_name,
           CASE category WHEN 'internal' THEN '内科系统' WHEN 'surgical' THEN '外科系统' WHEN 'maternal_child' THEN '妇儿'
                         WHEN 'critical' THEN '急诊与重症' ELSE '专科' END AS dept_category,
           row_number() OVER (ORDER BY code)::DOUBLE AS _ord
    FROM department;
    CREATE TABLE out_wards AS
    SELECT ward_code, ward_name, dept_code, beds AS staffed_beds, row_number() OVER (ORDER BY ward_code)::DOUBLE AS _ord FROM ward;
    CREATE TABLE out_doctors AS
    SELECT doctor_code, doctor_name, dept_code, ward_code, title, row_number() OVER (ORDER BY doctor_code)::DOUBLE AS _ord FROM doctor;
  `);
}

/**
 * One row per day from 120 days before the period (so the first day already has patients in
 * hospital) to its end, with the demand factors: weekday, winter, growth, holidays.
 */
export async function buildCalendar(db: GeneratorDb): Promise<void> {
  await db.run(`
    CREATE TABLE spring_festival AS SELECT unnest(${JSON.stringify(springFestivals).replaceAll('"', "'")})::DATE AS day;
    CREATE TABLE calendar AS
    WITH days AS (
      SELECT range::DATE AS day
      FROM range(getvariable('period_from') - INTERVAL 120 DAY, getvariable('period_to') + INTERVAL 1 DAY, INTERVAL 1 DAY)
    ), festival AS (
      SELECT d.day, arg_min(d.day - s.day, abs(d.day - s.day)) AS offset_days
      FROM days d, spring_festival s GROUP BY d.day
    )
    SELECT d.day,
           isodow(d.day) AS dow,
           -- +1 in mid-January, -1 in mid-July
           cos(2 * pi() * (dayofyear(d.day) - 15) / 365.25) AS winter,
           -- mild year-on-year growth
           1 + 0.06 * (d.day - getvariable('period_from')) / 365.25 AS growth,
           [1.28, 1.12, 1.05, 1.0, 0.96, 0.55, 0.42][isodow(d.day)]
             * CASE WHEN f.offset_days BETWEEN -3 AND 6 THEN 0.3
                    WHEN f.offset_days BETWEEN -10 AND -4 THEN 0.85
                    WHEN f.offset_days BETWEEN 7 AND 14 THEN 1.1 ELSE 1 END
             * CASE WHEN month(d.day) = 10 AND day(d.day) <= 7 THEN 0.5 ELSE 1 END AS outpatient_factor,
           [1.22, 1.1, 1.05, 1.0, 0.98, 0.72, 0.68][isodow(d.day)]
             * CASE WHEN f.offset_days BETWEEN -5 AND 6 THEN 0.65 ELSE 1 END
             * CASE WHEN month(d.day) = 10 AND day(d.day) <= 7 THEN 0.75 ELSE 1 END AS admission_factor,
           [1.08, 1.0, 0.98, 0.97, 1.0, 1.03, 1.05][isodow(d.day)]
             * CASE WHEN f.offset_days BETWEEN -3 AND 6 THEN 1.12 ELSE 1 END AS emergency_factor
    FROM days d JOIN festival f USING (day);
  `);
}
