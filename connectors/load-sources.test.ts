// Every file format a hospital sends, read into the warehouse with the right values, and rejected
// rows located by file, sheet and row as a person would find them in the original.
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from './load-report.ts';
import { createTestProject, withScratchDuckDb, type TestProject } from './test-project.ts';

let project: TestProject;
let reports: Map<string, LoadReport>;

const report = (dataset: string) => {
  const found = reports.get(dataset);
  if (!found) throw new Error(`no report for ${dataset}`);
  return found;
};

/** Where each rejected row was found, as file:row or file/sheet:row. */
const rejectedAt = (dataset: string) =>
  report(dataset).rejects.flatMap((r) => r.examples.map((e) => `${e.file}${e.sheet ? `/${e.sheet}` : ''}:${e.row}:${r.rule}`)).sort();

async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) book.addWorksheet(sheet.name).addRows(sheet.rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const visitColumns = `columns:
  - { name: visit_id, source: 编号, type: string, required: true }
  - { name: patient, source: 姓名, type: string }
  - { name: visited_on, source: 日期, type: date }
  - { name: amount, source: 金额, type: decimal }
rejectThreshold: 0.5
`;

beforeAll(async () => {
  project = await createTestProject();
  const csv = (name: string, path: string, extra = '', columns = 'columns:\n  - { name: id, type: string, required: true }\n  - { name: note, type: string }\nrejectThreshold: 0.5\n') =>
    project.spec(name, `name: ${name}\nsource: { format: csv, path: ${path}${extra} }\n${columns}`);

  await project.write('extracts/bom.csv', '\uFEFFid,note\r\nA1,first\r\nA2, second \r\n');
  await csv('bom', 'extracts/bom.csv');

  await project.write('extracts/quoted.csv', 'id,note\n1,"a, b"\n2,"line one\nline two"\n,"say ""hi"""\n4,plain\n');
  await csv('quoted', 'extracts/quoted.csv');

  await project.write('extracts/tabs.tsv', 'id\tnote\nT1\ta, b\nT2\t"quoted"\n');
  await project.spec('tabs', 'name: tabs\nsource: { format: tsv, path: extracts/tabs.tsv }\ncolumns: [{ name: id, type: string }, { name: note, type: string }]\n');

  await project.write('extracts/zipped.csv.gz', gzipSync('id,note\nZ1,packed\nZ2,\n'));
  await csv('zipped', 'extracts/zipped.csv.gz');

  const chinese = '编号,姓名,日期,金额\nV1,张三,2024-03-01,12.50\nV2,𪚥李,2024-03-02,8\n,王五,2024-03-03,1\n';
  await project.write('extracts/gb18030.csv', iconv.encode(chinese, 'gb18030'));
  await project.spec('gb18030', `name: gb18030\nsource: { format: csv, path: extracts/gb18030.csv, encoding: gb18030 }\n${visitColumns}`);
  await project.write('extracts/gbk.csv.gz', gzipSync(iconv.encode(chinese.replace('𪚥', '赵'), 'gbk')));
  await project.spec('gbk', `name: gbk\nsource: { format: csv, path: extracts/gbk.csv.gz, encoding: gbk }\n${visitColumns}`);

  const header = ['编号', '姓名', '日期', '金额'];
  await project.write('extracts/months.xlsx', await workbook([
    { name: '一月', rows: [['门诊收费日志 2024年1月'], header, ['X1', '张三', new Date(Date.UTC(2024, 0, 5)), 12.5], ['X2', '李四', '2024-01-06', 3]] },
    { name: '二月', rows: [['门诊收费日志 2024年2月'], header, ['X3', '王五', new Date(Date.UTC(2024, 1, 1)), 7], [null, '赵六', null, 1], [], ['X5', '孙七', null, null]] },
  ]));
  await project.spec('months', `name: months\nsource: { format: xlsx, path: extracts/months.xlsx, sheet: '*', headerRow: 2 }\n${visitColumns}`);
  await project.write('extracts/report.xlsx', await workbook([
    { name: '汇总', rows: [['合计', 100]] },
    { name: '明细', rows: [header, ['D1', '周八', '2024-02-03', '5.25']] },
  ]));
  await project.spec('named_sheet', `name: named_sheet\nsource: { format: xlsx, path: extracts/report.xlsx, sheet: 明细 }\n${visitColumns}`);

  await withScratchDuckDb(`COPY (
      SELECT * FROM (VALUES (1::INTEGER, DATE '2024-01-02', 3.25::DOUBLE, TIMESTAMP '2024-01-02 08:30:00', true, 'a'),
                            (2, NULL, -1, NULL, false, NULL)) t(id, day, amount, seen_at, flag, note)
    ) TO '${await project.write('extracts/typed.parquet', '')}' (FORMAT parquet)`);
  await project.spec('typed', `name: typed
source: { format: parquet, path: extracts/typed.parquet }
columns:
  - { name: id, type: integer }
  - { name: day, type: date }
  - { name: amount, type: decimal, min: 0 }
  - { name: seen_at, type: timestamp }
  - { name: flag, type: boolean }
  - { name: note, type: string }
rejectThreshold: 0.5
`);

  await project.write('extracts/array.json', JSON.stringify([{ id: 'J1', note: 'x', n: 1 }, { id: 'J2', note: null, n: 2.5 }, { note: 'no id' }]));
  await project.spec('json_array', 'name: json_array\nsource: { format: json, path: extracts/array.json }\ncolumns: [{ name: id, type: string, required: true }, { name: note, type: string }, { name: n, type: decimal }]\nrejectThreshold: 0.5\n');
  await project.write('extracts/lines.ndjson', '{"id": "N1", "n": 7}\n{"id": "N2", "n": "8"}\n{"id": null, "n": 9}\n');
  await project.spec('lines', 'name: lines\nsource: { format: ndjson, path: extracts/lines.ndjson }\ncolumns: [{ name: id, type: string, required: true }, { name: n, type: integer }]\nrejectThreshold: 0.5\n');

  await project.write('extracts/daily/visits_2024-01-01.csv', 'id,note\nG1,a\n,b\n');
  await project.write('extracts/daily/visits_2024-01-02.csv', 'id,note\n,c\nG4,d\nG5,e\n');
  await csv('daily', 'extracts/daily/visits_*.csv');
  await project.write('extracts/mixed/part_1.csv', 'id,note\nM1,a\n');
  await project.write('extracts/mixed/part_2.csv', 'id,remark\nM2,b\n');
  await csv('mixed', 'extracts/mixed/part_*.csv');

  reports = new Map((await project.load()).map((r) => [r.dataset, r]));
});
afterAll(async () => project?.remove());

describe('file sources', () => {
  it('reads UTF-8 CSV with a byte-order mark and CRLF line ends, trimming values', async () => {
    expect(report('bom')).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 2, files: [{ path: 'extracts/bom.csv', rows: 2 }] });
    expect(await project.rows('SELECT id, note FROM bom ORDER BY id')).toEqual([{ id: 'A1', note: 'first' }, { id: 'A2', note: 'second' }]);
  });

  it('reads quoted commas, quotes and line breaks, and counts records, not lines', async () => {
    expect(await project.rows('SELECT id, note FROM quoted ORDER BY id')).toEqual([
      { id: '1', note: 'a, b' }, { id: '2', note: 'line one\nline two' }, { id: '4', note: 'plain' },
    ]);
    expect(rejectedAt('quoted')).toEqual(['extracts/quoted.csv:3:required']);
  });

  it('reads TSV, where commas are data', async () => {
    expect(await project.rows('SELECT id, note FROM tabs ORDER BY id')).toEqual([{ id: 'T1', note: 'a, b' }, { id: 'T2', note: 'quoted' }]);
  });

  it('reads gzip-compressed CSV', async () => {
    expect(report('zipped')).toMatchObject({ status: 'loaded', rowsRead: 2 });
    expect(await project.rows('SELECT id, note FROM zipped ORDER BY id')).toEqual([{ id: 'Z1', note: 'packed' }, { id: 'Z2', note: null }]);
  });

  it.each(['gb18030', 'gbk'])('reads %s CSV with Chinese headers', async (dataset) => {
    expect(report(dataset)).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await project.rows(`SELECT visit_id, patient, visited_on, amount::VARCHAR AS amount FROM ${dataset} ORDER BY visit_id`)).toEqual([
      { visit_id: 'V1', patient: '张三', visited_on: '2024-03-01', amount: '12.5000' },
      { visit_id: 'V2', patient: dataset === 'gb18030' ? '𪚥李' : '赵李', visited_on: '2024-03-02', amount: '8.0000' },
    ]);
    expect(rejectedAt(dataset)).toEqual([`extracts/${dataset === 'gbk' ? 'gbk.csv.gz' : 'gb18030.csv'}:3:required`]);
    const [rejected] = await project.rows(`SELECT source::VARCHAR AS source FROM rejects.${dataset}`);
    expect(JSON.parse(String(rejected!.source))).toEqual({ 编号: null, 姓名: '王五', 日期: '2024-03-03', 金额: '1' });
  });

  it('reads every sheet of a workbook below its title row, with Excel row numbers', async () => {
    expect(report('months')).toMatchObject({ status: 'loaded', rowsRead: 5, rowsLoaded: 4 });
    expect(await project.rows('SELECT visit_id, patient, visited_on, amount::DOUBLE AS amount FROM months ORDER BY visit_id')).toEqual([
      { visit_id: 'X1', patient: '张三', visited_on: '2024-01-05', amount: 12.5 },
      { visit_id: 'X2', patient: '李四', visited_on: '2024-01-06', amount: 3 },
      { visit_id: 'X3', patient: '王五', visited_on: '2024-02-01', amount: 7 },
      { visit_id: 'X5', patient: '孙七', visited_on: null, amount: null },
    ]);
    expect(rejectedAt('months')).toEqual(['extracts/months.xlsx/二月:4:required']);
  });

  it('reads only the named sheet of a workbook', async () => {
    expect(report('named_sheet')).toMatchObject({ status: 'loaded', rowsRead: 1 });
    expect(await project.rows('SELECT visit_id, amount::VARCHAR AS amount FROM named_sheet')).toEqual([{ visit_id: 'D1', amount: '5.2500' }]);
  });

  it('reads Parquet with its own column types', async () => {
    expect(report('typed')).toMatchObject({ status: 'loaded', rowsRead: 2, rowsLoaded: 1 });
    expect(await project.rows('SELECT id, day, amount::VARCHAR AS amount, seen_at, flag, note FROM typed')).toEqual([
      { id: '1', day: '2024-01-02', amount: '3.2500', seen_at: '2024-01-02 08:30:00', flag: true, note: 'a' },
    ]);
    expect(rejectedAt('typed')).toEqual(['extracts/typed.parquet:2:out_of_range']);
    const types = await project.rows(`SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'typed' ORDER BY column_index`);
    expect(types.map((t) => t.data_type)).toEqual(['BIGINT', 'DATE', 'DECIMAL(18,4)', 'TIMESTAMP', 'BOOLEAN', 'VARCHAR']);
  });

  it('reads a JSON array of objects, numbers as text until typed', async () => {
    expect(await project.rows('SELECT id, note, n::VARCHAR AS n FROM json_array ORDER BY id')).toEqual([
      { id: 'J1', note: 'x', n: '1.0000' }, { id: 'J2', note: null, n: '2.5000' },
    ]);
    expect(rejectedAt('json_array')).toEqual(['extracts/array.json:3:required']);
  });

  it('reads NDJSON, one object per line', async () => {
    expect(await project.rows('SELECT id, n FROM lines ORDER BY id')).toEqual([{ id: 'N1', n: '7' }, { id: 'N2', n: '8' }]);
    expect(rejectedAt('lines')).toEqual(['extracts/lines.ndjson:3:required']);
  });

  it('reads every file a glob matches, numbering rows from 1 in each', async () => {
    expect(report('daily')).toMatchObject({
      status: 'loaded', rowsRead: 5, rowsLoaded: 3,
      files: [{ path: 'extracts/daily/visits_2024-01-01.csv', rows: 2 }, { path: 'extracts/daily/visits_2024-01-02.csv', rows: 3 }],
    });
    expect(rejectedAt('daily')).toEqual(['extracts/daily/visits_2024-01-01.csv:2:required', 'extracts/daily/visits_2024-01-02.csv:1:required']);
    expect(await project.rows('SELECT id FROM daily ORDER BY id')).toEqual([{ id: 'G1' }, { id: 'G4' }, { id: 'G5' }]);
  });

  it('refuses a glob whose files have different columns, naming both', async () => {
    expect(report('mixed').status).toBe('failed');
    expect(report('mixed').message).toBe(
      "extracts/mixed/part_2.csv: its columns (id, remark) differ from extracts/mixed/part_1.csv's (id, note). " +
      'Every file a glob matches must have the same columns; split them into separate datasets or fix the export');
    expect(await project.rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'mixed'`)).toEqual([{ n: '0' }]);
  });

  it('leaves no scratch tables or transcoded files behind', async () => {
    expect(await project.rows(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_staging_')`)).toEqual([]);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${project.dir}/data/tmp`)).toEqual([]);
  });
});
