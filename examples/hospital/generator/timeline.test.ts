// The synthetic hospital holds no impossible patient: the generated files, loaded as text into
// DuckDB, checked with SQL written from what a hospital's records must satisfy, not from the
// generator. Two seeds and two end dates, one of them (a leap day, years back) an end the
// generator's default (yesterday) never produces. Injected defect rows (manifest.json) are left
// out: they are wrong on purpose.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { generateHospital, type GenerationManifest } from './generate.ts';
import { openRawExtracts, sqlRows } from './testing/raw-extracts.ts';

const hospitals = [
  { scale: 0.01, seed: 7, end: '2025-12-31' },
  { scale: 0.01, seed: 31, end: '2024-02-29' },
];

const ts = (column: string) => `try_strptime(${column}, ['%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M'])`;

/** `clean_<extract>`: the extract's rows less the injected defects, with parsed times. */
async function cleanViews(db: DuckDBConnection, manifest: GenerationManifest): Promise<void> {
  const rows = manifest.defects.map((d) => ({ extract: d.extract, sheet: d.sheet ?? null, row: d.row }));
  await db.run(
    `CREATE TABLE defect_row AS SELECT unnest(from_json($rows::JSON, '[{"extract": "VARCHAR", "sheet": "VARCHAR", "row": "BIGINT"}]'), recursive := true)`,
    { rows: JSON.stringify(rows) },
  );
  const clean = (name: string, xlsx = false) =>
    `(SELECT * FROM "${name}" x WHERE NOT EXISTS (SELECT 1 FROM defect_row d WHERE d.extract = '${name}' AND d."row" = x._row${xlsx ? ' AND d.sheet = x._sheet' : ''}))`;
  await db.run(`
    CREATE VIEW clean_admissions AS SELECT *, ${ts('admit_time')} AS admit_ts, ${ts('discharge_time')} AS discharge_ts FROM ${clean('admissions')};
    CREATE VIEW clean_transfers AS SELECT *, ${ts('transfer_time')} AS transfer_ts FROM ${clean('transfers')};
    CREATE VIEW clean_emergency AS SELECT *, ${ts('arrival_time')} AS arrival_ts, ${ts('departure_time')} AS departure_ts FROM ${clean('emergency_visits')};
    CREATE VIEW clean_outpatient AS SELECT *, ${ts('"挂号时间"')} AS registered_ts, ${ts('"接诊结束时间"')} AS ended_ts FROM ${clean('outpatient_visits')};
    CREATE VIEW clean_patients AS SELECT *, birth_date::DATE AS born FROM ${clean('patients')};
    CREATE VIEW clean_surgeries AS SELECT *, ${ts('scheduled_time')} AS scheduled_ts, ${ts('in_room_time')} AS in_room_ts, ${ts('end_time')} AS end_ts FROM ${clean('surgeries')};
    CREATE VIEW clean_labs AS SELECT * FROM ${clean('lab_results')};
    CREATE VIEW clean_antibiotics AS SELECT *, ${ts('admin_time')} AS admin_ts FROM ${clean('antibiotic_administrations')};
    CREATE VIEW clean_open_beds AS SELECT *, "日期"::DATE AS day FROM ${clean('open_beds', true)};
    CREATE VIEW clean_infections AS SELECT *, "感染日期"::DATE AS onset FROM ${clean('infection_reports', true)};
  `);
}

async function count(db: DuckDBConnection, sql: string): Promise<number> {
  const [row] = await sqlRows<Record<string, bigint | number>>(db, sql);
  return Number(Object.values(row!)[0]);
}

describe.each(hospitals)('the hospital of seed $seed ending $end', (options) => {
  let root: string;
  let manifest: GenerationManifest;
  let db: DuckDBConnection;
  let close: () => void;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hbi-timeline-'));
    manifest = await generateHospital({ ...options, outDir: join(root, 'extracts') });
    ({ db, close } = await openRawExtracts(join(root, 'extracts')));
    await cleanViews(db, manifest);
  });
  afterAll(async () => {
    close?.();
    await rm(root, { recursive: true, force: true });
  });

  it("rebuilds the nursing report's 现有人数 from admissions and transfers on every ward-day", async () => {
    const [census] = await sqlRows<{ ward_days: bigint; expected: bigint; mismatched: bigint; patients: bigint }>(db, `
      WITH moves AS (
        SELECT admission_id, admit_ts AS since, admit_ward_code AS ward FROM clean_admissions
        UNION ALL SELECT admission_id, transfer_ts, to_ward_code FROM clean_transfers
      ), segments AS (
        SELECT m.ward, m.since::DATE AS in_day,
               coalesce(lead(m.since) OVER (PARTITION BY m.admission_id ORDER BY m.since), a.discharge_ts)::DATE AS out_day
        FROM moves m JOIN clean_admissions a USING (admission_id)
      ), nights AS (
        -- a bed-day in the ward the patient is in at midnight; still in hospital: every night to the end
        SELECT ward, unnest(range(in_day, coalesce(out_day, DATE '${manifest.to}' + 1), INTERVAL 1 DAY))::DATE AS day
        FROM segments WHERE coalesce(out_day, DATE '${manifest.to}' + 1) > in_day
      ), census AS (
        SELECT ward, day, count(*) AS n FROM nights WHERE day BETWEEN DATE '${manifest.from}' AND DATE '${manifest.to}' GROUP BY ALL
      )
      SELECT count(*) AS ward_days,
             (SELECT count(*) FROM wards) * (DATE '${manifest.to}' - DATE '${manifest.from}' + 1) AS expected,
             count(*) FILTER (WHERE coalesce(c.n, 0) <> b."现有人数") AS mismatched,
             sum(b."现有人数") AS patients,
             (SELECT count(*) FROM census c2 WHERE NOT EXISTS (SELECT 1 FROM clean_open_beds b2 WHERE b2."病区编码" = c2.ward AND b2.day = c2.day)) AS unreported
      FROM clean_open_beds b LEFT JOIN census c ON c.ward = b."病区编码" AND c.day = b.day`);
    expect(Number(census!.ward_days)).toBe(Number(census!.expected));
    expect(Number(census!.mismatched)).toBe(0);
    expect(Number((census as unknown as { unreported: bigint }).unreported)).toBe(0);
    expect(Number(census!.patients)).toBeGreaterThan(0);
  });

  it('keeps every ward within its open beds plus a bounded 加床, with closures and 加床 in wards of every size', async () => {
    expect(await count(db, `
      SELECT count(*) FROM clean_open_beds
      WHERE "现有人数" > "实际开放床位" + greatest(2, ceil("编制床位" * 0.15))
         OR "加床数" <> greatest(0, "现有人数" - "实际开放床位") OR "实际开放床位" > "编制床位" OR "实际开放床位" < 1`)).toBe(0);
    const sizes = await sqlRows<{ beds: number; wards: bigint; with_closures: bigint; with_extra_beds: bigint }>(db, `
      SELECT "编制床位" AS beds, count(DISTINCT "病区编码") AS wards,
             count(DISTINCT "病区编码") FILTER (WHERE "实际开放床位" < "编制床位") AS with_closures,
             count(DISTINCT "病区编码") FILTER (WHERE "加床数" > 0) AS with_extra_beds
      FROM clean_open_beds GROUP BY beds ORDER BY beds`);
    expect(sizes.length).toBeGreaterThan(0);
    for (const size of sizes) {
      expect(Number(size.with_closures), `${size.beds}-bed wards`).toBeGreaterThan(0.7 * Number(size.wards));
      expect(Number(size.with_extra_beds), `${size.beds}-bed wards`).toBeGreaterThan(0);
    }
  });

  it('has no overlapping stays of one patient', async () => {
    expect(await count(db, `
      SELECT count(*) FROM (
        SELECT discharge_ts, lead(admit_ts) OVER (PARTITION BY patient_id ORDER BY admit_ts, admission_id) AS next_admit FROM clean_admissions)
      WHERE next_admit IS NOT NULL AND (discharge_ts IS NULL OR next_admit < discharge_ts)`)).toBe(0);
    // and some patients do come back: a history, not one stay each
    expect(await count(db, `SELECT count(*) FROM (SELECT patient_id FROM clean_admissions GROUP BY ALL HAVING count(*) > 1)`)).toBeGreaterThan(0);
  });

  it('has no event after a death (in hospital or in the ED) nor before birth', async () => {
    const events = `
      SELECT patient_id, admit_ts AS event_at FROM clean_admissions
      UNION ALL SELECT patient_id, discharge_ts FROM clean_admissions WHERE discharge_ts IS NOT NULL
      UNION ALL SELECT a.patient_id, t.transfer_ts FROM clean_transfers t JOIN clean_admissions a USING (admission_id)
      UNION ALL SELECT "患者ID", registered_ts FROM clean_outpatient
      UNION ALL SELECT patient_id, arrival_ts FROM clean_emergency
      UNION ALL SELECT patient_id, coalesce(in_room_ts, scheduled_ts) FROM clean_surgeries
      UNION ALL SELECT patient_id, collected_time FROM clean_labs
      UNION ALL SELECT patient_id, admin_ts FROM clean_antibiotics
      UNION ALL SELECT "患者ID", onset::TIMESTAMP FROM clean_infections`;
    const [deaths] = await sqlRows<{ deaths: bigint; ed_deaths: bigint; after: bigint }>(db, `
      WITH death AS (
        SELECT patient_id, min(died_at) AS died_at, bool_or(ed) AS ed FROM (
          SELECT patient_id, discharge_ts AS died_at, false AS ed FROM clean_admissions WHERE discharge_status = '死亡'
          UNION ALL SELECT patient_id, departure_ts, true FROM clean_emergency WHERE disposition = '死亡')
        GROUP BY patient_id
      )
      SELECT count(*) AS deaths, count(*) FILTER (WHERE ed) AS ed_deaths,
             (SELECT count(*) FROM (${events}) e JOIN death d USING (patient_id) WHERE e.event_at > d.died_at) AS after
      FROM death`);
    expect(Number(deaths!.deaths)).toBeGreaterThan(0);
    expect(Number(deaths!.ed_deaths)).toBeGreaterThan(0);
    expect(Number(deaths!.after)).toBe(0);
    // one death per patient
    expect(await count(db, `
      SELECT count(*) FROM (SELECT patient_id FROM (
        SELECT patient_id FROM clean_admissions WHERE discharge_status = '死亡'
        UNION ALL SELECT patient_id FROM clean_emergency WHERE disposition = '死亡') GROUP BY ALL HAVING count(*) > 1)`)).toBe(0);
    expect(await count(db, `SELECT count(*) FROM (${events}) e JOIN clean_patients p USING (patient_id) WHERE e.event_at::DATE < p.born`)).toBe(0);
    expect(await count(db, `SELECT count(*) FROM (${events}) e WHERE e.patient_id NOT IN (SELECT patient_id FROM clean_patients)`)).toBe(0);
  });

  it('sees nobody at a clinic or the ED while in hospital, except the ED visit that admitted them', async () => {
    expect(await count(db, `
      WITH visits AS (
        SELECT "患者ID" AS patient_id, NULL AS ed_visit_id, registered_ts AS since, ended_ts AS until FROM clean_outpatient
        UNION ALL SELECT patient_id, ed_visit_id, arrival_ts, departure_ts FROM clean_emergency
      )
      SELECT count(*) FROM visits v JOIN clean_admissions a USING (patient_id)
      WHERE v.since < coalesce(a.discharge_ts, TIMESTAMP 'infinity') AND v.until > a.admit_ts
        AND v.ed_visit_id IS DISTINCT FROM a.ed_visit_id`)).toBe(0);
  });

  it('links every admission through the ED to its 收住院 visit, and every such visit to its admission', async () => {
    const [links] = await sqlRows<{ via_ed: bigint; linked: bigint; admitted_visits: bigint; followed: bigint; stray_links: bigint }>(db, `
      SELECT count(*) FILTER (WHERE a.admission_source = '急诊') AS via_ed,
             count(*) FILTER (WHERE a.admission_source = '急诊' AND e.disposition = '收住院' AND e.patient_id = a.patient_id
                                AND e.departure_ts <= a.admit_ts AND e.arrival_ts > a.admit_ts - INTERVAL 1 DAY) AS linked,
             (SELECT count(*) FROM clean_emergency WHERE disposition = '收住院') AS admitted_visits,
             (SELECT count(*) FROM clean_emergency v WHERE disposition = '收住院'
                AND (SELECT count(*) FROM clean_admissions x WHERE x.ed_visit_id = v.ed_visit_id) = 1) AS followed,
             count(*) FILTER (WHERE a.admission_source <> '急诊' AND a.ed_visit_id IS NOT NULL) AS stray_links
      FROM clean_admissions a LEFT JOIN clean_emergency e USING (ed_visit_id)`);
    expect(Number(links!.via_ed)).toBeGreaterThan(0);
    expect(Number(links!.linked)).toBe(Number(links!.via_ed));
    expect(Number(links!.followed)).toBe(Number(links!.admitted_visits));
    expect(Number(links!.stray_links)).toBe(0);
  });

  it('chains transfers: each leaves the ward the patient is in, during the stay; several per stay and out of the ICU', async () => {
    const [chains] = await sqlRows<{ broken: bigint; outside: bigint; wrong_discharge: bigint; multi: bigint; out_of_icu: bigint; into_icu: bigint }>(db, `
      WITH ordered AS (
        SELECT t.*, a.admit_ts, a.discharge_ts, a.admit_ward_code,
               lag(t.to_ward_code) OVER (PARTITION BY t.admission_id ORDER BY t.transfer_ts) AS previous_ward,
               count(*) OVER (PARTITION BY t.admission_id) AS transfers
        FROM clean_transfers t JOIN clean_admissions a USING (admission_id)
      ), last_ward AS (
        SELECT a.admission_id, a.discharge_ward_code, a.discharge_ts,
               coalesce((SELECT arg_max(t.to_ward_code, t.transfer_ts) FROM clean_transfers t WHERE t.admission_id = a.admission_id), a.admit_ward_code) AS ward
        FROM clean_admissions a
      )
      SELECT count(*) FILTER (WHERE from_ward_code <> coalesce(previous_ward, admit_ward_code) OR from_ward_code = to_ward_code
                                 OR from_dept_code <> split_part(from_ward_code, '-', 1) OR to_dept_code <> split_part(to_ward_code, '-', 1)) AS broken,
             count(*) FILTER (WHERE transfer_ts <= admit_ts OR transfer_ts >= discharge_ts) AS outside,
             (SELECT count(*) FROM last_ward WHERE discharge_ts IS NOT NULL AND discharge_ward_code <> ward) AS wrong_discharge,
             count(DISTINCT admission_id) FILTER (WHERE transfers >= 2) AS multi,
             count(*) FILTER (WHERE from_dept_code = '1001') AS out_of_icu,
             count(*) FILTER (WHERE to_dept_code = '1001') AS into_icu
      FROM ordered`);
    expect(Number(chains!.broken)).toBe(0);
    expect(Number(chains!.outside)).toBe(0);
    expect(Number(chains!.wrong_discharge)).toBe(0);
    expect(Number(chains!.multi)).toBeGreaterThan(0);
    expect(Number(chains!.out_of_icu)).toBeGreaterThan(0);
    expect(Number(chains!.into_icu)).toBeGreaterThan(0);
  });

  it('operates within the stay, and keeps 新生儿科 for babies up to 28 days old', async () => {
    expect(await count(db, `
      SELECT count(*) FROM clean_surgeries s JOIN clean_admissions a USING (admission_id)
      WHERE s.scheduled_ts < a.admit_ts OR coalesce(s.end_ts, s.in_room_ts, s.scheduled_ts) > coalesce(a.discharge_ts, TIMESTAMP 'infinity')
         OR s.patient_id <> a.patient_id`)).toBe(0);
    const [newborns] = await sqlRows<{ stays: bigint; too_old: bigint }>(db, `
      WITH in_neonatal AS (
        SELECT a.patient_id, a.admit_ts AS since, coalesce(a.discharge_ts, DATE '${manifest.to}'::TIMESTAMP) AS until FROM clean_admissions a
        WHERE a.admit_dept_code = '0402' OR a.discharge_dept_code = '0402'
        UNION ALL SELECT a.patient_id, t.transfer_ts, t.transfer_ts FROM clean_transfers t JOIN clean_admissions a USING (admission_id)
        WHERE t.to_dept_code = '0402' OR t.from_dept_code = '0402'
      )
      SELECT count(*) AS stays, count(*) FILTER (WHERE until::DATE - p.born > 28 OR since::DATE < p.born) AS too_old
      FROM in_neonatal n JOIN clean_patients p USING (patient_id)`);
    expect(Number(newborns!.stays)).toBeGreaterThan(0);
    expect(Number(newborns!.too_old)).toBe(0);
  });
});
