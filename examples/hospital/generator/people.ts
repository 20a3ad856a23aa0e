// The patient master: who the visits and stays belong to. Pools keep the demographics
// plausible (children in paediatrics, women in obstetrics, newborns born just before their stay).
import { regions, streets } from './reference.ts';
import { tableFromRows, type GeneratorDb } from './generator-db.ts';

const mobilePrefixes = ['139', '138', '137', '136', '135', '150', '151', '152', '158', '159', '182', '187', '188', '130', '131', '132', '155', '156', '185', '186', '133', '153', '180', '189', '177', '199'];
const sqlList = (items: readonly string[]) => `[${items.map((item) => `'${item}'`).join(', ')}]`;

export interface PatientPools {
  children: number;
  women: number;
  men: number;
}

export function patientPools(scale: number): PatientPools {
  const total = Math.max(3000, Math.round(900_000 * scale));
  const children = Math.round(total * 0.15);
  const women = Math.round(total * 0.43);
  return { children, women, men: total - children - women };
}

/** Gives every stay a patient; needs the stays, because newborns are born just before theirs. */
export async function buildPatients(db: GeneratorDb, pools: PatientPools): Promise<void> {
  const { children, women, men } = pools;
  const general = children + women + men;
  await tableFromRows(db, 'region', regions.map((r, i) => ({ ...r, n: i + 1 })), { code: 'VARCHAR', address: 'VARCHAR', n: 'BIGINT' });
  await db.run(`
    CREATE MACRO general_patient(k) AS 1 + floor(u01(k, 'patient') * ${general})::BIGINT;
    CREATE MACRO child_patient(k) AS 1 + floor(u01(k, 'patient') * ${children})::BIGINT;
    CREATE MACRO woman_patient(k) AS ${children} + 1 + floor(u01(k, 'patient') * ${women})::BIGINT;
    CREATE MACRO adult_patient(k) AS ${children} + 1 + floor(u01(k, 'patient') * ${women + men})::BIGINT;

    CREATE TABLE newborn AS
    SELECT patient_key, ${general} + row_number() OVER (ORDER BY patient_key) AS idx, min(admit_date) AS first_admit
    FROM stay WHERE admit_dept_code = '0402' GROUP BY patient_key;

    ALTER TABLE stay ADD COLUMN patient_idx BIGINT;
    UPDATE stay SET patient_idx = CASE admit_dept_code
      WHEN '0401' THEN child_patient(patient_key)
      WHEN '0301' THEN woman_patient(patient_key)
      ELSE adult_patient(patient_key) END
    WHERE admit_dept_code <> '0402';
    UPDATE stay SET patient_idx = n.idx FROM newborn n WHERE stay.patient_key = n.patient_key AND stay.admit_dept_code = '0402';

    CREATE TABLE patient AS
    WITH base AS (
      SELECT range AS idx,
             CASE WHEN range <= ${children} THEN 'child' WHEN range <= ${children + women} THEN 'woman' ELSE 'man' END AS pool,
             NULL::DATE AS first_admit
      FROM range(1, ${general + 1})
      UNION ALL SELECT idx, 'newborn', first_admit FROM newborn
    ), born AS (
      SELECT idx, pool,
             CASE pool WHEN 'woman' THEN 'F' WHEN 'man' THEN 'M' ELSE CASE WHEN u01(idx, 'sex') < 0.52 THEN 'M' ELSE 'F' END END AS gender,
             CASE pool WHEN 'newborn' THEN first_admit - uint(0, 6, idx, 'newborn_age')
                       WHEN 'child' THEN getvariable('period_to') - uint(365, 14 * 365, idx, 'age')
                       ELSE getvariable('period_to') - (365.25 * (18 + 77 * pow(u01(idx, 'age'), 0.85)))::INT END AS birth_date,
             1 + floor(u01(idx, 'region') * ${regions.length})::BIGINT AS region_n
      FROM base
    ), numbered AS (
      SELECT b.*, r.code AS region_code, r.address AS region_address,
             row_number() OVER (PARTITION BY r.code, b.birth_date, b.gender ORDER BY b.idx) AS same_birth_n
      FROM born b JOIN region r ON r.n = b.region_n
    ), id17 AS (
      SELECT *, region_code || strftime(birth_date, '%Y%m%d')
                || lpad((2 * same_birth_n - CASE gender WHEN 'M' THEN 1 ELSE 0 END)::VARCHAR, 3, '0') AS s17
      FROM numbered
    )
    SELECT idx, 'P' || lpad(idx::VARCHAR, 8, '0') AS patient_id, pool, gender, birth_date,
           person_name(idx, 'patient') AS name,
           s17 || id_check_digit(s17) AS id_number,
           pick(${sqlList(mobilePrefixes)}, idx, 'phone') || lpad((bits(idx, 'phone_no') % 100000000)::VARCHAR, 8, '0') AS phone,
           region_address || pick(${sqlList(streets)}, idx, 'street') || uint(1, 399, idx, 'house') || '号'
             || uint(1, 30, idx, 'building') || '栋' || uint(1, 6, idx, 'unit') || '单元'
             || uint(1, 32, idx, 'floor') || lpad(uint(1, 8, idx, 'door')::VARCHAR, 2, '0') || '室' AS address
    FROM id17;

    CREATE TABLE out_patients AS
    SELECT patient_id, name, CASE gender WHEN 'M' THEN '男' ELSE '女' END AS gender,
           strftime(birth_date, '%Y-%m-%d') AS birth_date, id_number, phone, address,
           birth_date AS _birth_date, idx::DOUBLE AS _ord
    FROM patient;
  `);
}
