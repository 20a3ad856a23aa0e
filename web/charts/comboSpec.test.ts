import { describe, expect, it } from 'vitest';
import type { ChartConfig, VegaChartType } from './chartConfig.ts';
import { chartSpec } from './chartSpec.ts';
import { dischargesAndAlosByMonth } from './testing/hospitalResults.ts';
import { drawnRows, renderChart, sortedByContent } from './testing/renderChart.ts';

const combo: ChartConfig & { type: VegaChartType } = { type: 'combo', x: 'time', y: ['discharges'], secondaryY: ['alos'], grain: 'month', language: 'zh-CN' };

describe('combo', () => {
  it('draws 出院人数 as bars on the left and 平均住院日 as a line on a right axis of its own', async () => {
    const chart = await renderChart(chartSpec(dischargesAndAlosByMonth, combo));
    expect(chart.messages).toEqual([]);
    expect(drawnRows(chart, 'hbi_bars_marks', dischargesAndAlosByMonth.columns)).toEqual(sortedByContent(dischargesAndAlosByMonth.rows));
    expect(drawnRows(chart, 'hbi_points_marks', dischargesAndAlosByMonth.columns)).toEqual(sortedByContent(dischargesAndAlosByMonth.rows));
    expect(chart.data('hbi_bars_marks').map((d) => d.hbi_value)).toEqual(dischargesAndAlosByMonth.rows.map((r) => r.discharges));
    expect(chart.data('hbi_points_marks').map((d) => d.hbi_value)).toEqual(dischargesAndAlosByMonth.rows.map((r) => r.alos));

    const titled = (chart.vega.axes ?? []).filter((a) => a.title).map((a) => [a.orient, a.title]);
    expect(titled).toEqual(expect.arrayContaining([['left', '出院人数（人）'], ['right', '出院者平均住院日（天）'], ['bottom', '时间']]));
    expect(chart.texts('axis-title')).toEqual(expect.arrayContaining(['出院人数（人）', '出院者平均住院日（天）']));
    // Independent scales: 8 days does not sit at the bottom of an axis that reaches 5,000 people.
    const [bar] = chart.items('hbi_bars_marks');
    const [point] = chart.items('hbi_points_marks');
    expect(point!.y!).toBeLessThan(300 / 2);
    expect(bar!.y!).toBeLessThan(300 / 2);
    expect(chart.texts('legend-label')).toEqual(['出院人数（人）', '出院者平均住院日（天）']);
    expect(point?.tooltip).toEqual({ 时间: '2024年1月', '出院人数（人）': '5,120', '出院者平均住院日（天）': '8.41' });
  });

  it('puts reference lines and conditional colours on the bars’ axis', async () => {
    const chart = await renderChart(chartSpec(dischargesAndAlosByMonth, { ...combo, thresholds: [{ value: 5000, label: '月目标' }], conditionalColors: [{ below: 5000, color: '#ff9900' }] }));
    expect(chart.messages).toEqual([]);
    const [rule] = chart.items('hbi_threshold_rules_marks');
    expect(rule?.datum?.hbi_value).toBe(5000);
    const bars = chart.items('hbi_bars_marks');
    const barAt5000 = bars.find((b) => b.datum?.discharges === 5012)!;
    // The 5,012 bar's top sits just above the 5,000 line: the rule shares the bars' scale.
    expect(barAt5000.y!).toBeLessThan(rule!.y!);
    expect(rule!.y! - barAt5000.y!).toBeLessThan(2);
    expect(bars.filter((b) => b.fill === '#ff9900').map((b) => b.datum?.discharges)).toEqual([4630]);
    expect(chart.items('hbi_threshold_labels_marks').map((i) => i.text)).toEqual(['月目标 5,000']);
  });

  it('needs a metric on the right axis', () => {
    expect(() => chartSpec(dischargesAndAlosByMonth, { ...combo, secondaryY: [] })).toThrow(/组合图需要右轴指标/);
  });
});
