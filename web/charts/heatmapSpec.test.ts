import { describe, expect, it } from 'vitest';
import { chartSpec } from './chartSpec.ts';
import { dischargesByDepartmentAndMonth } from './testing/hospitalResults.ts';
import { drawnRows, renderChart, sortedByContent } from './testing/renderChart.ts';

describe('heatmap', () => {
  it('draws a cell per department and month, darker for more discharges', async () => {
    const chart = await renderChart(chartSpec(dischargesByDepartmentAndMonth, { type: 'heatmap', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' }));
    expect(chart.messages).toEqual([]);
    expect(drawnRows(chart, 'hbi_cells_marks', dischargesByDepartmentAndMonth.columns)).toEqual(sortedByContent(dischargesByDepartmentAndMonth.rows));
    expect(chart.texts('axis-title')).toEqual(['时间', '科室']);
    expect(chart.texts('legend-title')).toEqual(['出院人数（人）']);
    const cells = chart.items('hbi_cells_marks');
    const lightness = (fill: string | undefined) => (fill?.match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
    const fewest = cells.find((c) => c.datum?.discharges === 103);
    const most = cells.find((c) => c.datum?.discharges === 323);
    expect(lightness(most?.fill)).toBeLessThan(lightness(fewest?.fill));
    expect(most?.tooltip).toEqual({ 时间: '2024年3月', 科室: '0201', '出院人数（人）': '323' });
  });

  it('lets a conditional colour override the scale', async () => {
    const chart = await renderChart(chartSpec(dischargesByDepartmentAndMonth, {
      type: 'heatmap', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN', conditionalColors: [{ below: 150, color: '#ff9900' }],
    }));
    expect(chart.messages).toEqual([]);
    expect(chart.items('hbi_cells_marks').filter((c) => c.fill === '#ff9900').map((c) => c.datum?.discharges)).toEqual([103, 113, 123]);
  });

  it('needs a second dimension for its rows', () => {
    expect(() => chartSpec(dischargesByDepartmentAndMonth, { type: 'heatmap', x: 'time', y: ['discharges'], language: 'en' })).toThrow('a heatmap chart needs a second dimension as series.');
  });
});
