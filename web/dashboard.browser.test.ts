// A dashboard as readers see it, end to end: an admin creates and publishes a four-tile board
// through the API and shares it with analysts and viewers. The analyst xinnei opens it, sets a
// date range and finds the tiles drawing the API's numbers; the admin (all departments) clicks a
// department bar and sees the other tiles narrow to it, only those asking the server again; a
// reload shows the tab's pictures of the charts until their views are drawn; the admin
// drills 科室 → 病区 and back; xinnei drills through to masked detail rows; the TV mode updates
// itself when a load publishes new data; a share link opens the board until it expires.
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, HospitalServer } from '../server/testing/hospital-server.ts';
import type { Dashboard, DashboardDefinition, MetricQuery, QueryResult, ShareLink } from './api/types.ts';
import { artifactsDir, hasChromium, launchChromium, watchPageErrors } from './testing/chromium.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { addSessionCookie, logInThroughPage } from './testing/session.ts';

const definition: DashboardDefinition = {
  title: '住院联动驾驶舱',
  description: '浏览器测试用的四个图块',
  tabs: [],
  filters: { dimensions: [{ dimension: 'department', values: [] }] },
  tiles: [
    {
      id: 'by-department', kind: 'chart', title: '各科室出院人数', layout: { x: 0, y: 0, w: 6, h: 7 },
      chart: { query: { metrics: ['discharges'], dimensions: ['department'] }, chart: { type: 'bar', x: 'department', y: ['discharges'] } },
    },
    {
      id: 'by-month', kind: 'chart', title: '月度出院人数', layout: { x: 6, y: 0, w: 6, h: 7 },
      chart: { query: { metrics: ['discharges'], dimensions: ['time'], grain: 'month' }, chart: { type: 'line', x: 'time', y: ['discharges'], grain: 'month' } },
    },
    {
      id: 'stockout', kind: 'chart', title: '药品缺货率', layout: { x: 0, y: 7, w: 3, h: 4 },
      chart: { query: { metrics: ['drug_stockout_rate'] }, chart: { type: 'kpi', y: ['drug_stockout_rate'] } },
    },
    {
      id: 'by-ward', kind: 'chart', title: '各病区出院人数', layout: { x: 3, y: 7, w: 9, h: 7 },
      chart: { query: { metrics: ['discharges'], dimensions: ['ward'] }, chart: { type: 'bar', x: 'ward', y: ['discharges'] } },
    },
  ],
};

describe.skipIf(!hasChromium)('a dashboard in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let boardId: string;
  let admin: ApiClient;
  const pageErrors: string[] = [];
  let now = new Date();
  const contexts: BrowserContext[] = [];

  /** A page of its own browser context, logged in as `username` with a session cookie. */
  async function pageAs(username: string): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1100 } });
    contexts.push(context);
    await addSessionCookie(context, baseUrl, (await server!.login(username)).cookie);
    return watchPageErrors(await context.newPage(), pageErrors);
  }

  const apiResult = async (username: string, query: MetricQuery) => (await (await server!.login(username)).call('POST', '/api/query', query)).json<QueryResult>();
  const tile = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
  const ready = (page: Page) => expect.poll(() => page.locator('[data-tile-id][data-state="ready"]').count(), { timeout: 20_000 }).toBe(definition.tiles.length);

  /** What each drawn mark says it is (Vega-Lite writes the fields into aria-label): "科室: 0101; 出院人数（人）: 1,197". */
  const marks = (region: Locator, role: 'bar' | 'point') =>
    region.locator(`svg [aria-roledescription="${role}"]`).evaluateAll((elements) => elements.map((m) => m.getAttribute('aria-label') ?? ''));
  const parsed = (label: string) => Object.fromEntries(label.split('; ').map((part) => part.split(': ') as [string, string]));
  const drawnValues = async (region: Locator, role: 'bar' | 'point', axis: string) =>
    (await marks(region, role)).map((l) => ({ at: parsed(l)[axis]!, value: Number(parsed(l)['出院人数（人）']!.replaceAll(',', '')) })).sort((a, b) => a.at.localeCompare(b.at));
  /** The API's rows as a chart shows them: codes by their names (0101 → 心血管内科), periods as months. */
  const apiValues = (result: QueryResult, dimension: string, format: (v: string) => string = (v) => result.labels?.[dimension]?.[v] ?? v) =>
    result.rows.map((r) => ({ at: format(String(r[dimension])), value: r['discharges'] as number })).sort((a, b) => a.at.localeCompare(b.at));
  const nameOf = (result: QueryResult, dimension: string, code: string) => result.labels?.[dimension]?.[code] ?? code;
  const month = (day: string) => `${day.slice(0, 4)}年${Number(day.slice(5, 7))}月`;

  beforeAll(async () => {
    // The metadata store's clock: moved on to expire a share link.
    served = await serveHospitalWeb('dashboard', { clock: () => now });
    ({ server, baseUrl } = served);
    browser = await launchChromium();
    admin = await server.login('admin');
    const created = await admin.call('POST', '/api/dashboards', { definition });
    expect(created.statusCode, created.body).toBe(201);
    boardId = created.json<Dashboard>().id;
    const shared = await admin.call('PUT', `/api/dashboards/${boardId}/shares`, { shares: [{ kind: 'role', role: 'analyst' }, { kind: 'role', role: 'viewer' }] });
    expect(shared.statusCode, shared.body).toBe(200);
    const published = await admin.call('POST', `/api/dashboards/${boardId}/publish`, { note: '浏览器测试' });
    expect(published.statusCode, published.body).toBe(200);
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await served?.close();
  });

  it('shows xinnei the board with a date range, each tile drawing the API’s numbers', async () => {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1100 } });
    contexts.push(context);
    const page = watchPageErrors(await context.newPage(), pageErrors);
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await logInThroughPage(page, 'xinnei', server!.passwords['xinnei']!);
    await page.getByRole('heading', { name: '住院联动驾驶舱' }).waitFor();
    await page.getByRole('status', { name: '数据更新时间' }).getByText(/加载于 /).waitFor();
    await ready(page);
    // An analyst may not edit the admin's board: no 编辑 link, but the TV mode is there.
    expect(await page.getByRole('link', { name: '编辑' }).count()).toBe(0);
    await page.getByRole('link', { name: '大屏模式' }).waitFor();

    const filters = page.getByRole('region', { name: '全局筛选' });
    await filters.getByLabel('时间范围').selectOption({ label: '自定义日期' });
    await filters.getByLabel('开始日期').fill('2025-01-01');
    await filters.getByLabel('结束日期').fill('2025-06-30');
    const timeRange = { from: '2025-01-01', to: '2025-06-30' };

    const byDepartment = await apiResult('xinnei', { metrics: ['discharges'], dimensions: ['department'], timeRange });
    expect(byDepartment.rows.map((r) => r['department'])).toEqual(['0101']);
    await expect.poll(() => drawnValues(tile(page, '各科室出院人数'), 'bar', '科室'), { timeout: 20_000 }).toEqual(apiValues(byDepartment, 'department'));
    const byMonth = await apiResult('xinnei', { metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange });
    expect(byMonth.rows).toHaveLength(6);
    await expect.poll(() => drawnValues(tile(page, '月度出院人数'), 'point', '时间'), { timeout: 20_000 }).toEqual(apiValues(byMonth, 'time', month));
    const byWard = await apiResult('xinnei', { metrics: ['discharges'], dimensions: ['ward'], timeRange });
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(byWard, 'ward'));
    // Drug stock has a time dimension: the range applies to it too.
    const stockout = await apiResult('xinnei', { metrics: ['drug_stockout_rate'], timeRange });
    await expect.poll(async () => Number(await tile(page, '药品缺货率').locator('.kpi-value data').getAttribute('value')), { timeout: 20_000 }).toBe(stockout.rows[0]!['drug_stockout_rate']);
  });

  // A long journey of eight redraws: alone it takes 6 s, but next to the unit tests on two cores
  // it once passed the default 60 s.
  it('cross-filters the other tiles by a clicked department bar, worked out from answers asked ahead, and asks for a second department', async () => {
    const page = await pageAs('admin');
    const asked: MetricQuery[] = [];
    const batchOf = (request: Request) => (request.url().endsWith('/api/query/batch') && request.method() === 'POST' ? (request.postDataJSON() as { queries: MetricQuery[] }).queries : []);
    // Tiles ask together: each batch names its queries.
    page.on('request', (request) => void asked.push(...batchOf(request)));
    // Once its tiles have their answers, the board asks for them grouped by each dimension a reader can click.
    const groupedAsked = page.waitForResponse((response) => batchOf(response.request()).some((q) => q.dimensions?.join() === 'ward,department'));
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await ready(page);
    await page.getByRole('link', { name: '编辑' }).waitFor();
    const grouped = await groupedAsked;
    await grouped.finished();
    // Asked ahead of the reader's click: the server audits them as such.
    expect((grouped.request().postDataJSON() as { ahead?: boolean }).ahead).toBe(true);
    expect(asked.filter((q) => q.dimensions?.length === 2).map((q) => q.dimensions!.join()).sort()).toEqual(['department,ward', 'time,department', 'time,ward', 'ward,department']);
    const askedBeforeClick = asked.length;

    const allDepartments = await apiResult('admin', { metrics: ['discharges'], dimensions: ['department'] });
    const cardiology = nameOf(allDepartments, 'department', '0101');
    expect(cardiology).toBe('心血管内科');
    const departments = tile(page, '各科室出院人数');
    await departments.locator(`svg [aria-roledescription="bar"][aria-label^="科室: ${cardiology};"]`).click();
    const selection = page.getByRole('region', { name: '联动筛选' });
    await selection.getByText(`科室：${cardiology}`).waitFor();

    const where = "department = '0101'";
    const byMonth = await apiResult('admin', { metrics: ['discharges'], dimensions: ['time'], grain: 'month', where });
    await expect.poll(() => drawnValues(tile(page, '月度出院人数'), 'point', '时间'), { timeout: 20_000 }).toEqual(apiValues(byMonth, 'time', month));
    const byWard = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'], where });
    expect(byWard.rows.every((r) => String(r['ward']).startsWith('0101'))).toBe(true);
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(byWard, 'ward'));
    // The month and ward tiles' new answers were read from the answers grouped by 科室, not asked
    // (what was asked since is grouped by 病区, ahead of the next click): the department tile keeps
    // its own bars, and drug stock has no department.
    expect(asked.slice(askedBeforeClick).filter((q) => q.dimensions?.length !== 2)).toEqual([]);
    expect((await marks(departments, 'bar')).length).toBe(allDepartments.rows.length);
    // The clicked bar stays solid and the others fade, drawn into the chart as it was (not embedded again).
    const opacity = (name: string) => departments.locator(`svg [aria-roledescription="bar"][aria-label^="科室: ${name};"]`).getAttribute('opacity');
    await expect.poll(() => opacity(cardiology)).toBe('1');
    expect(await opacity(nameOf(allDepartments, 'department', String(allDepartments.rows.find((r) => r['department'] !== '0101')!['department'])))).toBe('0.3');
    await page.screenshot({ path: join(artifactsDir, 'dashboard-zh.png'), fullPage: true });

    // Drug stock has no department: the tile says so rather than looking filtered.
    await tile(page, '药品缺货率').getByText('不随 科室 筛选').waitFor();

    // A second department widens the first: the month and ward tiles ask the server for both.
    const respiratory = nameOf(allDepartments, 'department', '0102');
    const askedBeforeSecond = asked.length;
    await departments.locator(`svg [aria-roledescription="bar"][aria-label^="科室: ${respiratory};"]`).click();
    await selection.getByText(`科室：${respiratory}`).waitFor();
    const both = "department in ('0101', '0102')";
    const bothWards = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'], where: both });
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(bothWards, 'ward'));
    const bothMonths = await apiResult('admin', { metrics: ['discharges'], dimensions: ['time'], grain: 'month', where: both });
    await expect.poll(() => drawnValues(tile(page, '月度出院人数'), 'point', '时间'), { timeout: 20_000 }).toEqual(apiValues(bothMonths, 'time', month));
    expect(asked.slice(askedBeforeSecond).filter((q) => q.where === both && q.dimensions?.length === 1).map((q) => q.dimensions![0]).sort()).toEqual(['time', 'ward']);
    await selection.getByRole('button', { name: `移除筛选 科室：${respiratory}` }).click();
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(byWard, 'ward'));

    await selection.getByRole('button', { name: `移除筛选 科室：${cardiology}` }).click();
    await page.getByText('点击图中的柱、点或扇区').waitFor();
    const wholeWards = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'] });
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(wholeWards, 'ward'));
    expect(await tile(page, '药品缺货率').getByText('不随 科室 筛选').count()).toBe(0);

    // The filter bar's 科室 picker: 0102 only, for every tile with departments.
    const filters = page.getByRole('region', { name: '全局筛选' });
    await filters.getByText('科室：全部').click();
    await filters.getByRole('checkbox', { name: /0102/ }).check();
    await filters.getByText('科室：呼吸内科', { exact: true }).waitFor();
    const respiratoryWards = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'], where: "department = '0102'" });
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(respiratoryWards, 'ward'));
    await page.screenshot({ path: join(artifactsDir, 'dashboard-filter-zh.png'), fullPage: true });
  }, 150_000);

  it('shows a reloaded board\'s charts at once as the tab\'s pictures of them, hands a click on one to the chart, and forgets them on logging out', async () => {
    const page = await pageAs('admin');
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await ready(page);
    const departments = tile(page, '各科室出院人数');
    const bars = departments.locator('svg [aria-roledescription="bar"]');
    await bars.first().waitFor();
    const pictureKeys = () => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('hbi.chartPicture.') && !k.endsWith('index')).length);
    // Kept when the page is idle: one for each of the three Vega charts.
    await expect.poll(pictureKeys, { timeout: 20_000 }).toBe(3);
    const drawnShapes = await bars.evaluateAll((marks) => marks.map((m) => m.getAttribute('d')));
    const cardiology = (await marks(departments, 'bar')).findIndex((label) => label.startsWith('科室: 心血管内科;'));
    expect(cardiology).toBeGreaterThanOrEqual(0);

    // Reloaded with the code that draws charts held back: the pictures show, the charts' views wait.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/chartDrawing-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.reload();
    await expect.poll(() => page.locator('.vega-picture svg').count(), { timeout: 20_000 }).toBe(3);
    const picture = departments.locator('.vega-picture');
    expect(await picture.getAttribute('aria-hidden')).toBe('true');
    expect(await picture.locator('.mark-rect path').evaluateAll((marks) => marks.map((m) => m.getAttribute('d')))).toEqual(drawnShapes);
    expect(await bars.count()).toBe(0);
    // A click on the picture's 心血管内科 bar, before the chart can hear it.
    await picture.locator('.mark-rect path').nth(cardiology).click();
    release();
    await page.getByRole('region', { name: '联动筛选' }).getByText('科室：心血管内科').waitFor();
    await expect.poll(() => page.locator('.vega-picture').count()).toBe(0);
    expect(await bars.evaluateAll((marks) => marks.map((m) => m.getAttribute('d')))).toEqual(drawnShapes);
    await page.unroute(/\/chartDrawing-[^/]*\.js$/);

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor();
    expect(await pictureKeys()).toBe(0);
  });

  it('drills 科室 → 病区 in a tile and back through the breadcrumb, and a clicked month into its days', async () => {
    const page = await pageAs('admin');
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await ready(page);
    const all = await apiResult('admin', { metrics: ['discharges'], dimensions: ['department'] });
    const name = nameOf(all, 'department', '0102');
    const departments = tile(page, '各科室出院人数');
    await departments.locator(`svg [aria-roledescription="bar"][aria-label^="科室: ${name};"]`).click();
    await departments.getByRole('button', { name: '下钻到病区' }).click();
    const breadcrumb = departments.getByRole('navigation', { name: '下钻路径' });
    await breadcrumb.getByText('病区').waitFor();
    expect(await breadcrumb.getByRole('listitem').allInnerTexts()).toEqual(['科室', name, '病区']);
    const wards = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'], where: "department = '0102'" });
    expect(wards.rows.length).toBeGreaterThan(0);
    await expect.poll(() => drawnValues(departments, 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(wards, 'ward'));
    // The drill keeps the selection the click made: the other tiles still follow 0102.
    await page.getByRole('region', { name: '联动筛选' }).getByText(`科室：${name}`).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'dashboard-drill-zh.png'), fullPage: true });

    await breadcrumb.getByRole('button', { name: '科室' }).click();
    await departments.getByRole('navigation', { name: '下钻路径' }).waitFor({ state: 'detached' });
    await expect.poll(() => drawnValues(departments, 'bar', '科室'), { timeout: 20_000 }).toEqual(apiValues(all, 'department'));

    // A period clicked on the time axis narrows the other tiles to it; the time tile drills into its days.
    await page.getByRole('region', { name: '联动筛选' }).getByRole('button', { name: '清除全部' }).click();
    const months = tile(page, '月度出院人数');
    await months.locator('svg [aria-roledescription="point"][aria-label^="时间: 2025年3月;"]').click();
    await page.getByRole('region', { name: '联动筛选' }).getByText('时间：2025年3月').waitFor();
    const march = await apiResult('admin', { metrics: ['discharges'], dimensions: ['ward'], timeRange: { from: '2025-03-01', to: '2025-03-31' } });
    await expect.poll(() => drawnValues(tile(page, '各病区出院人数'), 'bar', '病区'), { timeout: 20_000 }).toEqual(apiValues(march, 'ward'));
    await months.getByRole('button', { name: '下钻到日' }).click();
    const days = await apiResult('admin', { metrics: ['discharges'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-03-01', to: '2025-03-31' } });
    await expect.poll(async () => (await marks(months, 'point')).length, { timeout: 20_000 }).toBe(days.rows.length);
    await months.getByRole('navigation', { name: '下钻路径' }).getByText('2025年3月').waitFor();
  });

  it('drills xinnei through to the detail rows, patient numbers masked as the server sends them', async () => {
    const page = await pageAs('xinnei');
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await ready(page);
    const departments = tile(page, '各科室出院人数');
    // From the keyboard this time: the bar takes the focus, Enter selects it.
    await departments.locator('svg [aria-roledescription="bar"]').first().focus();
    await page.keyboard.press('Enter');
    await departments.getByRole('button', { name: '查看明细' }).click();
    const dialog = page.getByRole('dialog', { name: '明细：出院人数' });
    const table = dialog.getByRole('table', { name: '明细行' });
    await table.waitFor();
    const detail = (await (await server!.login('xinnei')).call('POST', '/api/query/detail', { metric: 'discharges', cell: { department: '0101' }, offset: 0, limit: 100 })).json<{
      total: number; columns: { name: string; masked?: boolean }[]; rows: Record<string, unknown>[];
    }>();
    expect(detail.total).toBeGreaterThan(100);
    await dialog.getByText(`第 1–100 条，共 ${detail.total.toLocaleString('zh-CN')} 条`).waitFor();
    const masked = detail.columns.filter((c) => c.masked).map((c) => c.name);
    expect(masked).toContain('patient_id');
    // The table shows the server's columns in its order; masked ones are marked *.
    const patientColumn = detail.columns.findIndex((c) => c.name === 'patient_id');
    expect((await table.locator('thead th').allInnerTexts())[patientColumn]).toMatch(/\*$/);
    const shown = await table.locator(`tbody tr td:nth-child(${patientColumn + 1})`).allInnerTexts();
    expect(shown).toHaveLength(100);
    for (const value of shown) expect(value).toMatch(/^.{2}\*+.{2}$/);
    expect(shown).toEqual(detail.rows.map((r) => String(r['patient_id'])));
    await dialog.getByRole('button', { name: '下一页' }).click();
    await dialog.getByText(`第 101–${Math.min(200, detail.total)} 条，共 ${detail.total.toLocaleString('zh-CN')} 条`).waitFor();
    await dialog.getByRole('button', { name: '关闭' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // A viewer reads aggregates only: no 查看明细.
    const viewer = await pageAs('yuanban');
    await viewer.goto(`${baseUrl}/dashboards/${boardId}`);
    await ready(viewer);
    await tile(viewer, '各科室出院人数').locator('svg [aria-roledescription="bar"]').first().click();
    await viewer.getByRole('region', { name: '联动筛选' }).waitFor();
    expect(await viewer.getByRole('button', { name: '查看明细' }).count()).toBe(0);
  });

  it('updates the TV mode without a reload when a load publishes new data', async () => {
    const page = await pageAs('xinnei');
    await page.goto(`${baseUrl}/dashboards/${boardId}/tv`);
    await ready(page);
    expect(await page.getByRole('navigation', { name: '主导航' }).count()).toBe(0);
    expect(await page.locator('.board-tv').count()).toBe(1);
    await page.getByRole('button', { name: '全屏' }).waitFor();
    expect(await page.getByRole('link', { name: '编辑' }).count()).toBe(0);
    const stamp = page.getByRole('status', { name: '数据更新时间' });
    // 加载于 is asked once the tiles have their answers.
    await stamp.getByText(/加载于 /).waitFor();
    const before = await stamp.getAttribute('data-loaded-at');
    await page.evaluate(() => ((window as unknown as { hbiNotReloaded: boolean }).hbiNotReloaded = true));
    await tile(page, '各病区出院人数').locator('svg [aria-roledescription="bar"]').first().waitFor();
    await tile(page, '月度出院人数').locator('svg [aria-roledescription="point"]').first().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'dashboard-tv-zh.png'), fullPage: true });

    // A new drug stock snapshot: 40 items, 10 out of stock.
    const rows = ['snapshot_date,sku_code,drug_name,specification,unit,pharmacy,stock_qty,safety_stock',
      ...Array.from({ length: 40 }, (_, i) => `20251231,SKU${String(i).padStart(4, '0')},阿莫西林,0.25g,盒,门诊药房,${i < 10 ? 0 : 20},10`)];
    const form = new FormData();
    form.append('extract', new Blob([rows.join('\n')], { type: 'text/csv' }), '库存 2025-12-31.csv');
    const upload = await fetch(`${baseUrl}/api/datasets/drug_inventory/uploads`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken }, body: form });
    expect(upload.status).toBe(202);
    const job = (await upload.json()) as { id: string };
    // 40 items in place of the whole stock: the load is held until a steward confirms it (server/README.md).
    const held = await (await fetch(`${baseUrl}/api/jobs/${job.id}/events`, { headers: { cookie: admin.cookie } })).text();
    expect(held).toContain('"status":"held"');
    const loadId = Number(/"loadId":(\d+)/.exec(held.slice(held.lastIndexOf('event: finished')))![1]);
    const confirmed = await fetch(`${baseUrl}/api/loads/${loadId}/confirm`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken } });
    expect(confirmed.status).toBe(202);
    const events = await (await fetch(`${baseUrl}/api/jobs/${((await confirmed.json()) as { id: string }).id}/events`, { headers: { cookie: admin.cookie } })).text();
    expect(events).toContain('"status":"loaded"');

    await expect.poll(() => stamp.getAttribute('data-loaded-at'), { timeout: 20_000 }).not.toBe(before);
    await expect.poll(async () => Number(await tile(page, '药品缺货率').locator('.kpi-value data').getAttribute('value')), { timeout: 20_000 }).toBe(0.25);
    expect(await page.evaluate(() => (window as unknown as { hbiNotReloaded?: boolean }).hbiNotReloaded)).toBe(true);
    await page.getByText('新数据已发布，图块已更新').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('opens the board through a share link until the link expires', async () => {
    const created = await admin.call('POST', `/api/dashboards/${boardId}/links`, { expiresInDays: 1 });
    expect(created.statusCode, created.body).toBe(201);
    const link = created.json<ShareLink>();
    const page = await pageAs('jizhen');
    await page.goto(`${baseUrl}${link.path}`);
    await page.getByRole('heading', { name: '住院联动驾驶舱' }).waitFor();
    await page.getByText('通过分享链接查看').waitFor();
    await ready(page);
    // A reader through a link: no edit or TV links.
    expect(await page.getByRole('link', { name: '编辑' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: '大屏模式' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);

    now = new Date(now.getTime() + 2 * 24 * 3600_000);
    const later = await pageAs('jizhen');
    await later.goto(`${baseUrl}${link.path}`);
    await later.getByRole('alert').getByText('链接已过期，请向分享者索取新链接。').waitFor();
    // The browser reports the 410 itself; nothing else went wrong.
    expect(pageErrors.filter((e) => !e.includes('status of 410'))).toEqual([]);
  });
});
