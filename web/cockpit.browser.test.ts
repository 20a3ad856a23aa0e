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
      expect(await note.allTextContents(), trend.title).toEqual(holdsIt ? [`${formatPeriod(current, 'month', 'zh-CN')} 尚未结束：只计已过去的天数（图中虚线、空心点或浅色柱）`] : []);
    }
    // Last month's discharges by department: one bar per department, named, with the API's counts.
    const byDepartment = chartTiles().find((t) => t.id === 'department-discharges')!;
    const result = await answer(byDepartment.chart.query);
    expect(result.rows.length).toBeGreaterThan(3);
    const bars = await page.locator(`[data-tile-id="${byDepartment.id}"] svg [aria-roledescription="bar"]`).evaluateAll((marks) => marks.map((m) => m.getAttribute('aria-label') ?? ''));
    const drawn = bars.map((label) => Object.fromEntries(label.split('; ').map((part) => part.split(': ') as [string, string])));
    expect(drawn.map((d) => d['科室']).sort()).toEqual(result.rows.map((r) => result.labels!['department']![String(r['department'])]).sort());
    expect(drawn.map((d) => Number(d['出院人数（人）']!.replaceAll(',', ''))).sort((a, b) => a - b)).toEqual(result.rows.map((r) => r['discharges']).sort((a, b) => Number(a) - Number(b)));
    // How far the data goes (the earliest of each source's latest day with rows, as the API
    // answers the reader) beside when it was loaded: a load at 01:00 holds rows up to yesterday.
    const latestDays = await Promise.all(['discharges', 'outpatient_visits', 'surgery_cancellation_rate', 'ed_dwell_median_hours'].map(async (metric) => {
      const latest = await answer({ metrics: [metric], dimensions: ['time'], grain: 'day', order: [{ by: 'time', desc: true }], limit: 1 });
      return String(latest.rows[0]!['time']);
    }));
    const stamp = page.getByRole('status', { name: '数据更新时间' });
    await expect.poll(() => stamp.getAttribute('data-covers-up-to')).not.toBe('');
    const upTo = (await stamp.getAttribute('data-covers-up-to'))!;
    expect(upTo <= latestDays.sort()[0]!).toBe(true);
    expect(upTo < new Date().toISOString().slice(0, 10)).toBe(true);
    const [year, month, day] = upTo.split('-').map(Number) as [number, number, number];
    expect(await stamp.textContent()).toMatch(new RegExp(`^数据覆盖至 ${year}年${month}月${day}日.* · 加载于 `));
    await page.screenshot({ path: join(artifactsDir, 'cockpit-zh.png'), fullPage: true });
  });

  it('draws the month under way apart from whole months: its segment dashed, its point hollow', async () => {
    const viewer = await server!.login('yuanban');
    const trends = chartTiles().filter((t) => t.chart.query.dimensions?.includes('time'));
    for (const trend of trends) {
      const result = (await viewer.call('POST', '/api/query', trend.chart.query)).json<QueryResult>();
      const current = currentPeriodStart(trend.chart.query.grain, new Date());
      const holdsIt = result.rows.some((r) => r['time'] === current);
      const series = (trend.chart.chart.y as string[]).length;
      const svg = page.locator(`[data-tile-id="${trend.id}"] svg`);
      // Whole months: one solid line per series; the month under way: a dashed segment per series.
      const dashes = await svg.locator('.hbi_partial_lines_marks path').evaluateAll((paths) => paths.map((p) => p.getAttribute('stroke-dasharray')));
      expect(dashes, trend.title).toEqual(Array.from({ length: (trend.chart.chart.y as string[]).length }, () => '5,4'));
      const hollow = await svg.locator('.hbi_points_marks path[fill-opacity="0"]').count();
      expect(hollow, trend.title).toBe(holdsIt ? series : 0);
      const solid = await svg.locator('.hbi_points_marks path:not([fill-opacity="0"])').count();
      expect(solid, trend.title).toBe(result.rows.length * series - hollow);
    }
  });

  it('says a rate’s change in percentage points, coloured by the metric’s direction, with its target', async () => {
    const viewer = await server!.login('yuanban');
    const kpi = (id: string) => chartTiles().find((t) => t.id === id)!;
    const points = (change: number) => `${new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(change * 100)} 个百分点`;
    // 床位使用率: a rate, so its 同比 is a difference in points; neutral, so not coloured; its target shown.
    const occupancy = kpi('kpi-bed-occupancy');
    const occupancyAnswer = (await viewer.call('POST', '/api/query', occupancy.chart.query)).json<QueryResult>();
    const occupancyChange = occupancyAnswer.rows[0]!['bed_occupancy_rate__yoy_change'] as number;
    const occupancyCard = page.locator('[data-tile-id="kpi-bed-occupancy"]');
    expect(await occupancyCard.locator('.kpi-headline').textContent()).toContain(points(occupancyChange));
    expect(await occupancyCard.locator('.kpi-change').getAttribute('data-tone')).toBe('neutral');
    expect(await occupancyCard.locator('.kpi-target').textContent()).toBe('目标 93.0%');
    // 手术取消率: lower is better, so a rise is drawn as bad and a fall as good.
    const cancellation = kpi('kpi-surgery-cancellation');
    const cancellationAnswer = (await viewer.call('POST', '/api/query', cancellation.chart.query)).json<QueryResult>();
    const cancellationChange = cancellationAnswer.rows[0]!['surgery_cancellation_rate__yoy_change'];
    const cancellationCard = page.locator('[data-tile-id="kpi-surgery-cancellation"]');
    expect(await cancellationCard.locator('.kpi-headline').textContent()).toContain(typeof cancellationChange === 'number' ? points(cancellationChange) : '—');
    const tone = typeof cancellationChange !== 'number' || cancellationChange === 0 ? 'neutral' : cancellationChange > 0 ? 'bad' : 'good';
    expect(await cancellationCard.locator('.kpi-change').getAttribute('data-tone')).toBe(tone);
    if (tone !== 'neutral') {
      const colour = await cancellationCard.locator('.kpi-headline').evaluate((e) => getComputedStyle(e).color);
      expect(colour).toBe(tone === 'bad' ? 'rgb(179, 38, 30)' : 'rgb(27, 122, 58)');
    }
    // 出院人数: a count, so its 同比 is in percent with the difference beside it; higher is better.
    const dischargesAnswer = (await viewer.call('POST', '/api/query', kpi('kpi-discharges').chart.query)).json<QueryResult>();
    const dischargesPct = dischargesAnswer.rows[0]!['discharges__yoy_pct'] as number;
    const dischargesCard = page.locator('[data-tile-id="kpi-discharges"]');
    expect(await dischargesCard.locator('.kpi-headline').textContent()).toContain(new Intl.NumberFormat('zh-CN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(dischargesPct));
    expect(await dischargesCard.locator('.kpi-change').getAttribute('data-tone')).toBe(dischargesPct > 0 ? 'good' : dischargesPct < 0 ? 'bad' : 'neutral');
  });

  it('titles each tile with the range it shows, following the board’s time range', async () => {
    const title = (id: string) => page.locator(`[data-tile-id="${id}"] .tile-title`).textContent();
    expect(await title('trend-discharges')).toBe('本年出院人数（按月，含同比）');
    expect(await title('department-discharges')).toBe('上月各科室出院人数');
    expect(await title('kpi-discharges')).toBe('出院人数 · 上月');
    await page.getByLabel('时间范围').selectOption({ label: '上季度' });
    await expect.poll(() => title('trend-discharges')).toBe('上季度出院人数（按月，含同比）');
    await allReady();
    expect(await title('department-discharges')).toBe('上季度各科室出院人数');
    expect(await title('kpi-discharges')).toBe('出院人数 · 上季度');
    // The numbers are the last quarter's too.
    const viewer = await server!.login('yuanban');
    const kpi = chartTiles().find((t) => t.id === 'kpi-discharges')!;
    const quarter = (await viewer.call('POST', '/api/query', { ...kpi.chart.query, timeRange: { relative: 'last_quarter' } })).json<QueryResult>();
    expect(Number(await page.locator('[data-tile-id="kpi-discharges"] .kpi-value data').getAttribute('value'))).toBe(quarter.rows[0]!['discharges']);
    await page.screenshot({ path: join(artifactsDir, 'cockpit-last-quarter-zh.png'), fullPage: true });
    await page.getByLabel('时间范围').selectOption({ label: '全部时间' });
    await expect.poll(() => title('kpi-discharges')).toBe('出院人数 · 上月');
    await allReady();
  });

  it('says whose rows the reader sees, and keeps a filter the author pinned for every reader', async () => {
    const scope = page.getByRole('note', { name: '数据范围' });
    expect(await scope.textContent()).toBe('按你的数据权限：全院');
    // An admin's board pinned to 心血管内科: the director sees it as meant, not the whole hospital.
    const admin = await server!.login('admin');
    const kpi = chartTiles().find((t) => t.id === 'kpi-discharges')!;
    const definition = {
      title: '心内科出院', description: '', tabs: [],
      filters: { dimensions: [{ dimension: 'department', values: ['0101'], pinned: true }] },
      tiles: [{ id: 'd', kind: 'chart', title: '出院人数', layout: { x: 0, y: 0, w: 4, h: 4 }, chart: kpi.chart }],
    };
    const created = await admin.call('POST', '/api/dashboards', { definition });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Dashboard>().id;
    expect((await admin.call('PUT', `/api/dashboards/${id}/shares`, { shares: [{ kind: 'role', role: 'viewer' }] })).statusCode).toBe(200);
    expect((await admin.call('POST', `/api/dashboards/${id}/publish`, { note: '固定筛选' })).statusCode).toBe(200);
    await page.goto(`${baseUrl}/dashboards/${id}`);
    await page.getByRole('heading', { name: '心内科出院', level: 2 }).waitFor();
    await expect.poll(() => page.locator('[data-tile-id="d"][data-state="ready"]').count(), { timeout: 30_000 }).toBe(1);
    const pinned = page.getByRole('note', { name: '固定筛选 科室' });
    await expect.poll(() => pinned.textContent()).toContain('科室：心血管内科');
    const viewer = await server!.login('yuanban');
    const cardiology = (await viewer.call('POST', '/api/query', { ...kpi.chart.query, where: "department = '0101'" })).json<QueryResult>();
    const hospital = (await viewer.call('POST', '/api/query', kpi.chart.query)).json<QueryResult>();
    const shown = Number(await page.locator('[data-tile-id="d"] .kpi-value data').getAttribute('value'));
    expect(shown).toBe(cardiology.rows[0]!['discharges']);
    expect(shown).toBeLessThan(Number(hospital.rows[0]!['discharges']));
    await page.screenshot({ path: join(artifactsDir, 'board-pinned-zh.png'), fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('note', { name: 'Data scope' }).getByText('By your data access: the whole hospital').waitFor();
    await page.screenshot({ path: join(artifactsDir, 'board-pinned-en.png'), fullPage: true });
    await page.getByRole('button', { name: '中文' }).click();
    await page.goto(baseUrl);
    await page.getByRole('heading', { name: '医院运营驾驶舱', level: 2 }).first().waitFor();
    await allReady();
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
