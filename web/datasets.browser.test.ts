// The datasets on the home page and the load reports behind them, end to end: generate the demo
// hospital, load it into a real warehouse file with the real pipeline, serve it with the real
// server and read the pages in Debian's Chromium. What the pages say is checked against the
// warehouse (SELECT count(*)), the loader's own reports, and the extract file decoded here.
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasets } from '../connectors/load.ts';
import type { LoadReport } from '../connectors/load-report.ts';
import { readConnectorProject, type ConnectorProject } from '../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../connectors/warehouse.ts';
import { generateHospital } from '../examples/hospital/generator/generate.ts';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import { signedInApp, type SignedInApp } from '../server/testing/signed-in-app.ts';
import { formatCount } from './format/count.ts';
import { formatDuration } from './format/duration.ts';
import { formatTimestamp } from './format/timestamp.ts';
import { artifactsDir, buildWebApp, hasChromium, launchChromium, repoRoot, watchPageErrors } from './testing/chromium.ts';
import { addSessionCookie } from './testing/session.ts';
import {
  maskedMrn,
  pagerText,
  parseCsv,
  readDatasetTable,
  readExtract,
  readFacts,
  readRejectedRows,
  readRejectSummary,
} from './testing/loadReportPages.ts';

// Not the machine's zone (UTC in CI): proves the server's zone-less UTC times are converted.
const timeZone = 'Asia/Shanghai';

describe.skipIf(!hasChromium)('datasets and load reports of the demo hospital in Chromium', () => {
  let workDir: string;
  let projectDir: string;
  let project: ConnectorProject;
  let warehouse: Warehouse | undefined;
  let reports: LoadReport[];
  let server: SignedInApp | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  const pageErrors: string[] = [];

  const count = async (table: string) =>
    Number((await warehouse!.db.runAndReadAll(`SELECT count(*) FROM main."${table}"`)).getRows()[0]?.[0]);
  const outpatientReport = () => reports.find((report) => report.dataset === 'outpatient_visits')!;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hbi-datasets-'));
    projectDir = join(workDir, 'hospital');
    const webRoot = join(workDir, 'web');
    await Promise.all([
      buildWebApp(webRoot),
      generateHospital({ outDir: join(projectDir, 'extracts'), scale: 0.01, seed: 7, end: '2025-12-31' }),
    ]);
    // The server answers for a whole project: its datasets, and the model and metrics over them.
    for (const folder of ['datasets', 'model', 'metrics']) await symlink(join(repoRoot, 'examples', 'hospital', folder), join(projectDir, folder));
    project = await readConnectorProject(projectDir);
    warehouse = await openWarehouse(projectDir); // a real file, data/warehouse.duckdb
    reports = await loadDatasets(warehouse, project);
    // An administrator: load reports need the steward_data grant.
    server = await signedInApp({
      extractsDir: join(projectDir, 'extracts'),
      webRoot,
      project: { warehouse, connectors: project, model: await readSemanticModel(projectDir) },
    });
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: timeZone, acceptDownloads: true });
    await addSessionCookie(context, baseUrl, server.headers.cookie);
    page = await context.newPage();
    watchPageErrors(page, pageErrors);
    await mkdir(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    warehouse?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('lists every dataset with the rows in the warehouse and what its last load did', async () => {
    expect(reports).toHaveLength(15);
    expect(reports.map((report) => report.status)).toEqual(reports.map(() => 'loaded'));
    await page.goto(`${baseUrl}/data`);

    const shown = await readDatasetTable(page, '数据集');
    expect(shown.map((row) => row.name).sort()).toEqual(reports.map((report) => report.dataset).sort());
    for (const report of reports) {
      const row = shown.find((candidate) => candidate.name === report.dataset)!;
      const rows = await count(report.dataset);
      const title = project.datasets.find((dataset) => dataset.spec.name === report.dataset)?.spec.title?.zh;
      expect(row.title, report.dataset).toBe(title);
      expect(row.rows, `${report.dataset}: rows shown vs SELECT count(*)`).toBe(rows);
      expect(row.rowsText, report.dataset).toBe(formatCount(rows, 'zh-CN'));
      expect(row.rejected, `${report.dataset}: rejected rows shown vs load report`).toBe(report.rowsRejected);
      expect(row.status, report.dataset).toBe('已加载');
      expect(row.dataVersion, report.dataset).toBe(report.loadId);
      expect(row.lastLoad, report.dataset).toBe(formatTimestamp(report.startedAt, 'zh-CN', timeZone));
      expect(row.reportHref, report.dataset).toBe(`/loads/${report.loadId}`);
      expect(row.reportLink, report.dataset).toBe(`加载报告 #${report.loadId}（${title}）`);
    }
    // The demo's injected defects are rejected somewhere, not silently loaded.
    expect(shown.reduce((sum, row) => sum + (row.rejected ?? 0), 0)).toBeGreaterThan(0);

    const section = page.getByRole('region', { name: '数据集', exact: true });
    const meta = await section.locator('.section-meta').innerText();
    expect(meta).toBe(`数据版本 ${Math.max(...reports.map((report) => report.loadId))} · 共 15 个数据集`);
    // Datasets come above the extracts they are loaded from.
    await page.getByRole('table', { name: '部门数据抽取文件' }).waitFor();
    const order = await page.locator('main h2, main caption').allInnerTexts();
    expect(order.indexOf('数据集')).toBeLessThan(order.indexOf('部门数据抽取文件'));

    await page.screenshot({ path: join(artifactsDir, 'datasets-zh.png'), fullPage: true });
  });

  it('opens the outpatient_visits load report from the keyboard, with its counts and reject summary', async () => {
    const report = outpatientReport();
    await page.goto(`${baseUrl}/data`);
    await page.getByRole('link', { name: `加载报告 #${report.loadId}（门诊就诊）` }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${baseUrl}/loads/${report.loadId}`);
    await page.getByRole('heading', { name: `加载报告 #${report.loadId}` }).waitFor();

    const subject = await page.locator('.report-subject').innerText();
    expect(subject).toContain('门诊就诊');
    expect(subject).toContain('outpatient_visits');
    expect(subject).toContain('已加载');
    expect(await page.getByRole('alert').count()).toBe(0);

    const facts = await readFacts(page);
    const counted = (value: number) => ({ text: formatCount(value, 'zh-CN'), value });
    expect(facts).toEqual({
      开始时间: { text: formatTimestamp(report.startedAt, 'zh-CN', timeZone), value: null },
      耗时: { text: formatDuration(report.durationMs, 'zh-CN'), value: report.durationMs },
      加载后数据版本: { text: String(report.loadId), value: report.loadId },
      读取行数: counted(report.rowsRead),
      加载行数: counted(report.rowsLoaded),
      被拒行数: counted(report.rowsRejected),
      跳过行数: counted(0),
    });
    expect(report.rowsLoaded).toBe(await count('outpatient_visits'));

    const files = await page.getByRole('table', { name: '源文件' }).locator('tbody tr').allInnerTexts();
    expect(files.map((text) => text.split('\t'))).toEqual(report.files.map((file) => [file.path, formatCount(file.rows, 'zh-CN')]));

    const summary = await readRejectSummary(page, '被拒原因汇总');
    expect(summary.map(({ label, rows }) => [label, rows]).sort()).toEqual(
      [['主键重复', 3], ['时间无效', 3], ['超出范围', 3], ['未映射编码', 3]].sort(),
    );
    expect(summary.map(({ rule, column, rows }) => ({ rule, column, rows }))).toEqual(
      report.rejects.map(({ rule, column, rows }) => ({ rule, column, rows })),
    );
    // One file read: the files table names it, the examples do not repeat it.
    const summaryHeaders = await page.getByRole('table', { name: '被拒原因汇总' }).locator('thead th').allInnerTexts();
    expect(summaryHeaders).toEqual(['行号', '值', '说明']);
    for (const [i, group] of summary.entries()) {
      expect(group.examples).toEqual(
        report.rejects[i]!.examples.map((example) => ({ row: example.row, value: example.value, message: example.message })),
      );
    }
  });

  it('shows the rejected rows with readable GB18030 values and the patient ID masked', async () => {
    const report = outpatientReport();
    await page.goto(`${baseUrl}/loads/${report.loadId}`);
    expect(await pagerText(page)).toBe('第 1–12 条，共 12 条');
    const pager = page.getByRole('navigation', { name: '被拒行分页' });
    expect(await pager.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
    expect(await pager.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);

    const shown = await readRejectedRows(page, '被拒行', ['行号', '被拒原因']);
    expect(shown).toHaveLength(12);
    const stored = (
      await warehouse!.db.runAndReadAll(`SELECT "row" FROM rejects.outpatient_visits WHERE load_id = ${report.loadId} ORDER BY "row"`)
    ).getRows().map(([row]) => Number(row));
    expect(shown.map((row) => row.row)).toEqual(stored);

    const extract = await readExtract(join(projectDir, report.files[0]!.path), 'gb18030');
    expect(Object.keys(shown[0]!.source)).toEqual(extract.header);
    for (const row of shown) {
      const raw = extract.record(row.row);
      for (const column of extract.header) {
        if (column === '患者ID') continue;
        expect(row.source[column], `row ${row.row}, ${column}`).toBe(raw[column]);
      }
      expect(row.source['患者ID'], `row ${row.row}: 患者ID must be masked`).not.toBe(raw['患者ID']);
      expect(row.source['患者ID'], `row ${row.row}`).toBe(maskedMrn(raw['患者ID']!));
      expect(row.source['患者ID'], `row ${row.row}`).toMatch(/^P0\*+\d\d$/);
    }
    // Decoded as GB18030, not shown as mojibake: Chinese departments and doctors' names.
    expect(shown.some((row) => row.source['科室名称'] === '国际医疗部')).toBe(true);
    expect(shown.every((row) => /^\p{Script=Han}{2,4}$/u.test(row.source['医生姓名'] ?? ''))).toBe(true);
    // No raw patient ID anywhere on the page.
    const text = await page.locator('body').innerText();
    for (const row of shown) expect(text).not.toContain(extract.record(row.row)['患者ID']);
    // Each row says which rule rejected it, the same rules as the summary.
    expect(new Set(shown.flatMap((row) => row.rules))).toEqual(new Set(report.rejects.map((group) => group.rule)));

    await page.screenshot({ path: join(artifactsDir, 'load-report-zh.png'), fullPage: true });
  });

  it('downloads the rejected rows as CSV: the same rows, the same masked values', async () => {
    const report = outpatientReport();
    await page.goto(`${baseUrl}/loads/${report.loadId}`);
    const shown = await readRejectedRows(page, '被拒行', ['行号', '被拒原因']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`outpatient_visits-load-${report.loadId}-rejects.csv`);
    const text = await readFile(await download.path(), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true); // so that Excel reads it as UTF-8
    const [header = [], ...records] = parseCsv(text.slice(1));
    expect(header).toEqual(['file', 'sheet', 'row', 'reasons', ...Object.keys(shown[0]!.source)]);
    expect(records.map((record) => Number(record[2]))).toEqual(shown.map((row) => row.row));
    for (const [i, record] of records.entries()) {
      expect(record[0]).toBe(report.files[0]!.path);
      expect(Object.fromEntries(header.slice(4).map((column, j) => [column, record[4 + j]]))).toEqual(shown[i]!.source);
    }
  });

  it('reads in English, and goes back and forth with the links and the browser buttons', async () => {
    const report = outpatientReport();
    await page.goto(`${baseUrl}/loads/${report.loadId}`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: `Load report #${report.loadId}` }).waitFor();
    const summary = await readRejectSummary(page, 'Rejections by rule');
    expect(summary.map((group) => group.label).sort()).toEqual(['Duplicate key', 'Invalid timestamp', 'Out of range', 'Unmapped code']);
    expect(await page.getByRole('navigation', { name: 'Rejected rows pages' }).getByRole('status').innerText()).toBe('Rows 1–12 of 12');
    expect(await page.locator('.report-subject').innerText()).toContain('Outpatient visits');
    expect((await readFacts(page))['Started']?.text).toBe(formatTimestamp(report.startedAt, 'en', timeZone));
    await page.screenshot({ path: join(artifactsDir, 'load-report-en.png') });

    await page.getByRole('link', { name: 'Back to the home page' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.getByRole('table', { name: 'Datasets', exact: true }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { name: `Load report #${report.loadId}` }).waitFor();
    await page.goForward();
    await page.getByRole('table', { name: 'Datasets', exact: true }).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'datasets-en.png'), fullPage: false });

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('table', { name: '数据集', exact: true }).waitFor();
  });

  // The loader records reject examples as the source had them; the server must mask them on the
  // way out, as it masks /rejects and rejects.csv.
  it('masks patient identifiers in the reject examples of the patients load report', async () => {
    const report = reports.find((candidate) => candidate.dataset === 'patients')!;
    const spec = project.datasets.find((dataset) => dataset.spec.name === 'patients')!.spec;
    const pii = new Set(spec.columns.filter((column) => column.pii).map((column) => column.name));
    const raw = report.rejects
      .filter((group) => group.column !== null && pii.has(group.column))
      .flatMap((group) => group.examples.map((example) => example.value ?? ''))
      .filter((value) => value !== '');
    expect(raw.length).toBeGreaterThan(0);
    await page.goto(`${baseUrl}/loads/${report.loadId}`);
    await page.getByRole('table', { name: '被拒原因汇总' }).waitFor();
    const text = await page.locator('body').innerText();
    for (const value of raw) expect(text).not.toContain(value);
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
