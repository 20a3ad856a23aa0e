// The hospital's 医院运营驾驶舱 as a manager meets it: the app opens on it, every tile draws what
// the query API answers for the same user, and its TV mode is the same board, dark. The hospital
// is generated up to yesterday, as `npm start` does, so that 上月 and 本年 have data.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HospitalServer } from '../server/testing/hospital-server.ts';
import type { Dashboard, DashboardListing, QueryResult, TileChart } from './api/types.ts';
import { currentPeriodStart, formatPeriod } from './charts/periodFormat.ts';
import { artifactsDir, hasChromium, openBrowserPage } from './testing/chromium.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { logInThroughPage } from './testing/session.ts';

describe.skipIf(!hasChromium)('the 医院运营驾驶舱 in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let cockpit: Dashboard;
  const pageErrors: string[] = [];

  const chartTiles = () => cockpit.published!.definition.tiles.flatMap((t) => (t.kind === 'chart' ? [{ ...t, chart: t.chart as TileChart }] : []));
  const allReady = () => expect.poll(() => page.locator('[data-tile-id][data-state="ready"]').count(), { timeout: 30_000 }).toBe(cockpit.published!.definition.tiles.length);

  beforeAll(async () => {
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    served = await serveHospitalWeb('cockpit', { end: yesterday, scale: 0.02 });
    ({ server, baseUrl } = served);
    const viewer = await server.login('yuanban');
    const listing = (await viewer.call('GET', '/api/dashboards')).json<DashboardListing>();
    cockpit = (await viewer.call('GET', `/api/dashboards/${listing.home}`)).json<Dashboard>();
    ({ browser, page } = await openBrowserPage(pageErrors, { width: 1600, height: 1200 }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('is what the app opens on, and every tile draws the API’s numbers for the reader', async () => {
    expect(cockpit.published!.definition.title).toBe('医院运营驾驶舱');
    await page.goto(baseUrl);
    await logInThroughPage(page, 'yuanban', server!.passwords['yuanban']!);
    await page.getByRole('heading', { name: '医院运营驾驶舱', level: 2 }).first().waitFor();
    await allReady();
    expect(await page.locator('[data-tile-id][data-state="error"]').count()).toBe(0);

    const viewer = await server!.login('yuanban');
    const answer = async (query: TileChart['query']) => (await viewer.call('POST', '/api/query', query)).json<QueryResult>();
    // The KPI row: each card's number and its 同比 are the API's, for last month.
    const kpis = chartTiles().filter((t) => t.chart.chart.type === 'kpi');
    expect(kpis).toHaveLength(10);
    for (const kpi of kpis) {
      const [metric] = kpi.chart.query.metrics as [string];
      const result = await answer(kpi.chart.query);
      const card = page.locator(`[data-tile-id="${kpi.id}"]`);
      const value = result.rows[0]![metric];
      if (typeof value === 'number') expect(Number(await card.locator('.kpi-value data').getAttribute('value')), kpi.title).toBeCloseTo(value, 9);
      const previous = result.rows[0]![`${metric}__yoy`];
      if (typeof previous === 'number') expect(Number(await card.locator('.kpi-previous data').getAttribute('value')), kpi.title).toBeCloseTo(previous, 9);
    }
    // The 本年 trends end in the month under way, which counts only the days so far: each says so
    // when the API's answer holds that month (not on a month's first day, the hospital being
    // generated up to yesterday).
    const trends = chartTiles().filter((t) => t.chart.query.dimensions?.includes('time'));
    expect(trends).toHaveLength(4);
    for (const trend of trends) {
      const current = currentPeriodStart(trend.chart.query.grain, new Date());
      const holdsIt = (await answer(trend.chart.query)).rows.some((r) => r['time'] === current);
      const note = page.locator(`[data-tile-id="${trend.id}"] .tile-period-note`);
      expect(await note.allTextContents(), trend.title).toEqual(holdsIt ? [`${formatPeriod(current, 'month', 'zh-CN')} 尚未结束：只计已过去的天数`] : []);
    }
    // Last month's discharges by department: one bar per department, named, with the API's counts.
    const byDepartment = chartTiles().find((t) => t.id === 'department-discharges')!;
    const result = await answer(byDepartment.chart.query);
    expect(result.rows.length).toBeGreaterThan(3);
    const bars = await page.locator(`[data-tile-id="${byDepartment.id}"] svg [aria-roledescription="bar"]`).evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    const drawn = bars.map((label) => Object.fromEntries(label.split('; ').map((part) => part.split(': ') as [string, string])));
    expect(drawn.map((d) => d['科室']).sort()).toEqual(result.rows.map((r) => result.labels!['department']![String(r['department'])]).sort());
    expect(drawn.map((d) => Number(d['出院人数（人）']!.replaceAll(',', ''))).sort((a, b) => a - b)).toEqual(result.rows.map((r) => r['discharges']).sort((a, b) => Number(a) - Number(b)));
    await page.screenshot({ path: join(artifactsDir, 'cockpit-zh.png'), fullPage: true });
  });

  it('shows the same board in TV mode, dark and without the app’s header', async () => {
    await page.getByRole('link', { name: '大屏模式' }).click();
    await page.waitForURL(/\/tv$/);
    await allReady();
    expect(await page.getByRole('navigation', { name: '主导航' }).count()).toBe(0);
    await page.getByRole('button', { name: '全屏' }).waitFor();
    await page.screenshot({ path: join(artifactsDir, 'cockpit-tv-zh.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
