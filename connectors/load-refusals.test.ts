// Loads that must not publish: too many rejected rows, or a source that cannot be read. Each says
// what is wrong and what to do, is recorded in hbi.loads, and leaves the published table, its rows
// and its data version exactly as they were.
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestProject, type TestProject } from './test-project.ts';

let project: TestProject;
let publishedVersion: number;

const columns = `columns:
  - { name: visit_id, type: string, required: true }
  - { name: patient_id, source: 患者编号, type: string }
  - { name: amount, source: 金额, type: decimal, min: 0 }
`;
const spec = (source: string, extra = '') => project.spec('visits', `name: visits\nsource: ${source}\n${columns}${extra}`);
const csvOf = (rows: string[]) => `visit_id,患者编号,金额\n${rows.join('\n')}\n`;
const cleanRows = (n: number, prefix = 'V') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1},P${i + 1},${i + 1}.5`);

async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  for (const sheet of sheets) book.addWorksheet(sheet.name).addRows(sheet.rows);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** The published table and its catalogue entry, to compare before and after a load that must not publish. */
const published = async () => ({
  rows: await project.rows('SELECT * FROM visits ORDER BY visit_id'),
  catalogue: await project.rows('SELECT data_version, row_count, loaded_at::VARCHAR AS loaded_at FROM hbi.datasets WHERE dataset = \'visits\''),
});

beforeAll(async () => {
  project = await createTestProject();
  await project.write('extracts/visits.csv', csvOf(cleanRows(20)));
  await spec('{ format: csv, path: extracts/visits.csv }');
  const [first] = await project.load();
  expect(first).toMatchObject({ status: 'loaded', rowsLoaded: 20 });
  publishedVersion = first!.dataVersion!;
});
afterAll(async () => project?.remove());

describe('the reject threshold', () => {
  it('loads when the rejected share is at the threshold', async () => {
    await project.write('extracts/at.csv', csvOf([...cleanRows(19, 'A'), 'A20,P20,-1']));
    await project.spec('at_threshold', `name: at_threshold\nsource: { format: csv, path: extracts/at.csv }\n${columns}`);
    const [report] = await project.load('at_threshold');
    expect(report).toMatchObject({ status: 'loaded', rowsRead: 20, rowsRejected: 1, rowsLoaded: 19, message: null });
  });

  it('refuses a load above it, keeping the previous table and data version, and records why', async () => {
    const before = await published();
    await project.write('extracts/visits.csv', csvOf([...cleanRows(18, 'W'), 'W19,P19,-1', ',P20,2']));
    const [report] = await project.load('visits');
    expect(report).toMatchObject({ status: 'refused', rowsRead: 20, rowsRejected: 2, dataVersion: publishedVersion });
    expect(report!.message).toBe('2 of 20 rows (10.0%) were rejected, above the threshold of 5.0%; the previous version of visits stays in place. ' +
      'Fix the extract, or raise rejectThreshold in the spec if this is expected');
    expect(report!.rejects.map((r) => [r.rule, r.column, r.examples[0]!.row])).toEqual([['out_of_range', 'amount', 19], ['required', 'visit_id', 20]]);
    expect(await published()).toEqual(before);
    expect(before.rows.map((r) => r.visit_id)).toContain('V1');

    const [loads] = await project.rows(`SELECT status, rows_read, rows_rejected, message, report->>'$.status' AS in_report FROM hbi.loads WHERE load_id = ${report!.loadId}`);
    expect(loads).toEqual({ status: 'refused', rows_read: '20', rows_rejected: '2', message: report!.message, in_report: 'refused' });
    const kept = await project.rows(`SELECT "row" FROM rejects.visits WHERE load_id = ${report!.loadId} ORDER BY "row"`);
    expect(kept.map((r) => r.row)).toEqual(['19', '20']);
  });

  it('follows the spec\'s rejectThreshold', async () => {
    await spec('{ format: csv, path: extracts/visits.csv }', 'rejectThreshold: 0.1\n');
    const [report] = await project.load('visits');
    expect(report).toMatchObject({ status: 'loaded', rowsLoaded: 18 });
    expect(report!.dataVersion).toBeGreaterThan(publishedVersion);
    // Back to the first extract, so that the cases below all start from the same published table.
    await project.write('extracts/visits.csv', csvOf(cleanRows(20)));
    await spec('{ format: csv, path: extracts/visits.csv }');
    publishedVersion = (await project.load('visits'))[0]!.dataVersion!;
  });
});

describe('unreadable sources', () => {
  const chinese = csvOf(['V1,张三的编号,1']);
  const cases: [string, () => Promise<void>, string | RegExp][] = [
    ['a missing file', () => spec('{ format: csv, path: extracts/absent.csv }'),
      'extracts/absent.csv: file not found. Put the extract there or fix source.path (for the demo hospital: hbi generate)'],
    ['a glob matching nothing', () => spec('{ format: csv, path: "extracts/absent_*.csv" }'),
      'extracts/absent_*.csv: no file matches this pattern. Check source.path in the spec, relative to the project folder'],
    ['GB18030 bytes read as UTF-8', async () => {
      await project.write('extracts/gb.csv', iconv.encode(chinese, 'gb18030'));
      await spec('{ format: csv, path: extracts/gb.csv }');
    }, 'extracts/gb.csv: is not valid UTF-8 text. If it was saved by Excel on Chinese Windows, set source.encoding: gb18030'],
    ['UTF-8 bytes read as GBK', async () => {
      await project.write('extracts/utf8.csv', `${chinese}V2,\u{1F600},1\n`);
      await spec('{ format: csv, path: extracts/utf8.csv, encoding: gbk }');
    }, /^extracts\/utf8\.csv: has bytes that are not GBK at byte \d+\. Check source\.encoding \(utf-8, gb18030 or gbk\) against how the file was saved$/],
    ['a truncated gzip file', async () => {
      const whole = gzipSync(csvOf(cleanRows(2000)));
      await project.write('extracts/cut.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
      await spec('{ format: csv, path: extracts/cut.csv.gz }');
    }, 'extracts/cut.csv.gz: is not a complete gzip file (unexpected end of file). The file is truncated or corrupt; ask the sending system for a new export'],
    ['a truncated gzip file in GB18030', async () => {
      const whole = gzipSync(iconv.encode(csvOf(cleanRows(2000)), 'gb18030'));
      await project.write('extracts/cut-gb.csv.gz', whole.subarray(0, Math.floor(whole.length / 2)));
      await spec('{ format: csv, path: extracts/cut-gb.csv.gz, encoding: gb18030 }');
    }, 'extracts/cut-gb.csv.gz: is not a complete gzip file (unexpected end of file). The file is truncated or corrupt; ask the sending system for a new export'],
    ['a file without a required column', async () => {
      await project.write('extracts/renamed.csv', 'visit_id,患者号,金额\nV1,P1,1\n');
      await spec('{ format: csv, path: extracts/renamed.csv }');
    }, 'extracts/renamed.csv: missing column "患者编号" (did you mean "患者号"?). The file has: visit_id, 患者号, 金额. ' +
      'Fix the export, or the column\'s source: in datasets/visits.yaml'],
    ['an xlsx sheet without the header row', async () => {
      await project.write('extracts/titled.xlsx', await workbook([{ name: '门诊', rows: [['门诊日志'], [], ['visit_id', '患者编号', '金额'], ['V1', 'P1', 1]] }]));
      await spec('{ format: xlsx, path: extracts/titled.xlsx, headerRow: 2 }');
    }, 'extracts/titled.xlsx: has no header row 2 on any sheet. Set source.headerRow to the row that holds the column names'],
    ['an xlsx header row with an unnamed column', async () => {
      await project.write('extracts/gap.xlsx', await workbook([{ name: '门诊', rows: [['visit_id', null, '金额'], ['V1', 'P1', 1]] }]));
      await spec('{ format: xlsx, path: extracts/gap.xlsx, sheet: 门诊 }');
    }, 'extracts/gap.xlsx sheet "门诊": row 1 is not a header row (a column has no name). Set source.headerRow to the row that holds the column names (title rows above it are skipped)'],
    ['a corrupt xlsx file', async () => {
      await project.write('extracts/broken.xlsx', (await workbook([{ name: 'a', rows: [['visit_id'], ['V1']] }])).subarray(0, 300));
      await spec('{ format: xlsx, path: extracts/broken.xlsx }');
    }, /^extracts\/broken\.xlsx: is not a readable xlsx workbook \(.+\)\. Open it in Excel and save it again as \.xlsx$/],
    ['a CSV file named .xlsx', async () => {
      await project.write('extracts/fake.xlsx', csvOf(cleanRows(2)));
      await spec('{ format: xlsx, path: extracts/fake.xlsx }');
    }, /^extracts\/fake\.xlsx: is not a readable xlsx workbook \(.+\)\. Open it in Excel and save it again as \.xlsx$/],
    ['a sheet the workbook lacks', async () => {
      await project.write('extracts/months.xlsx', await workbook([
        { name: '一月', rows: [['visit_id', '患者编号', '金额'], ['V1', 'P1', 1]] }, { name: '二月', rows: [['visit_id', '患者编号', '金额']] }]));
      await spec('{ format: xlsx, path: extracts/months.xlsx, sheet: 三月 }');
    }, 'extracts/months.xlsx: has no sheet "三月" (sheets: 一月, 二月). Fix source.sheet, or use "*" for every sheet'],
    ['a corrupt Parquet file', async () => {
      await project.write('extracts/broken.parquet', 'PAR1 not really');
      await spec('{ format: parquet, path: extracts/broken.parquet }');
    }, /^extracts\/broken\.parquet: is not a readable Parquet file \(.+\)\. Check that the export finished and the format is parquet$/],
    ['malformed JSON', async () => {
      await project.write('extracts/broken.json', '[{"visit_id": "V1", "患者编号": "P1", "金额": 1}, {"visit_id": ');
      await spec('{ format: json, path: extracts/broken.json }');
    }, /^extracts\/broken\.json: is not valid JSON \(.+\)\. Check the export; NDJSON needs one JSON object per line$/],
  ];

  it.each(cases)('fails on %s, saying what to do, and the published table stays queryable', async (_, arrange, message) => {
    const before = await published();
    await arrange();
    const [report] = await project.load('visits');
    expect(report!.status).toBe('failed');
    if (typeof message === 'string') expect(report!.message).toBe(message);
    else expect(report!.message).toMatch(message);
    expect(report!.dataVersion).toBe(publishedVersion);
    expect(await published()).toEqual(before);
    expect(before.rows).toHaveLength(20);
    const [recorded] = await project.rows(`SELECT status, message FROM hbi.loads WHERE load_id = ${report!.loadId}`);
    expect(recorded).toEqual({ status: 'failed', message: report!.message });
    expect(await project.rows(`SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '_staging_')`)).toEqual([]);
  });
});
