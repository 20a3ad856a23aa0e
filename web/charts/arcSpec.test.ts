import { describe, expect, it } from 'vitest';
import type { ChartConfig, VegaChartType } from './chartConfig.ts';
import { chartSpec } from './chartSpec.ts';
import { department, discharges, dischargesByDepartment } from './testing/hospitalResults.ts';
import { drawnRows, renderChart, sortedByContent } from './testing/renderChart.ts';

const share = { ...discharges, name: 'discharges__share', label: { zh: '出院人数占比', en: 'Discharges share' }, format: 'percent' };
const { unit: _unit, ...shareColumn } = share;
const dischargesWithShare = {
  columns: [department, discharges, shareColumn],
  rows: [
    { department: '0101', discharges: 412, discharges__share: 0.25 },
    { department: '0201', discharges: 988, discharges__share: 0.6 },
    { department: '0301', discharges: 247, discharges__share: 0.15 },
  ],
};
const arcOf = (item: object) => item as { startAngle: number; endAngle: number; innerRadius: number };
const pie: ChartConfig & { type: VegaChartType } = { type: 'pie', x: 'department', y: ['discharges'], language: 'zh-CN' };

describe('pie and donut', () => {
  it('draws a slice per department sized by the metric, with share in the tooltip', async () => {
    const chart = await renderChart(chartSpec(dischargesWithShare, pie));
    expect(chart.messages).toEqual([]);
    expect(drawnRows(chart, 'hbi_pie_marks', dischargesWithShare.columns)).toEqual(sortedByContent(dischargesWithShare.rows));
    const angles = chart.items('hbi_pie_marks').map((i) => Math.abs(arcOf(i).endAngle - arcOf(i).startAngle) / (2 * Math.PI));
    expect(angles.map((a) => Number(a.toFixed(6)))).toEqual([412 / 1647, 988 / 1647, 247 / 1647].map((a) => Number(a.toFixed(6))));
    expect(chart.texts('legend-title')).toEqual(['科室']);
    expect(chart.items('hbi_pie_marks')[1]?.tooltip).toEqual({ 科室: '0201', '出院人数（人）': '988', 出院人数占比: '60.0%' });
  });

  it('orders slices and legend by the metric when sorted by it', async () => {
    const chart = await renderChart(chartSpec(dischargesByDepartment, { ...pie, sort: { by: 'discharges', desc: true }, topN: 3 }));
    expect(chart.messages).toEqual([]);
    expect(chart.texts('legend-label')).toEqual(['0201', '0301', '0202']);
    // Clockwise from twelve o'clock: the largest slice first.
    const clockwise = [...chart.items('hbi_pie_marks')].sort((a, b) => Math.min(arcOf(a).startAngle, arcOf(a).endAngle) - Math.min(arcOf(b).startAngle, arcOf(b).endAngle));
    expect(clockwise.map((i) => i.datum?.department)).toEqual(['0201', '0301', '0202']);
  });

  it('leaves a hole in a donut', async () => {
    const chart = await renderChart(chartSpec(dischargesByDepartment, { ...pie, type: 'donut' }));
    expect(chart.messages).toEqual([]);
    const [slice] = chart.items('hbi_donut_marks');
    expect(arcOf(slice!).innerRadius).toBeGreaterThan(0);
    expect(drawnRows(chart, 'hbi_donut_marks', dischargesByDepartment.columns)).toEqual(sortedByContent(dischargesByDepartment.rows));
  });

  it('takes one metric', () => {
    expect(() => chartSpec(dischargesWithShare, { ...pie, y: ['discharges', 'discharges__share'], language: 'en' })).toThrow('a pie chart needs 1 metric(s).');
  });
});
