import { describe, expect, it } from 'vitest';
import type { ChartConfig } from './chartConfig.ts';
import { chartSpec } from './chartSpec.ts';
import { colorConditions, conditionalColorOf } from './conditionalColors.ts';
import { dischargesByDepartment } from './testing/hospitalResults.ts';
import { renderChart } from './testing/renderChart.ts';

const rules: ChartConfig['conditionalColors'] = [{ above: 500, below: 1000, color: '#ff9900' }, { above: 900, color: '#c00000' }, { below: 400, color: '#999999' }];

describe('conditional colours', () => {
  it('pick in HTML the colour Vega picks for the same value', async () => {
    const config: ChartConfig & { type: 'bar' } = { type: 'bar', x: 'department', y: ['discharges'], conditionalColors: rules, language: 'zh-CN' };
    const chart = await renderChart(chartSpec(dischargesByDepartment, config));
    const drawn = chart.items('hbi_bars_marks').map((i) => [i.datum?.discharges, i.fill]);
    expect(drawn).toEqual(dischargesByDepartment.rows.map((r) => [r.discharges, conditionalColorOf(r.discharges as number, config) ?? '#4c78a8']));
    expect(new Set(drawn.map(([, fill]) => fill))).toEqual(new Set(['#ff9900', '#c00000', '#999999', '#4c78a8']));
  });

  it('need a bound that is a number', () => {
    expect(() => colorConditions('discharges', { type: 'bar', y: [], conditionalColors: [{ color: '#c00000' }], language: 'en' })).toThrow('a conditional colour needs an above or a below value.');
    expect(() => colorConditions('discharges', { type: 'bar', y: [], conditionalColors: [{ above: '90' as never, color: '#c00000' }], language: 'zh-CN' })).toThrow('“90”不是数字：参考线和条件颜色的界限须为数字。');
  });
});
