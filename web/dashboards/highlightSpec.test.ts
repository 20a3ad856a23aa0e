import { describe, expect, it } from 'vitest';
import { chartSpec } from '../charts/chartSpec.ts';
import { namedResult } from '../charts/namedValues.ts';
import { dischargesByDepartment } from '../charts/testing/hospitalResults.ts';
import { renderChart } from '../charts/testing/renderChart.ts';
import { highlightSpec } from './highlightSpec.ts';

const config = { type: 'bar' as const, x: 'department', y: ['discharges'], language: 'zh-CN' as const };

describe('the selected marks of a tile', () => {
  it('stay solid while the others fade, matched by code when the chart shows names', async () => {
    const named = namedResult({ ...dischargesByDepartment, labels: { department: { '0101': '心血管内科', '0102': '呼吸内科' } } });
    const chart = await renderChart(highlightSpec(chartSpec(named, config), 'department', ['0101', '0103']));
    expect(chart.messages).toEqual([]);
    const opacity = Object.fromEntries(chart.items('hbi_bars_marks').map((i) => [String(i.datum!['department']), (i as { opacity?: number }).opacity]));
    expect(opacity).toMatchObject({ 心血管内科: 1, 呼吸内科: 0.3, '0103': 1, '0201': 0.3 });
  });

  it('are every mark without a selection; a period leaves the chart alone', async () => {
    const spec = chartSpec(dischargesByDepartment, config);
    const chart = await renderChart(highlightSpec(spec, 'department', []));
    expect(chart.messages).toEqual([]);
    expect(new Set(chart.items('hbi_bars_marks').map((i) => (i as { opacity?: number }).opacity))).toEqual(new Set([1]));
    expect(highlightSpec(spec, 'time', ['2024-01-01'])).toBe(spec);
  });

  it('change with the parameter alone: a pick redraws the chart without a new spec shape', async () => {
    const spec = chartSpec(dischargesByDepartment, config);
    const chart = await renderChart(highlightSpec(spec, 'department', []));
    await chart.view.signal('hbi_picked', ['0201']).runAsync();
    const opacity = Object.fromEntries(chart.items('hbi_bars_marks').map((i) => [String(i.datum!['department']), (i as { opacity?: number }).opacity]));
    expect(opacity).toMatchObject({ '0101': 0.3, '0201': 1 });
  });
});
