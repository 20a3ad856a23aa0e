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

  it('leave the chart alone without a selection, or for a period', () => {
    const spec = chartSpec(dischargesByDepartment, config);
    expect(highlightSpec(spec, 'department', [])).toBe(spec);
    expect(highlightSpec(spec, 'time', ['2024-01-01'])).toBe(spec);
  });
});
