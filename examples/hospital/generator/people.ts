// The patient master: who the visits and stays belong to. Pools keep the demographics
// plausible (children in paediatrics, women in obstetrics, newborns born just before their stay),
// and give each patient one timeline across the extracts.
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

/** Patients per pool: at least `patientPools(scale)`, and room for every inpatient (one each). */
export async function sizePools(db: GeneratorDb, scale: number): Promise<PatientPools> {
  const base = patientPools(scale);
  const [chains] = await db.rows<{ child: number; woman: number; adult: number }>(`
    WITH chain AS (SELECT patient_key, any_value(admit_dept_code) AS dept FROM stay GROUP BY patient_key)
    SELECT count(*) FILTER (WHERE dept = '0401')::INT AS child, count(*) FILTER (WHERE dept = '0301')::INT AS woman,
           count(*) FILTER (WHERE dept NOT IN ('0301', '0401', '0402'))::INT AS adult FROM chain`);
  const children = Math.max(base.children, 2 * chains!.child);
  const women = Math.max(base.women, 2 * chains!.woman + chains!.adult);
  return { children, women, men: Math.max(base.men, chains!.adult) };
}

/**
 * One patient per inpatient history (a stay and its returns), never shared: so one patient's stays
 * never overlap and nobody is admitted after dying. Newborns are born 1–6 days before their first
 * stay; the other pools' birth dates come later (buildPatientMaster), once every visit is known.
 */
export async function assignPatients(db: GeneratorDb, pools: PatientPools): Promise<void> {
  const { children, women, men } = pools;
  const general = children + women + men;
  await db.run(`
    CREATE MACRO general_patient(k) AS 1 + floor(u01(k, 'patient') * ${general})::BIGINT;
    CREATE MACRO child_patient(k) AS 1 + floor(u01(k, 'patient') * ${children})::BIGINT;
    CREATE MACRO woman_patient(k) AS ${children} + 1 + floor(u01(k, 'patient') * ${women})::BIGINT;

    CREATE TABLE chain AS
    SELECT patient_key, any_value(admit_dept_code) AS dept, any_value(chain_start) AS chain_start,
           CASE any_value(admit_dept_code) WHEN '0402' THEN 'newborn' WHEN '0401' THEN 'child' WHEN '0301' THEN 'woman' ELSE 'adult' END AS pool
    FROM stay GROUP BY patient_key;

    CREATE TABLE patient_base AS
    WITH base AS (
      SELECT range AS idx, CASE WHEN range <= ${children} THEN 'child' WHEN range <= ${children + women} THEN 'woman' ELSE 'man' END AS pool
      FROM range(1, ${general + 1})
      UNION ALL
      SELECT ${general} + row_number() OVER (ORDER BY patient_key), 'newborn' FROM chain WHERE pool = 'newborn'
    )
    SELECT idx, 'P' || lpad(idx::VARCHAR, 8, '0') AS patient_id, pool,
           CASE pool WHEN 'woman' THEN 'F' WHEN 'man' THEN 'M' ELSE CASE WHEN u01(idx, 'sex') < 0.52 THEN 'M' ELSE 'F' END END AS gender
    FROM base;

    -- Chains of a pool take that pool's patients in a seeded order: children and women first,
    -- then other adults from the women and men the women's wards did not take.
    CREATE TABLE chain_patient AS
    WITH ranked_chain AS (
      SELECT patient_key, pool, row_number() OVER (PARTITION BY pool ORDER BY u01(patient_key, 'chain_order'), patient_key) AS r FROM chain
    ), child_or_woman AS (
      SELECT idx, pool, row_number() OVER (PARTITION BY pool ORDER BY u01(idx, 'pool_order'), idx) AS r
      FROM patient_base WHERE pool IN ('child', 'woman')
    ), taken AS (
      SELECT c.patient_key, p.idx FROM ranked_chain c JOIN child_or_woman p ON p.pool = c.pool AND p.r = c.r
    ), adults AS (
      SELECT idx, row_number() OVER (ORDER BY u01(idx, 'adult_order'), idx) AS r
      FROM patient_base WHERE pool IN ('woman', 'man') AND idx NOT IN (SELECT idx FROM taken)
    )
    SELECT * FROM taken
    UNION ALL SELECT c.patient_key, a.idx FROM ranked_chain c JOIN adults a ON a.r = c.r WHERE c.pool = 'adult'
    UNION ALL SELECT c.patient_key, ${general} + row_number() OVER (ORDER BY c.patient_key) FROM chain c WHERE c.pool = 'newborn';

    ALTER TABLE stay ADD COLUMN patient_idx BIGINT;
    UPDATE stay SET patient_idx = c.idx FROM chain_patient c WHERE stay.patient_key = c.patient_key;

    CREATE TABLE newborn_birth AS
    SELECT c.idx, ch.chain_start - uint(1, 6, ch.patient_key, 'newborn_age') AS birth_date
    FROM chain_patient c JOIN chain ch USING (patient_key) WHERE ch.pool = 'newborn';
  `);
}

/**
 * The patient master. A newborn's birth date comes from its first stay; everyone else's age is
 * drawn, then moved back if needed so that nobody has a visit or stay before being born (a
 * child is at least a month old at its first recorded event).
 */
export async function buildPatientMaster(db: GeneratorDb): Promise<void> {
  await tableFromRows(db, 'region', regions.map((r, i) => ({ ...r, n: i + 1 })), { code: 'VARCHAR', address: 'VARCHAR', n: 'BIGINT' });
  await db.run(`
    CREATE TABLE patient AS
    WITH first_event AS (
      SELECT idx, min(day) AS day FROM (
        SELECT patient_idx AS idx, min(admit_ts)::DATE AS day FROM stay GROUP BY ALL
        UNION ALL SELECT patient_idx, min(arrival_ts)::DATE FROM ed_visit GROUP BY ALL
        UNION ALL SELECT patient_idx, min(registered_ts)::DATE FROM outpatient_visit GROUP BY ALL
      ) GROUP BY idx
    ), born AS (
      SELECT b.idx, b.patient_id, b.pool, b.gender,
             CASE WHEN b.pool = 'newborn' THEN n.birth_date
                  ELSE least(CASE b.pool WHEN 'child' THEN getvariable('period_to') - uint(365, 14 * 365, b.idx, 'age')
                                  ELSE getvariable('period_to') - (365.25 * (18 + 77 * pow(u01(b.idx, 'age'), 0.85)))::INT END,
                             f.day - uint(30, 365, b.idx, 'age_before_first')) END AS birth_date,
             1 + floor(u01(b.idx, 'region') * ${regions.length})::BIGINT AS region_n
      FROM patient_base b LEFT JOIN first_event f USING (idx) LEFT JOIN newborn_birth n USING (idx)
    ), numbered AS (
      SELECT b.*, r.code AS region_code, r.address AS region_address,
             row_number() OVER (PARTITION BY r.code, b.birth_date, b.gender ORDER BY b.idx) AS same_birth_n
      FROM born b JOIN region r ON r.n = b.region_n
    ), id17 AS (
      SELECT *, region_code || strftime(birth_date, '%Y%m%d')
                || lpad((2 * same_birth_n - CASE gender WHEN 'M' THEN 1 ELSE 0 END)::VARCHAR, 3, '0') AS s17
      FROM numbered
    )
    SELECT idx, patient_id, pool, gender, birth_date,
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
