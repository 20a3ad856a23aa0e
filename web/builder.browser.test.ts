// The chart builder, end to end: an analyst builds 出院人数 by 病区 for last year by dragging fields,
// the drawn bars are checked against the API's answer to the same MetricQuery, the chart becomes
// a monthly line, is saved and reopened; a field goes onto a shelf from the keyboard alone; and the
// viewer finds the builder read-only.
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalServer } from '../server/testing/hospital-server.ts';
import type { MetricQuery, QueryResult, SavedChart } from './api/types.ts';
import { artifactsDir, hasChromium, openBrowserPage, watchPageErrors } from './testing/chromium.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { logInThroughPage } from './testing/session.ts';

describe.skipIf(!hasChromium)('the chart builder in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  const pageErrors: string[] = [];

  const shelf = (name: string) => page.getByRole('list', { name });
  const field = (label: string) => page.getByRole('button', { name: label, exact: true }).first();
  const chart = () => page.getByRole('region', { name: '图表', exact: true });
  /** The API's answer, asked as the same user the browser is logged in as. */
  const apiResult = async (username: string, query: MetricQuery) => (await (await server!.login(username)).call('POST', '/api/query', query)).json<QueryResult>();

  /** Drags with the mouse in small steps: dnd-kit starts a drag only after the pointer has moved. */
  async function drag(source: Locator, target: Locator) {
    await source.scrollIntoViewIfNeeded();
    const from = (await source.boundingBox())!;
    const to = (await target.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2 + 8, from.y + from.height / 2 + 8, { steps: 4 });
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await page.mouse.up();
  }

  /** What each drawn bar says it is: Vega-Lite writes the mark's fields into its aria-label. */
  const markLabels = () => chart().locator('svg [aria-roledescription="bar"]').evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));

  beforeAll(async () => {
    served = await serveHospitalWeb('builder');
    ({ server, baseUrl } = served);
    ({ browser, page } = await openBrowserPage(pageErrors, { width: 1400, height: 1000 }));
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('builds 出院人数 by 病区 for last year by dragging, drawing the API’s numbers', async () => {
    await page.goto(baseUrl);
    await logInThroughPage(page, 'xinnei', server!.passwords['xinnei']!);
    await page.getByRole('navigation').getByRole('link', { name: '图表' }).click();
    await page.getByRole('heading', { name: '图表制作' }).waitFor();

    await drag(field('出院人数'), page.getByRole('heading', { name: 'Y 轴（指标）' }));
    await shelf('Y 轴（指标）').getByRole('listitem').filter({ hasText: '出院人数' }).waitFor();
    // Narrowed by the search box first, as people do with thirty metrics above the dimensions.
    await page.getByRole('searchbox', { name: '搜索字段' }).fill('病区');
    await drag(field('病区'), page.getByRole('heading', { name: 'X 轴（维度）' }));
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '病区' }).waitFor();
    await page.getByLabel('时间范围').selectOption({ label: '去年' });

    const query: MetricQuery = { metrics: ['discharges'], dimensions: ['ward'], timeRange: { relative: 'last_year' } };
    const expected = await apiResult('xinnei', query);
    expect(expected.rows.length).toBeGreaterThan(0);
    await expect.poll(async () => (await markLabels()).length, { timeout: 20_000 }).toBe(expected.rows.length);
    // "病区: 0101-01; 出院人数（人）: 1,197" → ward and number.
    const drawn = (await markLabels()).map((label) => {
      const parts = Object.fromEntries(label.split('; ').map((part) => part.split(': ') as [string, string]));
      return { ward: parts['病区'], discharges: Number(parts['出院人数（人）']!.replaceAll(',', '')) };
    });
    // Bars are named as wards are known (心内一病区), from the names the API sends beside the codes.
    const wardNames = expected.labels!['ward']!;
    expect(Object.keys(wardNames).length).toBe(expected.rows.length);
    expect(drawn.sort((a, b) => String(a.ward).localeCompare(String(b.ward)))).toEqual(
      expected.rows.map((r) => ({ ward: wardNames[String(r['ward'])], discharges: r['discharges'] })).sort((a, b) => String(a.ward).localeCompare(String(b.ward))),
    );
    // 智能推荐 chose the bar chart, and says so.
    expect(await page.getByRole('button', { name: /^柱状图/ }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('searchbox', { name: '搜索字段' }).fill('');
    await page.screenshot({ path: join(artifactsDir, 'builder-zh.png'), fullPage: true });
  });

  it('switches X to time by month for a line chart, saves it, and reopens it after a reload', async () => {
    await shelf('X 轴（维度）').getByRole('button', { name: '移除 病区' }).click();
    await page.getByRole('button', { name: '添加 时间' }).click();
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '时间' }).waitFor();
    const grain = page.getByRole('group', { name: '时间粒度' });
    await grain.getByRole('button', { name: '月' }).click();
    expect(await grain.getByRole('button', { name: '月' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByRole('button', { name: /^折线图/ }).getAttribute('aria-pressed'), { timeout: 20_000 }).toBe('true');
    await chart().locator('svg [aria-roledescription="line mark"], svg [aria-roledescription="line"]').first().waitFor();

    await page.getByLabel('图表名称').fill('心内科月出院人数');
    await page.getByLabel('说明').fill('去年各月出院人数');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/builder\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const saved = (await (await server!.login('xinnei')).call('GET', `/api/charts/${id}`)).json<SavedChart>();
    expect(saved.name).toBe('心内科月出院人数');
    expect(saved.config.query).toEqual({ metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { relative: 'last_year' } });
    expect(saved.config.chart.type).toBe('line');

    await page.reload();
    await page.getByRole('heading', { name: '心内科月出院人数' }).waitFor();
    await shelf('Y 轴（指标）').getByRole('listitem').filter({ hasText: '出院人数' }).waitFor();
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '时间' }).waitFor();
    expect(await page.getByRole('group', { name: '时间粒度' }).getByRole('button', { name: '月' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByLabel('时间范围').inputValue()).toBe('last_year');
    expect(await page.getByRole('button', { name: /^折线图/ }).getAttribute('aria-pressed')).toBe('true');
    await chart().locator('svg').first().waitFor();
    expect(await page.getByLabel('图表名称').inputValue()).toBe('心内科月出院人数');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('list', { name: 'Y axis (metrics)' }).waitFor();
    await chart().or(page.getByRole('region', { name: 'Chart', exact: true })).locator('svg').first().waitFor();
    await page.screenshot({ path: join(artifactsDir, 'builder-en.png'), fullPage: true });
    await page.getByRole('button', { name: '中文' }).click();
    await shelf('Y 轴（指标）').waitFor();
  });

  it('puts a field on a shelf from the keyboard alone, and says so to screen readers', async () => {
    await page.goto(`${baseUrl}/builder`);
    await page.getByRole('heading', { name: '图表制作' }).waitFor();
    const handle = field('出院人数');
    await handle.focus();
    await page.keyboard.press('Space');
    await page.getByText('已拿起 出院人数', { exact: false }).waitFor({ state: 'attached' });
    // dnd-kit listens for the arrow keys from the next tick on.
    await page.waitForTimeout(50);
    // Shelf order: X, Y, series, filters. X does not take a metric; one more step reaches Y.
    await page.keyboard.press('ArrowRight');
    await page.getByText('出院人数 位于 X 轴（维度） 上方，但这里不能放入它。').waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowRight');
    await page.getByText('出院人数 位于 Y 轴（指标） 上方。').waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await shelf('Y 轴（指标）').getByRole('listitem').filter({ hasText: '出院人数' }).waitFor();
    await page.getByText('已把 出院人数 放入 Y 轴（指标）', { exact: false }).waitFor({ state: 'attached' });
    // And the click-to-add button, from the keyboard too.
    await page.getByRole('button', { name: '添加 科室' }).focus();
    await page.keyboard.press('Enter');
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '科室' }).waitFor();
  });

  it('draws a reference line at its value, and a KPI card with 同比 as the API counts it', async () => {
    await page.goto(`${baseUrl}/builder`);
    await page.getByRole('heading', { name: '图表制作' }).waitFor();
    await page.getByRole('button', { name: '添加 出院人数' }).click();
    await page.getByRole('button', { name: '添加 病区' }).click();
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '病区' }).waitFor();
    // Over all the data there is no earlier period: the switch says why it is off.
    expect(await page.getByLabel('对比').isDisabled()).toBe(true);
    await page.getByText('同比/环比需要时间范围').waitFor();
    await page.getByLabel('时间范围').selectOption({ label: '去年' });

    await page.getByRole('spinbutton', { name: '参考线数值' }).fill('1000');
    await page.getByRole('textbox', { name: '参考线名称' }).fill('目标');
    await page.getByRole('button', { name: '添加参考线' }).click();
    await page.getByRole('list', { name: '参考线' }).getByRole('listitem').filter({ hasText: '目标：1000' }).waitFor();
    const rule = chart().locator('svg g.hbi_threshold_rules_marks [aria-roledescription]').first();
    await rule.waitFor({ state: 'attached' });
    expect(await rule.getAttribute('aria-label')).toBe('参考线');
    expect(await chart().locator('svg g.hbi_threshold_labels_marks text').first().textContent()).toBe('目标 1,000');
    // The rule sits where the value axis puts 1000: between the bars' tops drawn from the same scale.
    const ruleY = await rule.evaluate((el) => (el as SVGGraphicsElement).getBoundingClientRect().y);
    const bars = await chart().locator('svg [aria-roledescription="bar"]').evaluateAll((marks) =>
      marks.map((m) => ({ label: m.getAttribute('aria-label') ?? '', top: (m as SVGGraphicsElement).getBoundingClientRect().y })));
    const value = (label: string) => Number(/出院人数（人）: ([\d,]+)/.exec(label)![1]!.replaceAll(',', ''));
    for (const bar of bars) {
      if (value(bar.label) > 1000) expect(bar.top).toBeLessThan(ruleY);
      if (value(bar.label) < 1000) expect(bar.top).toBeGreaterThan(ruleY);
    }

    await shelf('X 轴（维度）').getByRole('button', { name: '移除 病区' }).click();
    await page.getByRole('button', { name: /^指标卡/ }).click();
    await page.getByLabel('对比').selectOption({ label: '同比' });
    const expected = await apiResult('xinnei', { metrics: ['discharges'], timeRange: { relative: 'last_year' }, compare: ['yoy'] });
    const card = chart().getByRole('figure', { name: '出院人数' });
    const previous = card.locator('.kpi-previous data');
    await previous.waitFor();
    expect(Number(await previous.getAttribute('value'))).toBe(expected.rows[0]!['discharges__yoy']);
    expect(Number(await card.locator('.kpi-value data').getAttribute('value'))).toBe(expected.rows[0]!['discharges']);
    await card.getByText(/^同比 (▲ |▼ )?[+−-]?[\d.]+%/).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'builder-display-zh.png'), fullPage: true });

    // Saved and reopened, the comparison and the reference line come back.
    await page.getByLabel('图表名称').fill('去年出院人数同比');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/builder\/[0-9a-f-]{36}$/);
    await page.reload();
    await page.getByRole('heading', { name: '去年出院人数同比' }).waitFor();
    expect(await page.getByLabel('对比').inputValue()).toBe('yoy');
    await page.getByRole('list', { name: '参考线' }).getByRole('listitem').filter({ hasText: '目标：1000' }).waitFor();
    expect(Number(await chart().locator('.kpi-previous data').getAttribute('value'))).toBe(expected.rows[0]!['discharges__yoy']);
  });

  it('takes a percent metric’s reference line and colour rule in percent: 95 is 95 %', async () => {
    await page.goto(`${baseUrl}/builder`);
    await page.getByRole('heading', { name: '图表制作' }).waitFor();
    await page.getByRole('button', { name: '添加 床位使用率' }).click();
    await page.getByRole('button', { name: '添加 病区' }).click();
    await shelf('X 轴（维度）').getByRole('listitem').filter({ hasText: '病区' }).waitFor();
    await page.getByLabel('时间范围').selectOption({ label: '去年' });
    await page.getByRole('spinbutton', { name: '参考线数值' }).fill('95');
    await page.getByRole('textbox', { name: '参考线名称' }).fill('目标');
    await page.getByRole('button', { name: '添加参考线' }).click();
    await page.getByRole('list', { name: '参考线' }).getByRole('listitem').filter({ hasText: '目标：95%' }).waitFor();
    const label = chart().locator('svg g.hbi_threshold_labels_marks text').first();
    await label.waitFor({ state: 'attached' });
    expect(await label.textContent()).toBe('目标 95.0%');
    await page.getByLabel('条件颜色的条件').selectOption('above');
    await page.getByRole('spinbutton', { name: '条件颜色的数值' }).fill('100');
    // The value axis stays on the rates' own scale (no 10,000 % from a 95 read as 9,500 %).
    const expected = await apiResult('xinnei', { metrics: ['bed_occupancy_rate'], dimensions: ['ward'], timeRange: { relative: 'last_year' } });
    const highest = Math.max(...expected.rows.map((r) => Number(r['bed_occupancy_rate'])), 0.95);
    const ticks = (await chart().locator('svg .role-axis-label text').allTextContents()).filter((t) => t.endsWith('%')).map((t) => Number(t.replace(/[%,]/g, '')));
    expect(Math.max(...ticks)).toBeLessThanOrEqual(Math.ceil(highest * 100 / 20) * 20 + 20);
    // Bars above 100 % take the rule's colour, the others keep theirs.
    const fills = await chart().locator('svg [aria-roledescription="bar"]').evaluateAll((marks) => marks.map((m) => ({ label: m.getAttribute('aria-label') ?? '', fill: m.getAttribute('fill') })));
    const rate = (l: string) => Number(/床位使用率: ([\d.]+)%/.exec(l)![1]) / 100;
    expect(fills.length).toBe(expected.rows.length);
    for (const bar of fills) expect(bar.fill === '#d62728', bar.label).toBe(rate(bar.label) > 1);
    await page.screenshot({ path: join(artifactsDir, 'builder-percent-reference-zh.png'), fullPage: true });
  });

  it('pages a long table 100 rows at a time', async () => {
    const client = await server!.login('xinnei');
    const query: MetricQuery = { metrics: ['discharges'], dimensions: ['time'], grain: 'day', timeRange: { relative: 'last_year' } };
    const saved = (await client.call('POST', '/api/charts', { name: '去年每日出院人数', config: { query, chart: { type: 'table', chosen: true } } })).json<SavedChart>();
    const expected = await apiResult('xinnei', query);
    expect(expected.rows.length).toBeGreaterThan(200);
    await page.goto(`${baseUrl}/builder/${saved.id}`);
    const table = chart().getByRole('table');
    const pager = chart().getByRole('navigation', { name: /分页$/ });
    await expect.poll(() => pager.getByRole('status').textContent(), { timeout: 20_000 }).toBe(`第 1–100 条，共 ${expected.rows.length} 条`);
    expect(await table.locator('tbody tr').count()).toBe(100);
    await pager.getByRole('button', { name: '下一页' }).click();
    expect(await pager.getByRole('status').textContent()).toBe(`第 101–200 条，共 ${expected.rows.length} 条`);
    // the 101st day of the answer heads the second page
    expect(await table.locator('tbody tr').first().locator('td').last().locator('data').getAttribute('value')).toBe(String(expected.rows[100]!['discharges']));
  });

  it('is read-only for the viewer: no saving, no fields to move, and says why', async () => {
    const context = await browser!.newContext({ viewport: { width: 1400, height: 1000 } });
    const viewerPage = watchPageErrors(await context.newPage(), pageErrors);
    await viewerPage.goto(`${baseUrl}/builder`);
    await logInThroughPage(viewerPage, 'yuanban', server!.passwords['yuanban']!);
    await viewerPage.getByRole('note').filter({ hasText: '只能查看' }).waitFor();
    expect(await viewerPage.getByRole('button', { name: '保存', exact: true }).count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: '添加 出院人数' }).isDisabled()).toBe(true);
    expect(await viewerPage.getByRole('button', { name: '出院人数', exact: true }).getAttribute('aria-disabled')).toBe('true');
    await viewerPage.screenshot({ path: join(artifactsDir, 'builder-viewer-zh.png'), fullPage: true });
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
