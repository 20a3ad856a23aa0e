// Data versions and incremental loads: each successful load publishes a new data version recorded
// in the catalogue with the dataset's row count and PII tags; an incremental load appends rows
// newer than the loaded watermark and replaces the rows whose key comes back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadReport } from './load-report.ts';
import { createTestProject, type TestProject } from './test-project.ts';

let project: TestProject;
beforeAll(async () => {
  project = await createTestProject();
});
afterAll(async () => project?.remove());

const ordersSpec = `name: orders
title: { zh: 医嘱, en: Orders }
source: { format: csv, path: extracts/orders.csv }
key: [order_id]
incremental: { watermark: updated_at }
rejectThreshold: 0.5
columns:
  - { name: order_id, type: string }
  - { name: patient_name, type: string, pii: name }
  - { name: status, type: string, allowed: [开立, 执行, 停止] }
  - { name: updated_at, type: timestamp }
`;

const catalogue = async (dataset: string) => {
  const [row] = await project.rows(`SELECT data_version, row_count, spec::VARCHAR AS spec FROM hbi.datasets WHERE dataset = '${dataset}'`);
  return { version: Number(row!.data_version), rowCount: Number(row!.row_count), spec: JSON.parse(String(row!.spec)) };
};

describe('incremental loads', () => {
  let first: LoadReport;
  let second: LoadReport;

  beforeAll(async () => {
    await project.spec('orders', ordersSpec);
    await project.write('extracts/orders.csv', [
      'order_id,patient_name,status,updated_at',
      'O1,张三,开立,2024-01-01 10:00:00',
      'O2,李四,开立,2024-01-02 10:00:00',
      'O3,王五,开立,2024-01-03 10:00:00',
    ].join('\n'));
    first = (await project.load('orders'))[0]!;
    await project.write('extracts/orders.csv', [
      'order_id,patient_name,status,updated_at',
      'O1,张三,开立,2024-01-01 10:00:00', // already loaded
      'O3,王五,执行,2024-01-03 10:00:00', // at the watermark: left out, even though it changed
      'O2,李四,停止,2024-01-05 09:00:00', // newer: replaces O2
      'O4,赵六,开立,2024-01-04 08:00:00', // new
      'O5,孙七,作废,2024-01-06 08:00:00', // newer but rejected
    ].join('\n'));
    second = (await project.load('orders'))[0]!;
  });

  it('loads everything the first time', () => {
    expect(first).toMatchObject({ status: 'loaded', rowsRead: 3, rowsLoaded: 3, rowsSkipped: 0, rowsRejected: 0 });
  });

  it('then appends newer rows, replaces rows whose key returns newer and counts the rest as skipped', async () => {
    expect(second).toMatchObject({ status: 'loaded', rowsRead: 5, rowsLoaded: 2, rowsSkipped: 2 });
    expect(await project.rows('SELECT order_id, status, updated_at FROM orders ORDER BY order_id')).toEqual([
      { order_id: 'O1', status: '开立', updated_at: '2024-01-01 10:00:00' },
      { order_id: 'O2', status: '停止', updated_at: '2024-01-05 09:00:00' },
      { order_id: 'O3', status: '开立', updated_at: '2024-01-03 10:00:00' },
      { order_id: 'O4', status: '开立', updated_at: '2024-01-04 08:00:00' },
    ]);
  });

  it('rejects newer rows that break a rule, as a full load would', () => {
    expect(second.rowsRejected).toBe(1);
    expect(second.rejects.map((r) => [r.rule, r.examples[0]!.row, r.examples[0]!.value])).toEqual([['not_allowed', 5, '作废']]);
  });

  it('publishes a new data version with the table\'s whole row count', async () => {
    expect(second.dataVersion).toBeGreaterThan(first.dataVersion!);
    expect(await catalogue('orders')).toMatchObject({ version: second.dataVersion, rowCount: 4 });
  });

  it('loads nothing new from the same extract again, and still records the load', async () => {
    const [again] = await project.load('orders');
    expect(again).toMatchObject({ status: 'loaded', rowsRead: 5, rowsLoaded: 0, rowsSkipped: 4, rowsRejected: 1 });
    expect(await project.rows('SELECT count(*) AS n FROM orders')).toEqual([{ n: '4' }]);
  });
});

describe('incremental loads, edge cases', () => {
  const spec = (name: string, key: string) => `name: ${name}
source: { format: csv, path: extracts/${name}.csv }
key: [${key}]
incremental: { watermark: updated_at }
rejectThreshold: 1
columns:
  - { name: order_id, type: string }
  - { name: line, type: integer }
  - { name: status, type: string }
  - { name: updated_at, type: timestamp }
`;
  const loadRows = async (name: string, rows: string[]) => {
    await project.write(`extracts/${name}.csv`, ['order_id,line,status,updated_at', ...rows].join('\n'));
    return (await project.load(name))[0]!;
  };

  it('replaces rows by a key of several columns', async () => {
    await project.spec('order_lines', spec('order_lines', 'order_id, line'));
    await loadRows('order_lines', ['O1,1,开立,2024-01-01 10:00:00', 'O1,2,开立,2024-01-01 10:00:00']);
    const report = await loadRows('order_lines', ['O1,2,停止,2024-01-02 10:00:00']);
    expect(report).toMatchObject({ status: 'loaded', rowsLoaded: 1 });
    expect(await project.rows('SELECT order_id, line, status FROM order_lines ORDER BY line')).toEqual([
      { order_id: 'O1', line: '1', status: '开立' }, { order_id: 'O1', line: '2', status: '停止' },
    ]);
  });

  it('never drops a row silently: one without a watermark is published or rejected, and counted as such', async () => {
    await project.spec('undated', spec('undated', 'order_id'));
    await loadRows('undated', ['O1,1,开立,2024-01-01 10:00:00']);
    const report = await loadRows('undated', ['O1,1,开立,2024-01-01 10:00:00', 'O2,1,开立,', 'O3,1,开立,2024-01-02 10:00:00']);
    const published = await project.rows(`SELECT order_id FROM undated WHERE order_id = 'O2'`);
    const rejected = await project.rows(`SELECT "row" FROM rejects.undated WHERE load_id = ${report.loadId}`);
    expect(published.length + rejected.length, 'O2 is neither published nor rejected').toBe(1);
    expect(report).toMatchObject({ rowsRead: 3, rowsSkipped: 1, rowsLoaded: 1 + published.length, rowsRejected: rejected.length });
  });
});

describe('data versions and the catalogue', () => {
  const write = (rows: string[]) => project.write('extracts/wards.csv', ['ward_code,ward_name,head_nurse', ...rows].join('\n'));

  beforeAll(async () => {
    await project.spec('wards', `name: wards
title: { zh: 病区, en: Wards }
description: 病区字典
source: { format: csv, path: extracts/wards.csv }
key: [ward_code]
# versions here shrink on purpose (3 wards, then 1): published without holding for confirmation
holdRowDrop: 1
columns:
  - { name: ward_code, type: string }
  - { name: ward_name, type: string }
  - { name: head_nurse, type: string, pii: name }
`);
  });

  it('gives each successful load a higher data version, equal to its load id, and keeps it through refusals and failures', async () => {
    await write(['W1,一病区,张护士', 'W2,二病区,李护士']);
    const [a] = await project.load('wards');
    expect(a).toMatchObject({ status: 'loaded', dataVersion: a!.loadId });
    await write(['W1,一病区,张护士', 'W2,二病区,李护士', 'W3,三病区,王护士']);
    const [b] = await project.load('wards');
    expect(b!.dataVersion).toBe(b!.loadId);
    expect(b!.dataVersion).toBeGreaterThan(a!.dataVersion!);
    expect(await catalogue('wards')).toMatchObject({ version: b!.dataVersion, rowCount: 3 });

    await write(['W1,一病区,张护士', ',二病区,李护士']);
    const [refused] = await project.load('wards');
    expect(refused).toMatchObject({ status: 'refused', dataVersion: b!.dataVersion });
    await project.write('extracts/wards.csv', 'ward,name\nW1,x\n');
    const [failed] = await project.load('wards');
    expect(failed).toMatchObject({ status: 'failed', dataVersion: b!.dataVersion });
    expect(await catalogue('wards')).toMatchObject({ version: b!.dataVersion, rowCount: 3 });

    await write(['W1,一病区,张护士']);
    const [c] = await project.load('wards');
    expect(c!.dataVersion).toBeGreaterThan(failed!.loadId);
    expect(await catalogue('wards')).toMatchObject({ version: c!.dataVersion, rowCount: 1 });

    const history = await project.rows(`SELECT load_id, status FROM hbi.loads WHERE dataset = 'wards' ORDER BY load_id`);
    expect(history.map((h) => [Number(h.load_id), h.status])).toEqual([
      [a!.loadId, 'loaded'], [b!.loadId, 'loaded'], [refused!.loadId, 'refused'], [failed!.loadId, 'failed'], [c!.loadId, 'loaded'],
    ]);
  });

  it('keeps the spec\'s labels, key, types and PII tags in the catalogue', async () => {
    expect((await catalogue('wards')).spec).toMatchObject({
      title: { zh: '病区', en: 'Wards' },
      description: '病区字典',
      key: ['ward_code'],
      columns: [
        { name: 'ward_code', type: 'string', warehouseType: 'VARCHAR', pii: null, codes: null },
        { name: 'ward_name', type: 'string', warehouseType: 'VARCHAR', pii: null, codes: null },
        { name: 'head_nurse', type: 'string', warehouseType: 'VARCHAR', pii: 'name', codes: null },
      ],
    });
    expect((await catalogue('orders')).spec.columns.map((c: { name: string; pii: string | null }) => [c.name, c.pii])).toEqual([
      ['order_id', null], ['patient_name', 'name'], ['status', null], ['updated_at', null],
    ]);
  });

  it('keeps the load report with every load', async () => {
    const [row] = await project.rows(`SELECT report::VARCHAR AS report FROM hbi.loads WHERE dataset = 'wards' ORDER BY load_id DESC LIMIT 1`);
    expect(JSON.parse(String(row!.report))).toMatchObject({ dataset: 'wards', status: 'loaded', rowsRead: 1, files: [{ path: 'extracts/wards.csv', rows: 1 }] });
  });
});
