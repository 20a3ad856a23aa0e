import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import type { DuckDBConnection } from '@duckdb/node-api';
import { generateHospital, type GenerationManifest } from './generate.ts';
import { departments } from './reference.ts';
import { defectsPerKind } from './defects.ts';
import { openRawExtracts, sqlRows } from './testing/raw-extracts.ts';

const small = { scale: 0.01, seed: 7, end: '2025-12-31' };
let root: string;
let manifest: GenerationManifest;
let db: DuckDBConnection;
let closeDb: () => void;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hbi-generate-'));
  manifest = await generateHospital({ ...small, outDir: join(root, 'a') });
  ({ db, close: closeDb } = await openRawExtracts(join(root, 'a')));
});
afterAll(async () => {
  closeDb?.();
  await rm(root, { recursive: true, force: true });
});

async function fileHashes(dir: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    hashes[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return hashes;
}

describe('determinism', () => {
  it('writes byte-identical files for the same arguments and different data for another seed', async () => {
    await generateHospital({ ...small, outDir: join(root, 'b') });
    await generateHospital({ ...small, seed: 8, outDir: join(root, 'c') });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((dir) => fileHashes(join(root, dir))));
    expect(Object.keys(a!).length).toBe(manifest.extracts.length + 1);
    expect(b).toEqual(a);
    // Reference tables (departments, wards, the DDD table) do not depend on the seed; everything simulated does.
    const seedIndependent = ['his/departments.csv', 'his/wards.csv', 'pharmacy/antibiotic_ddd.ndjson'];
    for (const [file, hash] of Object.entries(a!)) {
      if (seedIndependent.includes(file)) expect(c![file], file).toBe(hash);
      else expect(c![file], file).not.toBe(hash);
    }
  }, 300_000); // two more hospitals: slow on a shared machine

  it('covers the two full years ending on --end', () => {
    expect(manifest.from).toBe('2024-01-01');
    expect(manifest.to).toBe('2025-12-31');
  });
});

describe('extract formats', () => {
  it('writes the outpatient extract as GB18030 with Chinese headers and CRLF line ends', async () => {
    const bytes = await readFile(join(root, 'a', 'his/outpatient_visits.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const text = iconv.decode(bytes, 'gb18030');
    expect(iconv.encode(text, 'gb18030').equals(bytes)).toBe(true);
    expect(text.startsWith('就诊流水号,患者ID,挂号时间,叫号时间,接诊开始时间,接诊结束时间,就诊类型,科室名称,医生工号,医生姓名,费用(元)\r\n')).toBe(true);
    expect(text).toContain('心血管内科');
    expect(text.split('\r\n').length - 2).toBe(manifest.extracts.find((e) => e.name === 'outpatient_visits')!.rows);
  });

  it('writes the bed report as xlsx with one sheet per month and a title row above the header', async () => {
    const sheets = manifest.extracts.find((e) => e.name === 'open_beds')!.sheets;
    expect(sheets).toHaveLength(24);
    expect(sheets![0]).toBe('2024-01');
    const [first] = await sqlRows<{ n: bigint }>(db, `SELECT count(*) AS n FROM open_beds WHERE _sheet = '2024-01' AND _row = 3`);
    expect(Number(first!.n)).toBe(1);
  });

  it('gives every extract exactly the rows the manifest counts', async () => {
    for (const extract of manifest.extracts) {
      const [count] = await sqlRows<{ n: bigint }>(db, `SELECT count(*) AS n FROM "${extract.name}"`);
      expect(Number(count!.n), extract.name).toBe(extract.rows);
      const columns = await sqlRows<{ column_name: string }>(db, `SELECT column_name FROM (DESCRIBE "${extract.name}") WHERE column_name NOT IN ('_row', '_sheet')`);
      expect(columns.map((c) => c.column_name), extract.name).toEqual(Object.keys(extract.columns));
    }
  });
});

/** Every rule a clean row keeps; a defect row breaks exactly the rule of its kind. */
const timestamp = (column: string) => `try_strptime(${column}, ['%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M'])`;
const duplicates = (table: string, key: string) =>
  `SELECT _row, 'duplicate_id' AS kind FROM (SELECT _row, row_number() OVER (PARTITION BY ${key} ORDER BY _row) AS n FROM ${table}) WHERE n > 1`;
const departmentNames = departments.flatMap((d) => [d.name, ...(d.alias ? [d.alias] : [])]).map((n) => `'${n}'`).join(', ');
const checkDigit = (id: string) =>
  `'10X98765432'[1 + (list_sum(list_transform(range(1, 18), lambda i: (${id}[i]::INT) * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i])) % 11)::INT]`;

const rules: Record<string, string[]> = {
  patients: [
    duplicates('patients', 'patient_id'),
    `SELECT _row, 'bad_date' AS kind FROM patients WHERE try_strptime(birth_date, '%Y-%m-%d') IS NULL`,
    `SELECT _row, 'invalid_id_number' AS kind FROM patients WHERE NOT regexp_full_match(id_number, '[0-9]{17}[0-9X]') OR right(id_number, 1) <> ${checkDigit('id_number')}`,
  ],
  outpatient_visits: [
    duplicates('outpatient_visits', '"就诊流水号"'),
    `SELECT _row, 'bad_date' AS kind FROM outpatient_visits WHERE ${timestamp('"挂号时间"')} IS NULL`,
    `SELECT _row, 'negative_amount' AS kind FROM outpatient_visits WHERE "费用(元)"::DECIMAL(12, 2) < 0`,
    `SELECT _row, 'unknown_department' AS kind FROM outpatient_visits WHERE "科室名称" NOT IN (${departmentNames})`,
  ],
  emergency_visits: [
    `SELECT _row, 'bad_date' AS kind FROM emergency_visits WHERE ${timestamp('arrival_time')} IS NULL`,
    `SELECT _row, 'out_of_range' AS kind FROM emergency_visits WHERE triage_level NOT IN ('1', '2', '3', '4')`,
    `SELECT _row, 'time_order' AS kind FROM emergency_visits WHERE ${timestamp('departure_time')} < ${timestamp('arrival_time')}`,
  ],
  admissions: [
    duplicates('admissions', 'admission_id'),
    `SELECT _row, 'bad_date' AS kind FROM admissions WHERE ${timestamp('admit_time')} IS NULL`,
    `SELECT _row, 'unknown_department' AS kind FROM admissions WHERE admit_dept_code NOT IN (SELECT dept_code FROM departments)`,
    `SELECT _row, 'discharge_before_admission' AS kind FROM admissions WHERE ${timestamp('discharge_time')} < ${timestamp('admit_time')}`,
  ],
  transfers: [`SELECT _row, 'unknown_ward' AS kind FROM transfers WHERE to_ward_code NOT IN (SELECT ward_code FROM wards)`],
  open_beds: [
    `SELECT _sheet, _row, 'bad_date' AS kind FROM open_beds WHERE try_strptime("日期", '%Y-%m-%d') IS NULL`,
    `SELECT _sheet, _row, 'unknown_ward' AS kind FROM open_beds WHERE "病区编码" NOT IN (SELECT ward_code FROM wards)`,
  ],
  lab_results: [
    duplicates('lab_results', 'result_id'),
    `SELECT _row, 'time_order' AS kind FROM lab_results WHERE notified_time < verified_time`,
    `SELECT _row, 'unknown_department' AS kind FROM lab_results WHERE is_critical AND notified_dept_code NOT IN (SELECT dept_code FROM departments)`,
  ],
  antibiotic_administrations: [
    `SELECT _row, 'negative_amount' AS kind FROM antibiotic_administrations WHERE dose_g < 0`,
    `SELECT _row, 'unknown_code' AS kind FROM antibiotic_administrations WHERE atc_code NOT IN (SELECT atc_code FROM antibiotic_ddd)`,
    `SELECT _row, 'bad_date' AS kind FROM antibiotic_administrations WHERE try_strptime(admin_time, '%Y-%m-%d %H:%M:%S') IS NULL`,
  ],
  drug_inventory: [
    `SELECT _row, 'negative_amount' AS kind FROM drug_inventory WHERE stock_qty::BIGINT < 0`,
    `SELECT _row, 'bad_date' AS kind FROM drug_inventory WHERE try_strptime(snapshot_date, '%Y%m%d') IS NULL`,
  ],
  surgeries: [
    duplicates('surgeries', 'surgery_id'),
    `SELECT _row, 'time_order' AS kind FROM surgeries WHERE ${timestamp('end_time')} < ${timestamp('start_time')}`,
    `SELECT _row, 'unknown_department' AS kind FROM surgeries WHERE dept_code NOT IN (SELECT dept_code FROM departments)`,
  ],
  infection_reports: [
    `SELECT _sheet, _row, 'bad_date' AS kind FROM infection_reports WHERE try_strptime("感染日期", '%Y-%m-%d') IS NULL`,
    `SELECT _sheet, _row, 'unknown_department' AS kind FROM infection_reports WHERE "科室编码" NOT IN (SELECT dept_code FROM departments)`,
  ],
};

describe('defect manifest', () => {
  it('lists exactly the rows that break a rule, each with the value in the file', async () => {
    for (const extract of manifest.extracts) {
      const found = (await Promise.all((rules[extract.name] ?? []).map((sql) => sqlRows<{ _sheet?: string; _row: bigint; kind: string }>(db, sql))))
        .flat()
        .map((r) => `${r._sheet ?? ''}${Number(r._row)}:${r.kind}`)
        .sort();
      const listed = manifest.defects.filter((d) => d.extract === extract.name).map((d) => `${d.sheet ?? ''}${d.row}:${d.kind}`).sort();
      expect(found, extract.name).toEqual(listed);
    }
  });

  it('names the sheet, row and column of xlsx defects and the value found there', async () => {
    for (const defect of manifest.defects) {
      const where = defect.sheet ? `_sheet = '${defect.sheet}' AND _row = ${defect.row}` : `_row = ${defect.row}`;
      const [cell] = await sqlRows<{ value: unknown }>(db, `SELECT "${defect.column}"::VARCHAR AS value FROM "${defect.extract}" WHERE ${where}`);
      expect(cell, `${defect.extract} row ${defect.row}`).toBeDefined();
      if (defect.kind !== 'time_order') expect(String(cell!.value), `${defect.extract} ${defect.column} row ${defect.row}`).toBe(defect.value);
    }
  });

  it('injects a small, known number of each kind', () => {
    const perKind = new Map<string, number>();
    for (const d of manifest.defects) perKind.set(`${d.extract}/${d.kind}`, (perKind.get(`${d.extract}/${d.kind}`) ?? 0) + 1);
    expect([...perKind.values()].every((n) => n === defectsPerKind)).toBe(true);
    expect(new Set(manifest.defects.map((d) => d.kind))).toEqual(new Set([
      'duplicate_id', 'bad_date', 'invalid_id_number', 'negative_amount', 'unknown_department', 'unknown_ward',
      'unknown_code', 'out_of_range', 'time_order', 'discharge_before_admission',
    ]));
  });
});

describe('referential integrity of clean rows', () => {
  const orphans: [string, string][] = [
    ['admissions → patients', `SELECT count(*) FROM admissions WHERE patient_id NOT IN (SELECT patient_id FROM patients)`],
    ['admissions → wards', `SELECT count(*) FROM admissions WHERE admit_ward_code NOT IN (SELECT ward_code FROM wards) OR (discharge_ward_code IS NOT NULL AND discharge_ward_code NOT IN (SELECT ward_code FROM wards))`],
    ['admissions → doctors', `SELECT count(*) FROM admissions WHERE attending_doctor_code NOT IN (SELECT doctor_code FROM doctors)`],
    ['outpatient → patients, doctors', `SELECT count(*) FROM outpatient_visits WHERE "患者ID" NOT IN (SELECT patient_id FROM patients) OR "医生工号" NOT IN (SELECT doctor_code FROM doctors)`],
    ['emergency → patients', `SELECT count(*) FROM emergency_visits WHERE patient_id NOT IN (SELECT patient_id FROM patients)`],
    ['transfers → admissions', `SELECT count(*) FROM transfers WHERE admission_id NOT IN (SELECT admission_id FROM admissions)`],
    ['lab → admissions', `SELECT count(*) FROM lab_results WHERE admission_id NOT IN (SELECT admission_id FROM admissions)`],
    ['antibiotics → admissions, wards', `SELECT count(*) FROM antibiotic_administrations WHERE admission_id NOT IN (SELECT admission_id FROM admissions) OR ward_code NOT IN (SELECT ward_code FROM wards)`],
    ['surgeries → admissions, doctors', `SELECT count(*) FROM surgeries WHERE admission_id NOT IN (SELECT admission_id FROM admissions) OR surgeon_code NOT IN (SELECT doctor_code FROM doctors)`],
    ['infections → admissions', `SELECT count(*) FROM infection_reports WHERE "住院号" NOT IN (SELECT admission_id FROM admissions)`],
    ['wards → departments', `SELECT count(*) FROM wards WHERE dept_code NOT IN (SELECT dept_code FROM departments)`],
  ];
  it.each(orphans)('%s', async (_name, sql) => {
    const [row] = await sqlRows<Record<string, bigint>>(db, sql);
    expect(Number(Object.values(row!)[0])).toBe(0);
  });

  it('keeps every admission row consistent: one key per stay, patients in hospital at the end have no discharge', async () => {
    const [row] = await sqlRows<{ open: bigint; statusless: bigint }>(db, `
      SELECT count(*) FILTER (WHERE discharge_time IS NULL) AS open,
             count(*) FILTER (WHERE discharge_time IS NOT NULL AND discharge_status IS NULL) AS statusless FROM admissions`);
    expect(Number(row!.open)).toBeGreaterThan(0);
    expect(Number(row!.statusless)).toBe(0);
  });
});

describe('plausible distributions', () => {
  it('keeps monthly bed occupancy between about 80% and 105%', async () => {
    const months = await sqlRows<{ month: string; occupancy: number }>(db, `
      SELECT left("日期", 7) AS month, sum("现有人数") / sum("实际开放床位") AS occupancy
      FROM open_beds WHERE try_strptime("日期", '%Y-%m-%d') IS NOT NULL AND "病区编码" IN (SELECT ward_code FROM wards)
      GROUP BY month ORDER BY month`);
    expect(months).toHaveLength(24);
    for (const { month, occupancy } of months) {
      expect(occupancy, month).toBeGreaterThan(0.74);
      expect(occupancy, month).toBeLessThan(1.1);
    }
    const mean = months.reduce((sum, m) => sum + m.occupancy, 0) / months.length;
    expect(mean).toBeGreaterThan(0.85);
    expect(mean).toBeLessThan(1.0);
  });

  it('gives each department its own length of stay', async () => {
    const rows = await sqlRows<{ dept: string; alos: number; n: bigint }>(db, `
      SELECT admit_dept_code AS dept, count(*) AS n,
             avg(greatest(1, date_diff('day', ${timestamp('admit_time')}::DATE, ${timestamp('discharge_time')}::DATE))) AS alos
      FROM admissions WHERE discharge_time IS NOT NULL AND admit_dept_code = discharge_dept_code GROUP BY dept`);
    const profile = new Map(departments.map((d) => [d.code, d.meanLos]));
    for (const { dept, alos, n } of rows) {
      if (dept === '9999' || Number(n) < 200) continue;
      expect(alos, dept).toBeGreaterThan(profile.get(dept)! * 0.75);
      expect(alos, dept).toBeLessThan(profile.get(dept)! * 1.3);
    }
    const byDept = new Map(rows.map((r) => [r.dept, r.alos]));
    expect(byDept.get('0601')!).toBeGreaterThan(2 * byDept.get('0501')!); // rehabilitation ≫ ophthalmology
  });

  it('shows the weekday pattern, the winter respiratory peak and the Spring Festival dip', async () => {
    const [week] = await sqlRows<{ monday: number; sunday: number }>(db, `
      SELECT count(*) FILTER (WHERE isodow(${timestamp('"挂号时间"')}) = 1) / 104 AS monday,
             count(*) FILTER (WHERE isodow(${timestamp('"挂号时间"')}) = 7) / 104 AS sunday FROM outpatient_visits`);
    expect(week!.monday).toBeGreaterThan(2 * week!.sunday);
    const [season] = await sqlRows<{ winter: number; summer: number }>(db, `
      SELECT count(*) FILTER (WHERE month(${timestamp('admit_time')}) IN (12, 1))::DOUBLE AS winter,
             count(*) FILTER (WHERE month(${timestamp('admit_time')}) IN (6, 7))::DOUBLE AS summer
      FROM admissions WHERE admit_dept_code IN ('0102', '0401') AND year(${timestamp('admit_time')}) BETWEEN 2024 AND 2025`);
    expect(season!.winter).toBeGreaterThan(1.15 * season!.summer);
    // Spring Festival 2025 fell on 29 January: its week against the weeks around it.
    const [festival] = await sqlRows<{ festival: number; around: number }>(db, `
      WITH daily AS (SELECT ${timestamp('"挂号时间"')}::DATE AS day, count(*) AS n FROM outpatient_visits GROUP BY day)
      SELECT avg(n) FILTER (WHERE day BETWEEN DATE '2025-01-28' AND DATE '2025-02-03') AS festival,
             avg(n) FILTER (WHERE day BETWEEN DATE '2025-01-06' AND DATE '2025-01-19' OR day BETWEEN DATE '2025-02-17' AND DATE '2025-03-02') AS around
      FROM daily`);
    expect(festival!.festival).toBeLessThan(0.5 * festival!.around);
  });

  it('grows mildly year on year', async () => {
    const [growth] = await sqlRows<{ y2024: bigint; y2025: bigint }>(db, `
      SELECT count(*) FILTER (WHERE year(${timestamp('"挂号时间"')}) = 2024) AS y2024,
             count(*) FILTER (WHERE year(${timestamp('"挂号时间"')}) = 2025) AS y2025 FROM outpatient_visits`);
    const ratio = Number(growth!.y2025) / Number(growth!.y2024);
    expect(ratio).toBeGreaterThan(1.02);
    expect(ratio).toBeLessThan(1.12);
  });

  it('puts antibiotic use density near 40 DDDs per 100 patient-days', async () => {
    const [aud] = await sqlRows<{ density: number }>(db, `
      SELECT (SELECT sum(a.dose_g / d.ddd_g) FROM antibiotic_administrations a JOIN antibiotic_ddd d USING (atc_code, route) WHERE a.dose_g > 0)
             * 100 / (SELECT sum("现有人数") FROM open_beds WHERE "病区编码" IN (SELECT ward_code FROM wards) AND try_strptime("日期", '%Y-%m-%d') IS NOT NULL) AS density`);
    expect(aud!.density).toBeGreaterThan(30);
    expect(aud!.density).toBeLessThan(50);
  });

  it('notifies most critical values within 15 minutes, with a tail', async () => {
    const [critical] = await sqlRows<{ median: number; late: number; share: number }>(db, `
      SELECT median(date_diff('second', verified_time, notified_time)) / 60 AS median,
             avg((date_diff('second', verified_time, notified_time) > 900)::INT) AS late,
             (SELECT avg(is_critical::INT) FROM lab_results) AS share
      FROM lab_results WHERE is_critical AND notified_time >= verified_time`);
    expect(critical!.median).toBeGreaterThan(3);
    expect(critical!.median).toBeLessThan(10);
    expect(critical!.late).toBeGreaterThan(0.03);
    expect(critical!.late).toBeLessThan(0.3);
    expect(critical!.share).toBeGreaterThan(0.005);
  });

  it('codes gender differently per system, as real extracts do', async () => {
    const values = async (sql: string) => (await sqlRows<{ v: string }>(db, sql)).map((r) => r.v).sort();
    expect(await values('SELECT DISTINCT gender AS v FROM patients')).toEqual(['女', '男']);
    expect(await values('SELECT DISTINCT gender AS v FROM admissions')).toEqual(['1', '2']);
    expect(await values('SELECT DISTINCT gender AS v FROM emergency_visits')).toEqual(['F', 'M']);
    const [aliases] = await sqlRows<{ n: bigint }>(db, `SELECT count(*) AS n FROM outpatient_visits WHERE "科室名称" = '心内科'`);
    expect(Number(aliases!.n)).toBeGreaterThan(0);
  });
});

describe('documentation', () => {
  it('documents every extract, column and defect kind in examples/hospital/README.md', async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    for (const extract of manifest.extracts) {
      expect(readme, extract.name).toContain(`\`extracts/${extract.file}\``);
      for (const column of Object.keys(extract.columns)) expect(readme, `${extract.name}.${column}`).toContain(`\`${column}\``);
    }
    for (const kind of new Set(manifest.defects.map((d) => d.kind))) expect(readme, kind).toContain(`\`${kind}\``);
  });
});
