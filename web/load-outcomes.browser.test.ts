// What the home page and a load report say when loads do not go well: a refused load (too many
// rejected rows, paged through), a failed one (a missing column), nothing loaded yet, a
// warehouse that cannot be read, a load that does not exist. Small projects written here, loaded
// with the real pipeline into real warehouse files, served by the real server, read in Chromium.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDatasets } from '../connectors/load.ts';
import { readConnectorProject } from '../connectors/project.ts';
import { openWarehouse, type Warehouse } from '../connectors/warehouse.ts';
import { readSemanticModel } from '../metrics/model/semantic-model.ts';
import type { AppOptions } from '../server/app.ts';
import { signedInApp, type SignedInApp } from '../server/testing/signed-in-app.ts';
import { artifactsDir, buildWebApp, hasChromium, openBrowserPage } from './testing/chromium.ts';
import { maskedMrn, pagerText, readDatasetTable, readRejectedRows } from './testing/loadReportPages.ts';
import { addSessionCookie } from './testing/session.ts';

/** A test server and a way to open its pages logged in. */
type TestServer = { server: SignedInApp; url: string; open: (path?: string) => Promise<unknown> };

describe.skipIf(!hasChromium)('refused, failed and missing loads in Chromium', () => {
  let workDir: string;
  let webRoot: string;
  const servers: SignedInApp[] = [];
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  /** A server with an administrator logged in (load reports need the steward_data grant). */
  const serve = async (options: Omit<AppOptions, 'store'>): Promise<TestServer> => {
    const server = await signedInApp(options);
    servers.push(server);
    const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
    // All test servers share the host 127.0.0.1, and so the cookie: each page opened sets its own.
    const open = async (path = '') => {
      await addSessionCookie(page.context(), url, server.headers.cookie);
      return page.goto(`${url}${path}`);
    };
    return { server, url, open };
  };
  /** A project whose warehouse the server reads, with its datasets and (empty) model. */
  const projectOf = async (dir: string, warehouse: Warehouse): Promise<AppOptions['project']> => ({
    warehouse,
    connectors: await readConnectorProject(dir),
    model: await readSemanticModel(dir),
  });
  /** Closes a server, then its warehouse. The page leaves it first, so that no request (say, a
   *  refetch on focus) is still running on the warehouse when it closes. */
  const stop = async (served: TestServer | undefined, warehouseOfApp: Warehouse) => {
    await page.goto('about:blank');
    if (served) {
      servers.splice(servers.indexOf(served.server), 1);
      await served.server.close();
    }
    warehouseOfApp.close();
  };

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hbi-load-outcomes-'));
    webRoot = join(workDir, 'web');
    await buildWebApp(webRoot);
    ({ browser, page } = await openBrowserPage(pageErrors));
  });

  afterAll(async () => {
    await browser?.close();
    for (const server of servers) await server.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  it('shows a refused and a failed load: the reason in an alert, 120 rejected rows paged, the last good data kept', async () => {
    // A small project of its own, so that the hospital's loads stay as they are.
    const dir = join(workDir, 'wards');
    const write = async (path: string, text: string) => {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    };
    await write(
      'datasets/ward_rounds.yaml',
      `name: ward_rounds
title: { zh: 查房体温, en: Ward round temperatures }
source: { format: csv, path: extracts/ward_rounds.csv }
key: [round_id]
columns:
  - { name: round_id, source: 查房编号, type: string }
  - { name: patient_id, source: 患者ID, type: string, pii: mrn }
  - { name: temperature, source: 体温, type: decimal, min: 34, max: 43 }
`,
    );
    await write(
      'datasets/nursing_notes.yaml',
      `name: nursing_notes
title: { zh: 护理记录, en: Nursing notes }
source: { format: csv, path: extracts/nursing_notes.csv }
columns:
  - { name: note_id, source: 记录编号, type: string }
  - { name: written_at, source: 记录时间, type: timestamp }
`,
    );
    const rounds = (bad: (i: number) => boolean) =>
      ['查房编号,患者ID,体温', ...Array.from({ length: 250 }, (_, i) => `CF${String(i + 1).padStart(5, '0')},P${String(70000 + i).padStart(8, '0')},${bad(i) ? '高热' : '36.8'}`)].join('\n');
    await write('extracts/ward_rounds.csv', rounds(() => false));
    await write('extracts/nursing_notes.csv', '记录编号,记录人\nHL001,护士甲\n');
    const wards = await openWarehouse(dir);
    let wardsServer: TestServer | undefined;
    try {
      const [good] = await loadDatasets(wards, await readConnectorProject(dir), ['ward_rounds']);
      await write('extracts/ward_rounds.csv', rounds((i) => i % 2 === 0 && i < 240)); // 120 of 250 rows bad
      const second = await loadDatasets(wards, await readConnectorProject(dir));
      const refused = second.find((report) => report.dataset === 'ward_rounds');
      const failed = second.find((report) => report.dataset === 'nursing_notes');
      expect([good?.status, refused?.status, failed?.status]).toEqual(['loaded', 'refused', 'failed']);
      expect(refused!.rowsRejected).toBe(120);
      wardsServer = await serve({ extractsDir: join(dir, 'extracts'), webRoot, project: await projectOf(dir, wards) });
      const { url } = wardsServer;

      await wardsServer.open();
      const shown = await readDatasetTable(page, '数据集');
      expect(shown.find((row) => row.name === 'ward_rounds')).toMatchObject({
        rows: 250, // still the good load's table
        dataVersion: good!.loadId,
        status: '拒绝加载',
        rejected: 120,
        reportHref: `/loads/${refused!.loadId}`,
      });
      expect(shown.find((row) => row.name === 'nursing_notes')).toMatchObject({
        rows: null,
        rowsText: '未发布', // a dash on screen
        dataVersion: null,
        status: '加载失败',
        rejected: 0,
        reportHref: `/loads/${failed!.loadId}`,
      });
      await page.screenshot({ path: join(artifactsDir, 'datasets-refused-zh.png') });

      await page.getByRole('link', { name: `加载报告 #${refused!.loadId}（查房体温）` }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.locator('p').allInnerTexts()).toEqual(['本次加载被拒绝，仓库中的数据保持不变', refused!.message]);
      await page.screenshot({ path: join(artifactsDir, 'load-refused-zh.png') });
      expect(await pagerText(page)).toBe('第 1–100 条，共 120 条');
      const firstPage = await readRejectedRows(page, '被拒行', ['行号', '被拒原因']);
      expect(firstPage).toHaveLength(100);
      const pager = page.getByRole('navigation', { name: '被拒行分页' });
      expect(await pager.getByRole('button', { name: '上一页' }).isDisabled()).toBe(true);
      await pager.getByRole('button', { name: '下一页' }).click();
      await pager.getByText('第 101–120 条，共 120 条').waitFor();
      await page.locator('table.rejected-rows[aria-busy="false"]').waitFor();
      const secondPage = await readRejectedRows(page, '被拒行', ['行号', '被拒原因']);
      expect(secondPage).toHaveLength(20);
      expect(await pager.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
      expect([...firstPage, ...secondPage].map((row) => row.row)).toEqual(Array.from({ length: 120 }, (_, i) => 2 * i + 1));
      for (const row of [...firstPage, ...secondPage]) {
        expect(row.rules).toEqual(['invalid_decimal']);
        expect(row.source['体温']).toBe('高热');
        expect(row.source['患者ID']).toBe(maskedMrn(`P${String(70000 + row.row - 1).padStart(8, '0')}`));
      }
      await pager.getByRole('button', { name: '上一页' }).click();
      await pager.getByText('第 1–100 条，共 120 条').waitFor();

      await page.goto(`${url}/loads/${failed!.loadId}`); // still this server's session
      await alert.waitFor();
      expect(await alert.locator('p').allInnerTexts()).toEqual(['本次加载失败，仓库中的数据保持不变', failed!.message]);
      expect(failed!.message).toContain('记录时间');
      await page.getByText('本次加载没有被拒绝的行。').waitFor();
      expect(await page.getByRole('table', { name: '被拒行' }).count()).toBe(0);
    } finally {
      await stop(wardsServer, wards);
    }
  });

  it('says when nothing is loaded, when the list cannot be read, and when a load does not exist', async () => {
    const extractsDir = join(workDir, 'no-extracts');
    await mkdir(extractsDir);
    // No warehouse: nothing loaded yet.
    const empty = await serve({ extractsDir, webRoot });
    await empty.open();
    await page.getByRole('region', { name: '数据集', exact: true }).getByText('尚未加载任何数据集：运行 hbi load').waitFor();

    // A warehouse without its catalogue table: the server says it could not answer (no raw database error), with a retry.
    const brokenDir = join(workDir, 'broken');
    const broken = await openWarehouse(brokenDir);
    await mkdir(join(brokenDir, 'datasets')); // a project of no datasets: only its warehouse is broken
    let brokenServer: TestServer | undefined;
    try {
      brokenServer = await serve({ extractsDir, webRoot, project: await projectOf(brokenDir, broken) });
      await broken.db.run('DROP TABLE hbi.datasets');
      await brokenServer.open();
      const alert = page.getByRole('region', { name: '数据集', exact: true }).getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toMatch(/^无法读取数据集清单：the server could not answer this request; the details are in its log/);
      await alert.getByRole('button', { name: '重试' }).waitFor();
      await page.screenshot({ path: join(artifactsDir, 'datasets-error-zh.png') });
    } finally {
      await stop(brokenServer, broken);
    }

    await empty.open('/loads/999999'); // back to the first server: its session again
    const missing = page.getByRole('alert');
    await missing.waitFor();
    expect(await missing.innerText()).toBe('无法读取加载报告：no load 999999');
    expect(await missing.getByRole('button').count()).toBe(0); // retrying will not make it exist

    await page.goto(`${empty.url}/loads/abc`);
    await page.getByRole('heading', { name: '页面不存在' }).waitFor();
    await page.getByRole('link', { name: '返回首页' }).click();
    await page.getByText('尚未加载任何数据集：运行 hbi load').waitFor();

    // The failed requests themselves are the only errors the browser may report here.
    const unexpected = pageErrors.filter((message) => !/(500 \(Internal Server Error\)|404 \(Not Found\))/.test(message));
    pageErrors.length = 0;
    expect(unexpected).toEqual([]);
  });

  it('logged no errors in the browser', () => {
    expect(pageErrors).toEqual([]);
  });
});
