import { describe, expect, it } from 'vitest';
import { chartSpec } from './chartSpec.ts';
import { alosAndOccupancyByDepartment } from './testing/hospitalResults.ts';
import { drawnRows, renderChart, sortedByContent } from './testing/renderChart.ts';

describe('scatter', () => {
  it('places each department by 平均住院日 across and 床位使用率 up', async () => {
    const chart = await renderChart(chartSpec(alosAndOccupancyByDepartment, {
      type: 'scatter', x: 'department', y: ['alos', 'bed_occupancy_rate'], language: 'zh-CN',
      thresholds: [{ value: 0.93, label: '目标' }], conditionalColors: [{ above: 1, color: '#c00000' }],
    }));
    expect(chart.messages).toEqual([]);
    expect(drawnRows(chart, 'hbi_points_marks', alosAndOccupancyByDepartment.columns)).toEqual(sortedByContent(alosAndOccupancyByDepartment.rows));
    expect(chart.texts('axis-title')).toEqual(expect.arrayContaining(['出院者平均住院日（天）', '床位使用率']));
    const x = chart.view.scale('x') as (v: number) => number;
    const points = chart.items('hbi_points_marks');
    expect(points.map((p) => p.x)).toEqual(alosAndOccupancyByDepartment.rows.map((r) => x(r.alos as number)));
    expect(points.find((p) => p.datum?.department === '0102')?.fill).toBe('#c00000');
    expect(points[0]?.tooltip).toEqual({ 科室: '0101', '出院者平均住院日（天）': '7.21', 床位使用率: '93.4%' });
    expect(chart.items('hbi_threshold_labels_marks').map((i) => i.text)).toEqual(['目标 93.0%']);
  });

  it('needs exactly two metrics', () => {
    expect(() => chartSpec(alosAndOccupancyByDepartment, { type: 'scatter', x: 'department', y: ['alos'], language: 'zh-CN' })).toThrow('scatter 图需要 2 个指标。');
  });
});
