import { describe, expect, it } from 'vitest';
import { chartTypes, isVegaChart, type ChartResult } from './chartConfig.ts';
import { chartSpec } from './chartSpec.ts';
import { dischargesAndAlosByMonth, dischargesByDepartment, dischargesByDepartmentAndMonth } from './testing/hospitalResults.ts';
import { everyVegaChart } from './testing/everyVegaChart.ts';
import { renderChart } from './testing/renderChart.ts';


describe('chartSpec', () => {
  it('covers every chart type but the HTML ones', () => {
    expect(chartTypes.filter((type) => isVegaChart({ type, y: [], language: 'zh-CN' }))).toEqual(everyVegaChart.map(([, config]) => config.type));
  });

  it.each(everyVegaChart.map(([result, config]) => [config.type, result, config] as const))('draws a %s chart: compiles and runs with no warning, every mark with a tooltip', async (_type, result, config) => {
    const spec = chartSpec(result, config);
    const chart = await renderChart(spec);
    expect(chart.messages).toEqual([]);
    expect(JSON.parse(JSON.stringify(spec.usermeta))).toStrictEqual({ hbi: JSON.parse(JSON.stringify({ type: config.type, x: config.x, y: config.y, series: config.series, secondaryY: config.secondaryY })) });
    expect(chart.view.data('table')).toHaveLength(result.rows.length);
    const marks = ['hbi_bars', 'hbi_lines', 'hbi_areas', 'hbi_points', 'hbi_pie', 'hbi_donut', 'hbi_cells', 'hbi_threshold_rules'].map((name) => `${name}_marks`);
    const drawn = marks.filter((m) => chart.items(m).length > 0);
    expect(drawn.length).toBeGreaterThan(0);
    for (const mark of drawn) expect(chart.items(mark).every((i) => i.tooltip !== undefined && i.tooltip !== null), mark).toBe(true);
    if (config.thresholds) expect(chart.data('hbi_threshold_rules_marks').map((d) => d.hbi_value)).toEqual(config.thresholds.map((t) => t.value));
  });

  it('describes the chart for screen readers in the reader’s language', () => {
    expect(chartSpec(dischargesAndAlosByMonth, everyVegaChart[5]![1]).description).toBe('出院人数、出院者平均住院日，按时间');
    expect(chartSpec(dischargesByDepartmentAndMonth, { ...everyVegaChart[1]![1], language: 'en' }).description).toBe('Discharges by Time and Department');
  });

  it('leaves the query result as it was: Vega draws copies', async () => {
    const rows = dischargesByDepartmentAndMonth.rows.map((r) => ({ ...r }));
    await renderChart(chartSpec({ ...dischargesByDepartmentAndMonth, rows }, everyVegaChart[1]![1]));
    expect(rows.every((r) => Object.getOwnPropertySymbols(r).length === 0 && typeof r.time === 'string')).toBe(true);
    expect(rows).toEqual(dischargesByDepartmentAndMonth.rows);
  });
});

describe('category labels', () => {
  const departments = (count: number): ChartResult => ({
    ...dischargesByDepartment,
    rows: Array.from({ length: count }, (_, i) => ({ department: `0${100 + i}`, discharges: 100 + i })),
  });

  it.each([[3, 0], [12, 0], [13, -45]])('with %i categories, turns them %i degrees, through a parameter a new set of rows can change', async (count, angle) => {
    const spec = chartSpec(departments(count), { type: 'bar', x: 'department', y: ['discharges'], language: 'zh-CN' });
    expect((spec as { params: { name: string; value: unknown }[] }).params).toContainEqual({ name: 'hbi_label_angle', value: angle });
    const chart = await renderChart(spec);
    expect(chart.messages).toEqual([]);
    const svg = await chart.view.toSVG();
    expect(svg.includes('rotate(-45')).toBe(angle === -45);
  });
});
