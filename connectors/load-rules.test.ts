// Validation: every rule rejects exactly the rows that break it, under its own name, with the
// file, row, column and value a data steward needs to find and fix the row; clean rows all load.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from './load-report.ts';
import { createTestProject, type TestProject } from './test-project.ts';

let project: TestProject;
let reports: LoadReport[];
const visits = () => reports.find((r) => r.dataset === 'visits')!;

const validId = '11010519491231002X';
const clean = {
  visit_id: '', dept: '0101', age: '40', visit_date: '2024-03-01', status: '门诊', phone: '13800138000', id_number: validId,
  admitted_at: '2024-03-01 08:00', discharged_at: '2024-03-02 10:00',
};
type Visit = typeof clean;

/** Each row breaks at most one rule; its id says which. */
const rows: Partial<Visit>[] = [
  { visit_id: 'V01' },
  { visit_id: 'V02', dept: '' },
  { visit_id: 'V03', dept: '9999' },
  { visit_id: 'V01', age: '41' },
  { visit_id: 'V05', age: '-1' },
  { visit_id: 'V06', age: '121' },
  { visit_id: 'V07', visit_date: '2023-12-31' },
  { visit_id: 'V08', status: '住院' },
  { visit_id: 'V09', phone: '1380013800' },
  { visit_id: 'V10', id_number: '110105194912310021' },
  { visit_id: 'V11', discharged_at: '2024-02-29 23:59' },
  { visit_id: 'V12', age: '0', visit_date: '2024-01-01', id_number: '11010519491231002x', discharged_at: '2024-03-01 08:00' },
  { visit_id: 'V13', age: '120', dept: '0102', phone: '', id_number: '', discharged_at: '' },
  { visit_id: '' },
];

const csvOf = (records: Partial<Visit>[]) =>
  [Object.keys(clean).join(','), ...records.map((r) => Object.values({ ...clean, ...r }).join(','))].join('\n') + '\n';

beforeAll(async () => {
  project = await createTestProject();
  await project.write('extracts/departments.csv', 'dept_code,dept_name\n0101,心内科\n0102,呼吸科\n');
  await project.spec('departments', 'name: departments\nsource: { format: csv, path: extracts/departments.csv }\nkey: [dept_code]\ncolumns: [{ name: dept_code, type: string }, { name: dept_name, type: string }]\n');
  await project.write('extracts/visits.csv', csvOf(rows));
  await project.spec('visits', `name: visits
source: { format: csv, path: extracts/visits.csv }
key: [visit_id]
rejectThreshold: 1
columns:
  - { name: visit_id, type: string }
  - { name: dept_code, source: dept, type: string, required: true, references: departments.dept_code }
  - { name: age, type: integer, min: 0, max: 120 }
  - { name: visit_date, type: date, min: '2024-01-01' }
  - { name: status, type: string, allowed: [门诊, 急诊] }
  - { name: phone, type: string, pattern: '1[3-9][0-9]{9}', pii: phone }
  - { name: id_number, type: string, check: cn_id_number, pii: id_number }
  - { name: admitted_at, type: timestamp }
  - { name: discharged_at, type: timestamp }
rules:
  - { column: discharged_at, op: '>=', other: admitted_at, message: discharge cannot be before admission }
`);
  reports = await project.load();
});
afterAll(async () => project?.remove());

describe('validation rules', () => {
  it('rejects each broken row by the rule it breaks, with file, row, column and value', () => {
    const found = visits().rejects.flatMap((r) => r.examples.map((e) => [e.row, r.rule, r.column, e.file, e.column, e.value]));
    expect(found.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual([
      [2, 'required', 'dept_code', 'extracts/visits.csv', 'dept_code', null],
      [3, 'unknown_reference', 'dept_code', 'extracts/visits.csv', 'dept_code', '9999'],
      [4, 'duplicate_key', 'visit_id', 'extracts/visits.csv', 'visit_id', 'V01'],
      [5, 'out_of_range', 'age', 'extracts/visits.csv', 'age', '-1'],
      [6, 'out_of_range', 'age', 'extracts/visits.csv', 'age', '121'],
      [7, 'out_of_range', 'visit_date', 'extracts/visits.csv', 'visit_date', '2023-12-31'],
      [8, 'not_allowed', 'status', 'extracts/visits.csv', 'status', '住院'],
      [9, 'pattern_mismatch', 'phone', 'extracts/visits.csv', 'phone', '1380013800'],
      [10, 'invalid_id_number', 'id_number', 'extracts/visits.csv', 'id_number', '110105194912310021'],
      [11, 'rule_violation', 'discharged_at', 'extracts/visits.csv', 'discharged_at', '2024-02-29 23:59'],
      [14, 'required', 'visit_id', 'extracts/visits.csv', 'visit_id', null],
    ]);
    expect(visits()).toMatchObject({ status: 'loaded', rowsRead: 14, rowsRejected: 11, rowsLoaded: 3 });
  });

  it('says in each message what is wrong and what was expected', () => {
    const message = (rule: string, column: string) => visits().rejects.find((r) => r.rule === rule && r.column === column)!.examples.map((e) => e.message);
    expect(message('required', 'visit_id')).toEqual(['visit_id is empty but required']);
    expect(message('required', 'dept_code')).toEqual(['dept_code (dept) is empty but required']);
    expect(message('unknown_reference', 'dept_code')).toEqual(['dept_code: 9999 is not a dept_code of departments; load departments first or fix the extract']);
    expect(message('duplicate_key', 'visit_id')).toEqual(['duplicate key visit_id: an earlier row has the same value; the first one is kept']);
    expect(message('out_of_range', 'age')).toEqual(['age: -1 is below the minimum 0', 'age: 121 is above the maximum 120']);
    expect(message('out_of_range', 'visit_date')).toEqual(['visit_date: 2023-12-31 is below the minimum 2024-01-01']);
    expect(message('not_allowed', 'status')).toEqual(['status: 住院 is not one of 门诊, 急诊']);
    expect(message('pattern_mismatch', 'phone')).toEqual(['phone: 1380013800 does not match 1[3-9][0-9]{9}']);
    expect(message('invalid_id_number', 'id_number')).toEqual(['id_number: 110105194912310021 is not a valid 18-digit resident ID number (GB 11643 check digit)']);
    expect(message('rule_violation', 'discharged_at')).toEqual([
      'discharge cannot be before admission (discharged_at >= admitted_at): discharged_at 2024-02-29 23:59, admitted_at 2024-03-01 08:00',
    ]);
  });

  it('keeps rejected rows in rejects.<dataset> with the load, location, reasons and source text', async () => {
    const kept = await project.rows(`
      SELECT load_id, file, sheet, "row", list_transform(reasons, lambda r: [r.rule, r."column", r.value]) AS reasons, source::VARCHAR AS source
      FROM rejects.visits ORDER BY "row"`);
    expect(kept).toHaveLength(11);
    expect(kept.every((r) => Number(r.load_id) === visits().loadId && r.file === 'extracts/visits.csv' && r.sheet === null)).toBe(true);
    expect(kept.map((r) => [Number(r.row), r.reasons])).toEqual([
      [2, [['required', 'dept_code', null]]],
      [3, [['unknown_reference', 'dept_code', '9999']]],
      [4, [['duplicate_key', 'visit_id', 'V01']]],
      [5, [['out_of_range', 'age', '-1']]],
      [6, [['out_of_range', 'age', '121']]],
      [7, [['out_of_range', 'visit_date', '2023-12-31']]],
      [8, [['not_allowed', 'status', '住院']]],
      [9, [['pattern_mismatch', 'phone', '1380013800']]],
      [10, [['invalid_id_number', 'id_number', '110105194912310021']]],
      [11, [['rule_violation', 'discharged_at', '2024-02-29 23:59']]],
      [14, [['required', 'visit_id', null]]],
    ]);
    expect(JSON.parse(String(kept[2]!.source))).toEqual({ ...clean, visit_id: 'V01', age: '41' });
  });

  it('never rejects a clean row: edges of ranges, a lower-case x check digit, empty optional values', async () => {
    expect(await project.rows('SELECT visit_id, dept_code, age, id_number, phone, discharged_at FROM visits ORDER BY visit_id')).toEqual([
      { visit_id: 'V01', dept_code: '0101', age: '40', id_number: validId, phone: '13800138000', discharged_at: '2024-03-02 10:00:00' },
      { visit_id: 'V12', dept_code: '0101', age: '0', id_number: '11010519491231002x', phone: '13800138000', discharged_at: '2024-03-01 08:00:00' },
      { visit_id: 'V13', dept_code: '0102', age: '120', id_number: null, phone: null, discharged_at: null },
    ]);
  });

  it('checks references against the referenced dataset as loaded, in dependency order', () => {
    expect(reports.map((r) => [r.dataset, r.status])).toEqual([['departments', 'loaded'], ['visits', 'loaded']]);
  });

  it('rejects every reference when the referenced dataset was never loaded, saying to load it first', async () => {
    const other = await createTestProject();
    try {
      await other.write('extracts/a.csv', 'code\nx\n');
      await other.spec('a', 'name: a\nsource: { format: csv, path: extracts/a.csv }\ncolumns: [{ name: code, type: string, references: b.code }]\nrejectThreshold: 1\n');
      await other.spec('b', 'name: b\nsource: { format: csv, path: extracts/b.csv }\ncolumns: [{ name: code, type: string }]\n');
      const [a] = await other.load('a');
      expect(a!.rejects).toEqual([{ rule: 'unknown_reference', column: 'code', rows: 1, examples: [
        { file: 'extracts/a.csv', sheet: null, row: 1, column: 'code', value: 'x', message: 'b has never been loaded, so code cannot be checked; load b first' },
      ] }]);
    } finally {
      await other.remove();
    }
  });
});
