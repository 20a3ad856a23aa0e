import { parse, View, type Scene, type SceneItem } from 'vega';
import { compile } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../api/types.ts';
import { trendDataName, trendPoints, trendSpec } from './trendSpec.ts';

// The shape POST /api/query answers for { metrics: ['bed_occupancy_rate'], dimensions: ['time'], grain: 'month' }.
const occupancy: QueryResult = {
  columns: [
    { name: 'time', role: 'dimension', type: 'date', label: { zh: '时间', en: 'Time' } },
    { name: 'bed_occupancy_rate', role: 'metric', type: 'number', label: { zh: '床位使用率', en: 'Bed occupancy rate' }, format: 'percent' },
  ],
  rows: [
    { time: '2025-01-01', bed_occupancy_rate: 0.8225806451612904 },
    { time: '2025-02-01', bed_occupancy_rate: 1.0223214285714286 },
    { time: '2025-03-01', bed_occupancy_rate: null },
    { time: '2025-04-01', bed_occupancy_rate: 0.9833333333333333 },
  ],
  metricVersions: { bed_occupancy_rate: 1 },
  dataVersion: 15,
  cached: false,
};

/** Every item of the marks of one type in a scenegraph, depth first. */
function itemsOf(node: Scene | SceneItem, marktype: string): SceneItem[] {
  const scene = node as Scene & { items?: (SceneItem & { items?: Scene[] })[] };
  if (scene.marktype === marktype) return scene.items ?? [];
  return (scene.items ?? []).flatMap((item) => ('items' in item && Array.isArray(item.items) ? item.items.flatMap((child) => itemsOf(child, marktype)) : []));
}

async function run(result: QueryResult, language: 'zh-CN' | 'en', grain?: 'month' | 'day') {
  const spec = trendSpec(result, language, grain);
  // 'container' width needs a page; headless, a fixed width stands in for it.
  const compiled = compile({ ...spec, width: 480 } as typeof spec);
  const view = new View(parse(compiled.spec), { renderer: 'none' });
  await view.runAsync();
  return { spec, view };
}

const day = (value: unknown) => new Date(value as string | number | Date).toISOString().slice(0, 10);

describe('trendSpec', () => {
  it('compiles and runs headless with one point per period carrying the exact value', async () => {
    const { view } = await run(occupancy, 'zh-CN');
    expect(view.data(trendDataName).map(({ period, value }) => ({ period, value }))).toEqual(
      occupancy.rows.map((row) => ({ period: row.time, value: row.bed_occupancy_rate })),
    );
    // The drawn points: the periods with a value, none for the gap.
    const points = itemsOf((view.scenegraph() as unknown as { root: Scene }).root, 'symbol') as (SceneItem & { datum: { period: unknown; value: number } })[];
    expect(points.map((p) => ({ period: day(p.datum.period), value: p.datum.value }))).toEqual([
      { period: '2025-01-01', value: 0.8225806451612904 },
      { period: '2025-02-01', value: 1.0223214285714286 },
      { period: '2025-04-01', value: 0.9833333333333333 },
    ]);
    // Later periods to the right, higher values higher up.
    const xs = points.map((p) => p.x ?? 0);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(points[1]!.y!).toBeLessThan(points[0]!.y!);
  });

  it('writes months in the language, in UTC, and values in the metric format', async () => {
    const zh = await run(occupancy, 'zh-CN');
    const en = await run(occupancy, 'en');
    const zhSvg = await zh.view.toSVG();
    const enSvg = await en.view.toSVG();
    expect(zhSvg).toContain('>1月<');
    expect(zhSvg).toContain('>4月<');
    expect(enSvg).toContain('>Jan<');
    expect(enSvg).not.toContain('>Dec<'); // 2025-01-01 stays in January whatever the zone
    expect(zhSvg).toMatch(/>\d+%</);
    // Each point is read out with its period and exact value; the gap has no point.
    expect([...zhSvg.matchAll(/aria-roledescription="point"[^>]*|aria-label="([^"]*)"[^>]*aria-roledescription="point"/g)].map((m) => m[1])).toEqual([
      '2025年1月：82.3%', '2025年2月：102.2%', '2025年4月：98.3%',
    ]);
    expect(enSvg).toContain('aria-label="January 2025: 82.3%"');
    expect(zh.spec.description).toBe('床位使用率');
    expect(en.spec.description).toBe('Bed occupancy rate');
    const tooltip = (en.spec as { encoding: { tooltip: { title: string; format: string }[] } }).encoding.tooltip;
    expect(tooltip.map((t) => [t.title, t.format])).toEqual([['Time', '%b %Y'], ['Bed occupancy rate', '.1%']]);
  });

  it('names the unit, and draws a rolling total by day', async () => {
    const visits: QueryResult = {
      columns: [
        { name: 'time', role: 'dimension', type: 'date', label: { zh: '时间', en: 'Time' } },
        { name: 'outpatient_visits_7d', role: 'metric', type: 'number', label: { zh: '近 7 日门诊人次', en: 'Clinic visits in the last 7 days' }, unit: '人次', format: 'integer' },
      ],
      rows: [
        { time: '2025-12-02', outpatient_visits_7d: 1210 },
        { time: '2025-12-01', outpatient_visits_7d: 1185 },
      ],
      metricVersions: { outpatient_visits_7d: 1 },
      dataVersion: 3,
      cached: true,
    };
    const { spec, view } = await run(visits, 'zh-CN', 'day');
    expect(spec.description).toBe('近 7 日门诊人次 (人次)');
    expect(trendPoints(visits, 'zh-CN', 'day').map((p) => p.period)).toEqual(['2025-12-01', '2025-12-02']);
    expect(trendPoints(visits, 'en', 'day').map((p) => p.description)).toEqual(['Dec 1, 2025: 1,185 人次', 'Dec 2, 2025: 1,210 人次']);
    expect(await view.toSVG()).toContain('12月1日');
  });

  it('leaves out the points when a year by day would crowd them', async () => {
    const year = Array.from({ length: 365 }, (_, i) => ({ time: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10), discharges: i % 7 }));
    const daily: QueryResult = { ...occupancy, columns: [occupancy.columns[0]!, { name: 'discharges', role: 'metric', type: 'number', label: { zh: '出院人数', en: 'Discharges' }, format: 'integer' }], rows: year };
    const { view } = await run(daily, 'en', 'day');
    expect(view.data(trendDataName)).toHaveLength(365);
    expect(itemsOf((view.scenegraph() as unknown as { root: Scene }).root, 'symbol')).toEqual([]);
    expect(itemsOf((view.scenegraph() as unknown as { root: Scene }).root, 'line')).toHaveLength(365);
  });

  it('refuses a result without a time column, naming the columns it has', () => {
    const total: QueryResult = { ...occupancy, columns: occupancy.columns.slice(1), rows: [{ bed_occupancy_rate: 0.9 }] };
    expect(() => trendSpec(total, 'zh-CN')).toThrow('a trend needs a time column and a metric column; the result has bed_occupancy_rate');
  });
});
