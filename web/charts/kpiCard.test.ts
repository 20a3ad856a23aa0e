import { describe, expect, it } from 'vitest';
import type { ChartConfig } from './chartConfig.ts';
import { kpiCard } from './kpiCard.ts';
import { bedOccupancyByMonth, dischargesByDepartment, outpatientVisitsThisMonth } from './testing/hospitalResults.ts';

const card: ChartConfig = { type: 'kpi', y: ['outpatient_visits'], language: 'zh-CN' };

describe('kpiCard', () => {
  it('shows the number with its unit, 同比 and 环比 signed', () => {
    expect(kpiCard(outpatientVisitsThisMonth, card)).toEqual({
      metric: 'outpatient_visits',
      title: '门诊人次',
      value: { column: 'outpatient_visits', value: 182_436, text: '182,436' },
      unit: '人次',
      period: null,
      color: null,
      target: null,
      comparisons: [
        {
          kind: 'yoy', label: '同比',
          previous: { column: 'outpatient_visits__yoy', value: 171_902, text: '171,902' },
          change: { column: 'outpatient_visits__yoy_change', value: 10_534, text: '+10,534' },
          changeRate: { column: 'outpatient_visits__yoy_pct', value: 10_534 / 171_902, text: '+6.1%' },
          headline: '+6.1%', detail: '+10,534',
          direction: 'up', tone: 'neutral',
        },
        {
          kind: 'mom', label: '环比',
          previous: { column: 'outpatient_visits__mom', value: 189_377, text: '189,377' },
          change: { column: 'outpatient_visits__mom_change', value: -6_941, text: '-6,941' },
          changeRate: { column: 'outpatient_visits__mom_pct', value: -6_941 / 189_377, text: '-3.7%' },
          headline: '-3.7%', detail: '-6,941',
          direction: 'down', tone: 'neutral',
        },
      ],
    });
  });

  it('speaks English', () => {
    const model = kpiCard(outpatientVisitsThisMonth, { ...card, language: 'en' });
    expect([model.title, model.unit, model.comparisons.map((c) => c.label)]).toEqual(['Clinic visits', 'visits', ['vs last year', 'vs last month']]);
  });

  it('shows the latest period of a result over time, coloured by the first matching rule', () => {
    const model = kpiCard(bedOccupancyByMonth, { type: 'kpi', y: ['bed_occupancy_rate'], grain: 'month', language: 'zh-CN', conditionalColors: [{ below: 0.9, color: '#ff9900' }, { above: 1, color: '#c00000' }] });
    expect(model.period?.text).toBe('2024年6月');
    expect(model.value.text).toBe('88.9%');
    expect(model.color).toBe('#ff9900');
    // A rate moves in percentage points (88.9% against 90.1%), not in percent of itself.
    expect(model.comparisons[0]?.change.text).toBe('-1.2 个百分点');
    expect(model.comparisons[0]?.headline).toBe('-1.2 个百分点');
    expect(model.comparisons[0]?.detail).toBeNull();
    expect(model.comparisons[0]?.changeRate.text).toBe('-1.3%');
  });

  it('says a rate’s change in points in English too, e.g. 96.8% → 104.0% as +7.2 pp', () => {
    const rate = { ...bedOccupancyByMonth, rows: [{ time: '2024-06-01', bed_occupancy_rate: 1.04, bed_occupancy_rate__yoy: 0.968, bed_occupancy_rate__yoy_change: 1.04 - 0.968, bed_occupancy_rate__yoy_pct: (1.04 - 0.968) / 0.968 }] };
    const model = kpiCard(rate, { type: 'kpi', y: ['bed_occupancy_rate'], grain: 'month', language: 'en' });
    expect([model.value.text, model.comparisons[0]?.headline]).toEqual(['104.0%', '+7.2 pp']);
  });

  it('colours a change by the metric’s good direction and shows the target, met or missed', () => {
    const lowerBetter = (columns: typeof outpatientVisitsThisMonth.columns) => columns.map((c) => (c.name === 'outpatient_visits' ? { ...c, direction: 'lower_better' as const, target: 180_000 } : c));
    const model = kpiCard({ ...outpatientVisitsThisMonth, columns: lowerBetter(outpatientVisitsThisMonth.columns) }, card);
    // Up 同比 is bad for a lower-is-better metric, down 环比 is good.
    expect(model.comparisons.map((c) => [c.direction, c.tone])).toEqual([['up', 'bad'], ['down', 'good']]);
    expect(model.target).toEqual({ value: 180_000, text: '≤ 180,000', met: false });
    const higher = kpiCard({ ...outpatientVisitsThisMonth, columns: outpatientVisitsThisMonth.columns.map((c) => (c.name === 'outpatient_visits' ? { ...c, direction: 'higher_better' as const, target: 180_000 } : c)) }, card);
    expect(higher.comparisons.map((c) => c.tone)).toEqual(['good', 'bad']);
    expect(higher.target).toEqual({ value: 180_000, text: '≥ 180,000', met: true });
  });

  it('shows an empty card for an empty result', () => {
    const model = kpiCard({ ...outpatientVisitsThisMonth, rows: [] }, card);
    expect(model.value).toEqual({ column: 'outpatient_visits', value: null, text: '—' });
    expect(model.comparisons[0]?.direction).toBeNull();
    expect(model.comparisons[0]?.change.text).toBe('—');
  });

  it('refuses a result grouped by department: one card, one number', () => {
    expect(() => kpiCard(dischargesByDepartment, { type: 'kpi', y: ['discharges'], language: 'zh-CN' })).toThrow('指标卡只显示一个数，查询却按科室分了组：请去掉这些维度，或改用表格。');
  });
});
