// The dashboard editor, end to end: the analyst xinnei saves four charts, creates a board, drags
// the four charts from the palette onto the grid, resizes one, adds a heading, saves, publishes
// and shares it with viewers; the board's page draws the API's numbers. A later draft stays
// unseen: the viewer yuanban finds the board listed with its published title and no editing
// controls. Publishing again and restoring v1 brings v1's title back into the draft; a refusal
// is said next to 保存草稿 with nothing lost; tabs, undo of a removal, the guard on leaving with
// unsaved changes, and the YAML export and import.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, HospitalServer } from '../server/testing/hospital-server.ts';
import type { Dashboard, MetricQuery, QueryResult, SavedChart } from './api/types.ts';
import { artifactsDir, hasChromium, launchChromium, watchPageErrors } from './testing/chromium.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { addSessionCookie, logInThroughPage } from './testing/session.ts';

const lastYear = { relative: 'last_year' } as const;
const charts: { name: string; config: SavedChart['config'] }[] = [
  { name: '各病区出院人数', config: { query: { metrics: ['discharges'], dimensions: ['ward'], timeRange: lastYear }, chart: { type: 'bar', x: 'ward', y: ['discharges'] } } },
  { name: '去年出院人数', config: { query: { metrics: ['discharges'], timeRange: lastYear }, chart: { type: 'kpi', y: ['discharges'] } } },
  { name: '月度出院人数', config: { query: { metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: lastYear }, chart: { type: 'line', x: 'time', y: ['discharges'], grain: 'month' } } },
  { name: '药品缺货率', config: { query: { metrics: ['drug_stockout_rate'], timeRange: lastYear }, chart: { type: 'kpi', y: ['drug_stockout_rate'] } } },
];

describe.skipIf(!hasChromium)('the dashboard editor in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let baseUrl: string;
  let analyst: ApiClient;
  let page: Page;
  let boardId: string;
  const pageErrors: string[] = [];
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1500 } });
    contexts.push(context);
    return watchPageErrors(await context.newPage(), pageErrors);
  }

  const grid = () => page.locator('.edit-grid');
  const editorTiles = () => grid().locator('article.edit-tile');
  const palette = () => page.getByRole('complementary', { name: '我的图表' });
  const board = async () => (await analyst.call('GET', `/api/dashboards/${boardId}`)).json<Dashboard>();
  const apiResult = async (query: MetricQuery) => (await analyst.call('POST', '/api/query', query)).json<QueryResult>();

  /** The numbers a Vega tile draws, from the marks' aria-labels ("病区: …; 出院人数（人）: 1,197"), sorted. */
  const drawnNumbers = (region: Locator, role: 'bar' | 'point') =>
    region.locator(`svg [aria-roledescription="${role}"]`).evaluateAll((marks) =>
      marks
        .map((m) => (m.getAttribute('aria-label') ?? '').split('; ').find((part) => part.startsWith('出院人数'))?.split(': ')[1] ?? '')
        .map((text) => Number(text.replaceAll(',', '')))
        .sort((a, b) => a - b),
    );
  const apiNumbers = (result: QueryResult, metric: string) => result.rows.map((r) => r[metric] as number).sort((a, b) => a - b);

  beforeAll(async () => {
    served = await serveHospitalWeb('dashboard-editor');
    ({ server, baseUrl } = served);
    browser = await launchChromium();
    analyst = await server.login('xinnei');
    for (const chart of charts) {
      const saved = await analyst.call('POST', '/api/charts', { name: chart.name, description: '', config: chart.config });
      expect(saved.statusCode, saved.body).toBe(201);
    }
    page = await newPage();
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await served?.close();
  });

  it('builds a four-tile board by dragging, publishes and shares it; the board draws the API’s numbers', async () => {
    await page.goto(`${baseUrl}/dashboards`);
    await logInThroughPage(page, 'xinnei', server!.passwords['xinnei']!);
    await page.getByRole('heading', { name: '驾驶舱', exact: true }).waitFor();
    await page.getByRole('button', { name: '新建驾驶舱' }).click();
    await page.waitForURL(/\/dashboards\/[0-9a-f-]{36}\/edit$/);
    boardId = page.url().split('/').at(-2)!;
    await page.getByRole('heading', { name: '编辑驾驶舱：未命名驾驶舱' }).waitFor();
    expect((await board()).draft?.title).toBe('未命名驾驶舱');

    // Each chart dragged from the palette onto the grid, into empty space: the two KPI cards top
    // left, the line top right, the bars below the cards. react-grid-layout centres a dropped tile
    // on the pointer, so each target is the centre of the cells the tile should take.
    const box = (await grid().boundingBox())!;
    const cell = (box.width - 11 * 12) / 12 + 12;
    const centre = (x: number, y: number, w: number, h: number) => ({ x: x * cell + (w * cell - 12) / 2, y: y * 52 + (h * 52 - 12) / 2 });
    const targets: Record<string, { x: number; y: number }> = {
      去年出院人数: centre(0, 0, 3, 4), 药品缺货率: centre(3, 0, 3, 4), 月度出院人数: centre(6, 0, 6, 8), 各病区出院人数: centre(0, 4, 6, 8),
    };
    for (const [i, name] of ['去年出院人数', '药品缺货率', '月度出院人数', '各病区出院人数'].entries()) {
      const chart = charts.find((c) => c.name === name)!;
      const item = palette().locator('.palette-chart').filter({ hasText: chart.name });
      await item.dragTo(grid(), { targetPosition: targets[chart.name]! });
      await expect.poll(() => editorTiles().count(), { timeout: 15_000 }).toBe(i + 1);
      await grid().getByRole('article', { name: chart.name }).waitFor();
    }
    await page.getByRole('status').filter({ hasText: '未保存的更改' }).waitFor();
    // Every tile previews its chart: the KPI cards' numbers, the bars and the line's points.
    await grid().getByRole('article', { name: '各病区出院人数' }).locator('svg [aria-roledescription="bar"]').first().waitFor({ timeout: 20_000 });
    await grid().getByRole('article', { name: '去年出院人数' }).locator('.kpi-value').waitFor({ timeout: 20_000 });

    // Resize 月度出院人数 by its corner: four rows taller, as tall as the cards and bars beside it.
    const months = grid().locator('.react-grid-item').filter({ has: page.getByRole('article', { name: '月度出院人数' }) });
    const before = (await months.boundingBox())!;
    const corner = months.locator('.react-resizable-handle');
    await months.hover();
    const handle = (await corner.boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 40, { steps: 4 });
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2 + 4 * 52, { steps: 12 });
    await page.mouse.up();
    await expect.poll(async () => (await months.boundingBox())!.height, { timeout: 15_000 }).toBeGreaterThan(before.height + 150);

    // And from the keyboard: Shift+→ on 药品缺货率's handle widens it by a column, Shift+← back, announced.
    const stockHandle = page.getByRole('button', { name: '移动 药品缺货率' });
    await stockHandle.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await page.getByText('药品缺货率 现在宽 4 列、高 4 行。').waitFor({ state: 'attached' });
    await page.keyboard.press('Shift+ArrowLeft');
    await page.getByText('药品缺货率 现在宽 3 列、高 4 行。').waitFor({ state: 'attached' });

    // A heading across the top, and the board's title.
    await page.getByRole('button', { name: '添加标题' }).click();
    await editorTiles().getByRole('textbox', { name: '文字' }).fill('心内科住院运营');
    await page.getByLabel('驾驶舱标题').fill('心内科运营驾驶舱');

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('status').filter({ hasText: '草稿已保存，尚未发布' }).waitFor();
    const saved = (await board()).draft!;
    expect(saved.title).toBe('心内科运营驾驶舱');
    expect(saved.tiles.filter((t) => t.kind === 'chart').map((t) => t.title).sort()).toEqual(charts.map((c) => c.name).sort());
    const chartsById = new Map(((await analyst.call('GET', '/api/charts')).json<{ charts: SavedChart[] }>()).charts.map((c) => [c.id, c]));
    for (const tile of saved.tiles) {
      if (tile.kind !== 'chart') continue;
      expect(tile.chart, tile.title).toEqual(chartsById.get(tile.sourceChartId!)!.config);
    }
    // Where they were dropped (below the heading), and the line four rows taller.
    const layoutOf = (title: string) => saved.tiles.find((t) => t.title === title)!.layout;
    expect(layoutOf('去年出院人数')).toEqual({ x: 0, y: 2, w: 3, h: 4 });
    expect(layoutOf('药品缺货率')).toEqual({ x: 3, y: 2, w: 3, h: 4 });
    expect(layoutOf('月度出院人数')).toEqual({ x: 6, y: 2, w: 6, h: 12 });
    expect(layoutOf('各病区出院人数')).toEqual({ x: 0, y: 6, w: 6, h: 8 });
    // The heading on top, nothing overlapping.
    expect(saved.tiles.find((t) => t.kind === 'text')!.layout).toEqual({ x: 0, y: 0, w: 12, h: 2 });
    const overlaps = saved.tiles.flatMap((a, i) => saved.tiles.slice(i + 1).filter((b) =>
      a.layout.x < b.layout.x + b.layout.w && b.layout.x < a.layout.x + a.layout.w && a.layout.y < b.layout.y + b.layout.h && b.layout.y < a.layout.y + a.layout.h).map((b) => [a.id, b.id]));
    expect(overlaps).toEqual([]);
    expect(saved.tiles.find((t) => t.kind === 'text')).toMatchObject({ style: 'title', text: '心内科住院运营' });

    await page.getByLabel('发布说明（可选）').fill('第一版');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByText('已发布为 v1。').waitFor();

    await page.getByRole('button', { name: '分享', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '分享驾驶舱' });
    await dialog.getByRole('checkbox', { name: '浏览者' }).check();
    await dialog.getByRole('button', { name: '保存分享设置' }).click();
    await dialog.getByText('分享设置已保存。').waitFor();
    expect((await board()).shares).toEqual([{ kind: 'role', role: 'viewer' }]);
    await dialog.getByRole('button', { name: '生成分享链接' }).click();
    await expect.poll(() => dialog.getByRole('textbox', { name: '分享链接' }).inputValue(), { timeout: 15_000 }).toMatch(new RegExp(`^${baseUrl}/shared/[A-Za-z0-9_-]+$`));
    await dialog.getByText(/^有效期至 /).waitFor();
    await dialog.getByRole('button', { name: '关闭' }).click();

    await page.screenshot({ path: join(artifactsDir, 'dashboard-editor-zh.png'), fullPage: true });

    // The board as readers see it: the four tiles draw what POST /api/query answers.
    await page.goto(`${baseUrl}/dashboards/${boardId}`);
    await page.getByRole('heading', { name: '心内科运营驾驶舱' }).waitFor();
    await expect.poll(() => page.locator('[data-tile-id][data-state="ready"]').count(), { timeout: 20_000 }).toBe(5);
    const region = (name: string) => page.getByRole('region', { name, exact: true });
    const total = await apiResult(charts[1]!.config.query);
    await expect.poll(async () => Number(await region('去年出院人数').locator('.kpi-value data').getAttribute('value')), { timeout: 20_000 }).toBe(total.rows[0]!['discharges']);
    const byWard = await apiResult(charts[0]!.config.query);
    expect(byWard.rows.length).toBeGreaterThan(1);
    await expect.poll(() => drawnNumbers(region('各病区出院人数'), 'bar'), { timeout: 20_000 }).toEqual(apiNumbers(byWard, 'discharges'));
    const byMonth = await apiResult(charts[2]!.config.query);
    expect(byMonth.rows).toHaveLength(12);
    await expect.poll(() => drawnNumbers(region('月度出院人数'), 'point'), { timeout: 20_000 }).toEqual(apiNumbers(byMonth, 'discharges'));
    const stockout = await apiResult(charts[3]!.config.query);
    await expect.poll(async () => Number(await region('药品缺货率').locator('.kpi-value data').getAttribute('value')), { timeout: 20_000 }).toBe(stockout.rows[0]!['drug_stockout_rate']);

    // A later draft, not published.
    await page.goto(`${baseUrl}/dashboards/${boardId}/edit`);
    await page.getByLabel('驾驶舱标题').fill('心内科运营驾驶舱（修订中）');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('status').filter({ hasText: '草稿已保存，尚未发布' }).waitFor();
    expect((await board()).published?.definition.title).toBe('心内科运营驾驶舱');
  }, 240_000);

  it('shows the viewer the published board, listed, without the draft or any editing control', async () => {
    const viewer = await newPage();
    await addSessionCookie(viewer.context(), baseUrl, (await server!.login('yuanban')).cookie);
    await viewer.goto(`${baseUrl}/dashboards`);
    const list = viewer.getByRole('table', { name: '驾驶舱列表' });
    await list.getByRole('link', { name: '心内科运营驾驶舱', exact: true }).waitFor();
    expect(await list.getByText('修订中').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: '新建驾驶舱' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: '导入 YAML' }).count()).toBe(0);
    expect(await list.getByRole('link', { name: /^编辑/ }).count()).toBe(0);

    await list.getByRole('link', { name: '心内科运营驾驶舱', exact: true }).click();
    await viewer.getByRole('heading', { name: '心内科运营驾驶舱', exact: true }).waitFor();
    await expect.poll(() => viewer.locator('[data-tile-id][data-state="ready"]').count(), { timeout: 20_000 }).toBe(5);
    expect(await viewer.getByRole('link', { name: '编辑' }).count()).toBe(0);
    expect(await viewer.getByText('修订中').count()).toBe(0);
  }, 120_000);

  it('restores v1 after publishing v2; says refusals; edits tabs; guards unsaved changes; exports and imports YAML', async () => {
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await page.getByText('已发布为 v2。').waitFor();
    await page.getByRole('button', { name: '版本历史' }).click();
    const history = page.getByRole('region', { name: '版本历史' });
    await history.getByRole('listitem').filter({ hasText: 'v2' }).waitFor();
    await history.getByRole('button', { name: '恢复 v1' }).click();
    await history.getByText('把 v1 恢复为草稿？').waitFor();
    await history.getByRole('button', { name: '确认恢复' }).click();
    await expect.poll(() => page.getByLabel('驾驶舱标题').inputValue(), { timeout: 15_000 }).toBe('心内科运营驾驶舱');
    await page.getByRole('status').filter({ hasText: '草稿已保存，尚未发布' }).waitFor();
    const restored = await board();
    expect(restored.draft?.title).toBe('心内科运营驾驶舱');
    expect(restored.published?.version).toBe(2);
    expect(restored.published?.definition.title).toBe('心内科运营驾驶舱（修订中）');

    // A refusal is said next to the action, in the server's words, and nothing typed is lost.
    await page.getByText('筛选与刷新').click();
    const refresh = page.getByLabel('大屏刷新间隔（秒）');
    await refresh.fill('5');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('alert').filter({ hasText: /^保存草稿失败，更改仍在编辑器中：.*refreshSeconds/ }).waitFor();
    expect(await refresh.inputValue()).toBe('5');
    // Chromium logs the refused request as a console error; it was meant.
    await expect.poll(() => pageErrors.indexOf('Failed to load resource: the server responded with a status of 400 (Bad Request)'), { timeout: 5_000 }).toBeGreaterThanOrEqual(0);
    pageErrors.splice(pageErrors.indexOf('Failed to load resource: the server responded with a status of 400 (Bad Request)'), 1);
    await refresh.fill('60');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByRole('status').filter({ hasText: '草稿已保存，尚未发布' }).waitFor();
    expect((await board()).draft?.refreshSeconds).toBe(60);

    // Tabs: the first tab added keeps the tiles there; a chart added on the second sits there
    // alone; removing the second moves it below the first's tiles; a removed tile comes back by 撤销.
    await page.getByRole('button', { name: '添加标签页' }).click();
    const tabs = page.getByRole('tablist', { name: '标签页' });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['标签页 1', '标签页 2']);
    expect(await tabs.getByRole('tab', { name: '标签页 2' }).getAttribute('aria-selected')).toBe('true');
    expect(await editorTiles().count()).toBe(0);
    await palette().getByRole('button', { name: '添加 月度出院人数' }).click();
    await expect.poll(() => editorTiles().count(), { timeout: 15_000 }).toBe(1);
    await tabs.getByRole('tab', { name: '标签页 1' }).click();
    await expect.poll(() => editorTiles().count(), { timeout: 15_000 }).toBe(5);
    await tabs.getByRole('tab', { name: '标签页 2' }).click();
    await page.getByRole('button', { name: '删除标签页 标签页 2' }).click();
    await expect.poll(() => editorTiles().count(), { timeout: 15_000 }).toBe(6);
    await page.getByRole('button', { name: '删除标签页 标签页 1' }).click();
    expect(await page.getByRole('tablist').count()).toBe(0);
    await grid().getByRole('button', { name: '移除 药品缺货率' }).click();
    await expect.poll(() => editorTiles().count(), { timeout: 15_000 }).toBe(5);
    await page.getByRole('button', { name: '撤销' }).click();
    await grid().getByRole('article', { name: '药品缺货率' }).waitFor();

    // A chart built in place: the builder opens over the board, and the chart it saves joins it.
    await palette().getByRole('button', { name: '新建图表' }).click();
    const builder = page.getByRole('dialog', { name: '新建图表（保存后加入驾驶舱）' });
    await builder.getByRole('button', { name: '添加 出院者平均住院日' }).click();
    await builder.getByRole('region', { name: '图表', exact: true }).locator('.kpi-value').waitFor({ timeout: 20_000 });
    await builder.getByLabel('图表名称').fill('在此新建的平均住院日');
    await builder.getByRole('button', { name: '保存', exact: true }).click();
    await builder.waitFor({ state: 'hidden' });
    await grid().getByRole('article', { name: '在此新建的平均住院日' }).waitFor();
    expect(await editorTiles().count()).toBe(7);
    await palette().getByText('在此新建的平均住院日').waitFor();

    // Leaving through a link with unsaved changes asks first; staying keeps them.
    await page.getByLabel('说明', { exact: true }).fill('草稿里的说明');
    await page.getByRole('status').filter({ hasText: '未保存的更改' }).waitFor();
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    const nav = page.getByRole('navigation').getByRole('link', { name: '驾驶舱' });
    await nav.click();
    await expect.poll(() => asked, { timeout: 15_000 }).toEqual(['有未保存的更改，离开后会丢失。确定离开吗？']);
    expect(page.url()).toMatch(/\/edit$/);
    expect(await page.getByLabel('说明', { exact: true }).inputValue()).toBe('草稿里的说明');
    page.once('dialog', (d) => void d.accept());
    await nav.click();
    const list = page.getByRole('table', { name: '驾驶舱列表' });
    await list.getByRole('link', { name: '编辑 心内科运营驾驶舱' }).waitFor();

    // Exported as YAML (the published v2), and imported back as a new board under another slug.
    const [download] = await Promise.all([page.waitForEvent('download'), list.getByRole('link', { name: '导出 心内科运营驾驶舱 的 YAML' }).click()]);
    const yaml = await readFile((await download.path())!, 'utf8');
    expect(yaml).toContain('title: 心内科运营驾驶舱（修订中）');
    const copy = yaml.replace(/^slug: .*$/m, 'slug: imported-copy').replace('title: 心内科运营驾驶舱（修订中）', 'title: 导入的驾驶舱');
    await page.getByLabel('选择要导入的 YAML 文件').setInputFiles({ name: 'imported-copy.yaml', mimeType: 'application/yaml', buffer: Buffer.from(copy) });
    await page.getByText('已导入“导入的驾驶舱”。').waitFor();
    await list.getByRole('link', { name: '导入的驾驶舱', exact: true }).waitFor();

    // The editor in English.
    await list.getByRole('link', { name: '编辑 导入的驾驶舱' }).click();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Edit dashboard: 导入的驾驶舱' }).waitFor();
    await page.getByRole('button', { name: 'Save draft' }).waitFor();
    await page.getByRole('complementary', { name: 'My charts' }).getByRole('button', { name: 'Add 月度出院人数' }).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'dashboard-editor-en.png'), fullPage: true });
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('button', { name: '保存草稿' }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
