// The metric catalogue (指标中心), end to end: the demo hospital on the real server, an analyst in
// Debian's Chromium. What the pages show is checked against the server's own answers to the same
// user: the catalogue, the metric's versions and lineage, their saved charts, and the query
// behind the trend, whose values are read back from the points Vega drew.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient, HospitalServer } from '../server/testing/hospital-server.ts';
import type { Catalogue, MetricDetail, MetricQuery, QueryResult, SavedChart } from './api/types.ts';
import { artifactsDir, hasChromium, openBrowserPage } from './testing/chromium.ts';
import { serveHospitalWeb, type HospitalWeb } from './testing/hospitalWeb.ts';
import { logInThroughPage } from './testing/session.ts';

const occupancy = 'bed_occupancy_rate';
/** The trend's query, as the brief for the page states it: the last calendar year by month. */
const trendQuery: MetricQuery = { metrics: [occupancy], dimensions: ['time'], grain: 'month', timeRange: { relative: 'last_year' } };

describe.skipIf(!hasChromium)('the metric catalogue in Chromium', () => {
  let served: HospitalWeb | undefined;
  let server: HospitalServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let baseUrl: string;
  let analyst: ApiClient;
  let catalogue: Catalogue;
  let detail: MetricDetail;
  let trend: QueryResult;
  let ownChart: SavedChart;
  let othersChart: SavedChart;
  const pageErrors: string[] = [];

  /** The failed requests a test provokes are the only errors the browser may report for it. */
  const expectOnlyFailedRequests = (statuses: RegExp) => {
    const unexpected = pageErrors.filter((message) => !statuses.test(message));
    pageErrors.length = 0;
    expect(unexpected).toEqual([]);
  };

  const metricTable = (name = '指标列表') => page.getByRole('table', { name, exact: true });
  /** The metric code names listed, in order, once the list shows `count` of them. */
  const listedMetrics = async (count: number, tableName?: string) => {
    const rows = metricTable(tableName).locator('tbody tr');
    // The first visit loads the catalogue chunk and the catalogue itself: wait as a user would.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(count);
    return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-metric')));
  };
  const searchBox = () => page.getByRole('searchbox', { name: '搜索指标' });

  /** The points of the trend as Vega drew them: each SVG point is bound to its scenegraph item and datum. */
  const drawnPoints = (figureName: string) =>
    page.getByRole('figure', { name: figureName }).locator('svg').evaluate((svg) =>
      [...svg.querySelectorAll('g.mark-symbol path')].map((element) => {
        const datum = (element as unknown as { __data__: { datum: { period: string | number | Date; value: number } } }).__data__.datum;
        return { period: new Date(datum.period).toISOString().slice(0, 10), value: datum.value, label: element.getAttribute('aria-label') };
      }),
    );

  beforeAll(async () => {
    served = await serveHospitalWeb('catalogue');
    ({ server, baseUrl } = served);

    // What the server says to the analyst, independently of the page.
    analyst = await server.login('xinnei');
    catalogue = (await analyst.call('GET', '/api/catalogue')).json<Catalogue>();
    detail = (await analyst.call('GET', `/api/catalogue/metrics/${occupancy}`)).json<MetricDetail>();
    const answer = await analyst.call('POST', '/api/query', trendQuery);
    expect(answer.statusCode, answer.body).toBe(200);
    trend = answer.json<QueryResult>();
    expect(trend.rows.length).toBe(12);

    // A chart of the analyst's using the metric, and another analyst's, which must not show.
    const chart = (name: string, metrics: string[]) => ({ name, config: { query: { ...trendQuery, metrics }, chart: { type: 'line' } } });
    const saved = await analyst.call('POST', '/api/charts', chart('心内科床位使用率月度趋势', [occupancy, 'discharges']));
    expect(saved.statusCode, saved.body).toBe(201);
    ownChart = saved.json<SavedChart>();
    expect((await analyst.call('POST', '/api/charts', chart('出院人数月度', ['discharges']))).statusCode).toBe(201);
    const other = await (await server.login('jizhen')).call('POST', '/api/charts', chart('急诊科床位使用率', [occupancy]));
    expect(other.statusCode, other.body).toBe(201);
    othersChart = other.json<SavedChart>();

    ({ browser, page } = await openBrowserPage(pageErrors));

    await page.goto(baseUrl);
    await logInThroughPage(page, 'xinnei', server.passwords.xinnei!);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('lists every metric of the catalogue, reached from the header', async () => {
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '首页' }).getAttribute('aria-current')).toBe('page');
    await nav.getByRole('link', { name: '指标中心' }).click();
    await page.getByRole('heading', { name: '指标中心', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/metrics');
    expect(await nav.getByRole('link', { name: '指标中心' }).getAttribute('aria-current')).toBe('page');

    expect(await listedMetrics(catalogue.metrics.length)).toEqual(catalogue.metrics.map((m) => m.name));
    const total = catalogue.metrics.length;
    expect(await page.locator('.result-count').innerText()).toBe(`显示 ${total} 个指标，共 ${total} 个`);

    // Each row: the Chinese name links to the metric, then English name, owner, unit, type, version, status.
    const row = metricTable().locator(`tr[data-metric="${occupancy}"]`);
    const cells = await row.locator('th, td').allInnerTexts();
    const metric = catalogue.metrics.find((m) => m.name === occupancy)!;
    expect(cells.map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      `${metric.label.zh} ${occupancy}`, metric.label.en, metric.owner, '%', '比率指标', `v${metric.currentVersion}`, '✓ 已认证',
    ]);
    expect(await row.getByRole('link', { name: '床位使用率' }).getAttribute('href')).toBe(`/metrics/${occupancy}`);
    expect(pageErrors).toEqual([]);
  });

  it('finds metrics by pinyin initials and full pinyin, and filters by owner and status', async () => {
    await searchBox().fill('cwsyl');
    expect(await listedMetrics(1)).toEqual([occupancy]);
    expect(new URL(page.url()).searchParams.get('q')).toBe('cwsyl');
    expect(await page.locator('.result-count').innerText()).toBe(`显示 1 个指标，共 ${catalogue.metrics.length} 个`);

    await searchBox().fill('chuyuan');
    const discharged = await listedMetrics(catalogue.metrics.filter((m) => m.label.zh.includes('出院')).length);
    expect(discharged).toContain('discharges');
    for (const name of discharged) expect(catalogue.metrics.find((m) => m.name === name)!.label.zh).toContain('出院');

    await searchBox().fill('');
    await listedMetrics(catalogue.metrics.length);
    await page.getByLabel('负责部门').selectOption('药学部');
    const pharmacy = catalogue.metrics.filter((m) => m.owner === '药学部').map((m) => m.name);
    expect(pharmacy.length).toBeGreaterThan(1);
    expect(await listedMetrics(pharmacy.length)).toEqual(pharmacy);

    // The pharmacy's metrics are all approved (已认证); the hospital has one in review and one draft.
    await page.getByLabel('状态', { exact: true }).selectOption('approved');
    expect(await listedMetrics(pharmacy.length)).toEqual(pharmacy);
    await page.getByLabel('负责部门').selectOption('');
    await page.getByLabel('状态', { exact: true }).selectOption('in_review');
    const inReview = catalogue.metrics.filter((m) => m.status === 'in_review').map((m) => m.name);
    expect(inReview).toEqual(['day_surgery_share']);
    expect(await listedMetrics(1)).toEqual(inReview);
    await page.getByRole('row').filter({ hasText: '审核中' }).first().waitFor();
    await page.getByLabel('状态', { exact: true }).selectOption('approved');
    await page.getByLabel('负责部门').selectOption('药学部');
    expect(await listedMetrics(pharmacy.length)).toEqual(pharmacy);

    // The filters are in the address: a reload shows the same list.
    await page.reload();
    expect(await listedMetrics(pharmacy.length)).toEqual(pharmacy);
    expect(await page.getByLabel('负责部门').inputValue()).toBe('药学部');

    await searchBox().fill('手术室没有的词');
    await page.getByText('没有符合条件的指标。请换个关键词，或清除筛选条件。').waitFor();
    await page.getByRole('button', { name: '清除筛选' }).click();
    await listedMetrics(catalogue.metrics.length);
    expect(new URL(page.url()).search).toBe('');

    await searchBox().fill('cwsyl');
    await listedMetrics(1);
    await page.screenshot({ path: join(artifactsDir, 'catalogue-zh.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it("shows a metric's 口径, definition, versions, lineage and the analyst's charts using it", async () => {
    await metricTable().getByRole('link', { name: '床位使用率' }).click();
    await page.getByRole('heading', { name: '床位使用率', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/metrics/${occupancy}`);

    const description = page.getByRole('region', { name: '口径' }).locator('.description-text');
    expect(await description.innerText()).toBe(detail.metric.description);

    const definition = await page.getByRole('region', { name: '定义' }).locator('dl > div').evaluateAll((pairs) =>
      Object.fromEntries(pairs.map((pair) => [pair.querySelector('dt')!.textContent, (pair.querySelector('dd') as HTMLElement).innerText])),
    );
    expect(definition['类型']).toBe('比率指标');
    expect(definition['分子']).toContain('occupied_bed_days');
    expect(definition['分母']).toContain('actual_open_bed_days');
    expect(definition['负责部门']).toBe(detail.metric.owner);
    expect(definition['同义词']).toBe(detail.metric.synonyms.join('、'));
    expect(definition['数值格式']).toBe('百分比');
    // The ratio's parts are links to their own pages.
    expect(await page.getByRole('region', { name: '定义' }).getByRole('link', { name: '实际占用总床日数' }).getAttribute('href')).toBe('/metrics/occupied_bed_days');

    const versions = page.getByRole('table', { name: '版本历史' });
    expect(await versions.locator('tbody th data').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('value'))))).toEqual(
      detail.versions.map((v) => v.version).sort((a, b) => b - a),
    );
    expect(await versions.locator('tbody tr').first().innerText()).toContain('v1');
    expect(await versions.locator('tbody tr').first().innerText()).toContain(detail.versions[0]!.author);
    expect(await versions.locator('tbody tr').first().innerText()).toContain(detail.versions[0]!.reason);

    const lineage = page.getByRole('table', { name: '数据血缘' });
    expect(await lineage.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-dataset')))).toEqual(detail.metric.lineage.datasets);
    for (const dataset of detail.metric.lineage.datasets) {
      const label = catalogue.datasets.find((d) => d.name === dataset)!.label.zh;
      expect(await lineage.locator(`tr[data-dataset="${dataset}"] th`).innerText()).toBe(`${label}\n${dataset}`);
    }
    // Personal data is marked wherever the server tags a column read.
    expect(await lineage.locator('li[data-pii]').count()).toBe(detail.metric.lineage.columns.filter((c) => c.pii).length);
    for (const dependency of detail.metric.lineage.dependsOn) {
      expect(await page.getByRole('region', { name: '数据血缘' }).locator(`a[href="/metrics/${dependency}"]`).count()).toBe(1);
    }

    const charts = page.getByRole('list', { name: '使用该指标的图表' });
    expect(await charts.locator('.chart-name').allInnerTexts()).toEqual([ownChart.name]);
    expect(await charts.getByRole('link', { name: ownChart.name }).getAttribute('href')).toBe(`/builder/${ownChart.id}`);
    expect(await page.getByText(othersChart.name).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('draws the last year by month with exactly the values the query API answers', async () => {
    const figureName = '床位使用率：上一年度逐月';
    await expect.poll(async () => (await drawnPoints(figureName).catch(() => [])).length, { timeout: 20_000 }).toBe(trend.rows.length);
    const points = await drawnPoints(figureName);
    expect(points.map(({ period, value }) => ({ period, value }))).toEqual(trend.rows.map((row) => ({ period: row.time, value: row[occupancy] })));
    // Each point speaks its month and rounded value; the exact value is in the table below the chart.
    expect(points[0]!.label).toBe(`2025年1月：${(Number(trend.rows[0]![occupancy]) * 100).toFixed(1)}%`);
    await page.screenshot({ path: join(artifactsDir, 'metric-zh.png'), fullPage: true });
    await page.getByText('查看各期数值').click();
    const exact = await page.getByRole('table', { name: '床位使用率各期数值' }).locator('tbody data').evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('value'))));
    expect(exact).toEqual(trend.rows.map((row) => row[occupancy]));
    // Months along the axis in Chinese.
    const axisLabels = await page.getByRole('figure', { name: figureName }).locator('svg g.role-axis-label text').allTextContents();
    expect(axisLabels).toContain('1月');
    expect(axisLabels).toContain('12月');
    expect(pageErrors).toEqual([]);
  });

  it('says so, in words and without a retry, when a metric does not exist', async () => {
    await page.goto(`${baseUrl}/metrics/no_such_metric`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toBe('无法读取指标 no_such_metric：no metric "no_such_metric"');
    expect(await alert.getByRole('button').count()).toBe(0);
    await page.getByRole('link', { name: '返回指标中心' }).click();
    await metricTable().waitFor();
    expectOnlyFailedRequests(/404 \(Not Found\)/);
  });

  it('draws a rolling 7-day total by day, the only grain it has a meaning at', async () => {
    const rolling = 'outpatient_visits_7d';
    const answer = await analyst.call('POST', '/api/query', { ...trendQuery, metrics: [rolling], grain: 'day' });
    expect(answer.statusCode, answer.body).toBe(200);
    const daily = answer.json<QueryResult>();
    expect(daily.rows.length).toBeGreaterThan(300);

    await page.goto(`${baseUrl}/metrics/${rolling}`);
    const figure = page.getByRole('figure', { name: '近 7 日门诊人次：上一年度逐日' });
    const line = figure.locator('svg g.mark-line path');
    await line.waitFor();
    // One line path, bound to the first of the line's items; the mark holds them all.
    const drawn = await line.evaluate((element) =>
      (element as unknown as { __data__: { mark: { items: { datum: { period: string | Date; value: number } }[] } } }).__data__.mark.items.map(
        (item) => ({ period: new Date(item.datum.period).toISOString().slice(0, 10), value: item.datum.value }),
      ),
    );
    expect(drawn).toEqual(daily.rows.map((row) => ({ period: row.time, value: row[rolling] })));
    expect(pageErrors).toEqual([]);
  });

  it('switches to English', async () => {
    await page.goto(`${baseUrl}/metrics/${occupancy}`);
    await page.getByRole('heading', { name: '床位使用率', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Bed occupancy rate', level: 2 }).waitFor();
    // The 口径 in English, as the metric's definition states it.
    expect(detail.metric.descriptionEn).toMatch(/^Occupied bed-days/);
    expect(await page.getByRole('region', { name: 'Definition (口径)' }).locator('.description-text').innerText()).toBe(detail.metric.descriptionEn);
    await page.getByRole('table', { name: 'Version history' }).waitFor();
    await page.getByRole('table', { name: 'Lineage' }).waitFor();
    const figureName = 'Bed occupancy rate: last year by month';
    await expect.poll(async () => (await drawnPoints(figureName).catch(() => [])).length, { timeout: 20_000 }).toBe(trend.rows.length);
    expect((await drawnPoints(figureName)).map((p) => p.value)).toEqual(trend.rows.map((row) => row[occupancy]));
    expect(await page.getByRole('figure', { name: figureName }).locator('svg g.role-axis-label text').allTextContents()).toContain('Jan');
    await page.screenshot({ path: join(artifactsDir, 'metric-en.png'), fullPage: true });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Metric catalogue', level: 2 }).waitFor();
    expect(await listedMetrics(catalogue.metrics.length, 'Metrics')).toEqual(catalogue.metrics.map((m) => m.name));
    const headers = await metricTable('Metrics').locator('thead th').allInnerTexts();
    expect(headers).toEqual(['Metric', 'Chinese name', 'Owner', 'Unit', 'Type', 'Current version', 'Status']);
    await page.getByRole('searchbox', { name: 'Search metrics' }).fill('occupancy');
    expect(await listedMetrics(1, 'Metrics')).toEqual([occupancy]);
    await page.getByRole('searchbox', { name: 'Search metrics' }).fill('');
    await listedMetrics(catalogue.metrics.length, 'Metrics');
    await page.screenshot({ path: join(artifactsDir, 'catalogue-en.png'), fullPage: true });

    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '指标中心', level: 2 }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
