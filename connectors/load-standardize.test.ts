// Standardization: text as departments export it (padded, empty, local codes, several date
// styles, 是/否) becomes typed, standard values; what cannot be read is rejected, saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from './load-report.ts';
import { createTestProject, type TestProject } from './test-project.ts';

let project: TestProject;
let report: LoadReport;

const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n') + '\n';

beforeAll(async () => {
  project = await createTestProject();
  await project.write('datasets/dictionaries.yaml', [
    'gender: { title: 性别, map: { 男: M, 女: F, "1": M, "2": F } }',
    'ward: { map: { 一病区: W1, 二病区: W2 } }',
  ].join('\n'));
  await project.spec('readings', `name: readings
source: { format: csv, path: extracts/readings.csv }
rejectThreshold: 1
columns:
  - { name: id, type: string }
  - { name: code, type: string }
  - { name: note, type: string }
  - { name: padded, source: note, type: string, trim: false }
  - { name: gender, source: 性别, type: string, codes: gender }
  - { name: ward, source: 病区, type: string, codes: ward, unmapped: keep }
  - { name: day_first, source: 日期, type: date, formats: ['%d/%m/%Y', '%m/%d/%Y', '%Y年%m月%d日'] }
  - { name: month_first, source: 日期, type: date, formats: ['%m/%d/%Y', '%d/%m/%Y', '%Y年%m月%d日'] }
  - { name: count, type: integer }
  - { name: price, type: decimal }
  - { name: insured, source: 医保, type: boolean }
`);
  await project.write('extracts/readings.csv', csvOf([
    ['id', 'code', 'note', '性别', '病区', '日期', 'count', 'price', '医保'],
    ['r1', '  A  ', ' x ', '男', '一病区', '02/01/2024', '42', '12.345', '是'],
    ['r2', 'B', '', ' 2 ', '三病区', '13/01/2024', ' -7 ', '0.5', '否'],
    ['r3', '', '   ', '', '', '2024年3月5日', '', '', 'Y'],
    ['r4', 'C', 'y', '女', '二病区', '', '0', '-3', 'false'],
    ['r5', 'D', 'z', '未知', '一病区', '01/01/2024', '1', '1', '1'],
    ['r6', 'E', 'z', '男', '一病区', '2024-02-30', '4.5', '1.2.3', '也许'],
  ]));
  report = (await project.load())[0]!;
});
afterAll(async () => project?.remove());

describe('standardization', () => {
  it('trims, turns empty text into NULL, maps codes and parses types', async () => {
    expect(await project.rows(`
      SELECT id, code, note, padded, gender, ward, day_first, month_first, count, price::VARCHAR AS price, insured
      FROM readings WHERE id IN ('r1', 'r2', 'r3', 'r4') ORDER BY id`)).toEqual([
      { id: 'r1', code: 'A', note: 'x', padded: ' x ', gender: 'M', ward: 'W1', day_first: '2024-01-02', month_first: '2024-02-01', count: '42', price: '12.3450', insured: true },
      { id: 'r2', code: 'B', note: null, padded: null, gender: 'F', ward: '三病区', day_first: '2024-01-13', month_first: '2024-01-13', count: '-7', price: '0.5000', insured: false },
      { id: 'r3', code: null, note: null, padded: '   ', gender: null, ward: null, day_first: '2024-03-05', month_first: '2024-03-05', count: null, price: null, insured: true },
      { id: 'r4', code: 'C', note: 'y', padded: 'y', gender: 'F', ward: 'W2', day_first: null, month_first: null, count: '0', price: '-3.0000', insured: false },
    ]);
  });

  it('types the published columns', async () => {
    const types = await project.rows(`SELECT column_name AS c, data_type AS t FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'readings' ORDER BY column_index`);
    expect(Object.fromEntries(types.map(({ c, t }) => [c, t]))).toEqual({
      id: 'VARCHAR', code: 'VARCHAR', note: 'VARCHAR', padded: 'VARCHAR', gender: 'VARCHAR', ward: 'VARCHAR', day_first: 'DATE', month_first: 'DATE',
      count: 'BIGINT', price: 'DECIMAL(18,4)', insured: 'BOOLEAN',
    });
  });

  it('rejects a code the dictionary lacks, naming the value and the dictionary, unless unmapped: keep', () => {
    const unmapped = report.rejects.find((r) => r.rule === 'unmapped_code');
    expect(unmapped).toEqual({
      rule: 'unmapped_code', column: 'gender', rows: 1,
      examples: [{
        file: 'extracts/readings.csv', sheet: null, row: 5, column: 'gender', value: '未知',
        message: 'gender (性别): 未知 is not in the code dictionary "gender"; add it to datasets/dictionaries.yaml or fix the extract',
      }],
    });
    expect(report.rejects.filter((r) => r.column === 'ward')).toEqual([]);
  });

  it('rejects text that is not of the column\'s type, saying what was expected', () => {
    const found = report.rejects.filter((r) => r.rule !== 'unmapped_code').flatMap((r) => r.examples.map((e) => [r.rule, e.row, e.column, e.value, e.message]));
    expect(found.sort()).toEqual([
      ['invalid_boolean', 6, 'insured', '也许', 'insured (医保): 也许 is not a valid boolean'],
      ['invalid_date', 6, 'day_first', '2024-02-30', 'day_first (日期): 2024-02-30 is not a valid date (formats tried: %d/%m/%Y | %m/%d/%Y | %Y年%m月%d日)'],
      ['invalid_date', 6, 'month_first', '2024-02-30', 'month_first (日期): 2024-02-30 is not a valid date (formats tried: %m/%d/%Y | %d/%m/%Y | %Y年%m月%d日)'],
      ['invalid_decimal', 6, 'price', '1.2.3', 'price: 1.2.3 is not a valid decimal'],
      ['invalid_integer', 6, 'count', '4.5', 'count: 4.5 is not a valid integer'],
    ]);
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 6, rowsRejected: 2, rowsLoaded: 4 });
  });

  it('keeps every reason of a rejected row, with its source text', async () => {
    const [row] = await project.rows(`SELECT "row", list_transform(reasons, lambda r: r.rule) AS rules, source::VARCHAR AS source FROM rejects.readings WHERE "row" = 6`);
    expect(row!.rules).toEqual(['invalid_date', 'invalid_date', 'invalid_integer', 'invalid_decimal', 'invalid_boolean']);
    expect(JSON.parse(String(row!.source))).toMatchObject({ id: 'r6', code: 'E', count: '4.5', price: '1.2.3', 医保: '也许' });
  });
});
