import { describe, expect, it } from 'vitest';
import { ChartConfigError, type ChartConfig, type ChartResult, type VegaChartType } from './chartConfig.ts';
import { chartSpec } from './chartSpec.ts';
import { formatPeriod } from './periodFormat.ts';
import {
  bedOccupancyByMonth, department, discharges, dischargesByDepartment, dischargesByDepartmentAndMonth, dischargesByMaskedDoctor, doctor, outpatientVisits, time,
} from './testing/hospitalResults.ts';
import { drawnRows, renderChart, sortedByContent } from './testing/renderChart.ts';

type VegaConfig = ChartConfig & { type: VegaChartType };
const byDepartment: VegaConfig = { type: 'bar', x: 'department', y: ['discharges'], language: 'zh-CN' };
const draw = async (result: ChartResult, config: VegaConfig) => {
  const chart = await renderChart(chartSpec(result, config));
  expect(chart.messages).toEqual([]);
  return chart;
};
const fillOf = (chart: Awaited<ReturnType<typeof draw>>, mark: string) => Object.fromEntries(chart.items(mark).map((i) => [String(i.datum?.department), i.fill]));

describe('bar', () => {
  it('draws one bar per department from the rows as given, titled with label and unit', async () => {
    const chart = await draw(dischargesByDepartment, byDepartment);
    expect(drawnRows(chart, 'hbi_bars_marks', dischargesByDepartment.columns)).toEqual(sortedByContent(dischargesByDepartment.rows));
    expect(chart.view.data('table').map((row) => Object.fromEntries(Object.entries(row)))).toEqual(dischargesByDepartment.rows);
    expect(chart.texts('axis-title')).toEqual(['科室', '出院人数（人）']);
    // Integers are grouped on the axis and in tooltips.
    expect(chart.texts('axis-label')).toContain('1,200');
    const surgery = chart.items('hbi_bars_marks').find((i) => i.datum?.department === '0201');
    expect(surgery?.tooltip).toEqual({ 科室: '0201', '出院人数（人）': '1,306' });
  });

  it('ticks a count at whole numbers only, however small the counts', async () => {
    const few: ChartResult = { ...dischargesByDepartment, rows: dischargesByDepartment.rows.slice(0, 3).map((r, i) => ({ ...r, discharges: i + 1 })) };
    const labels = (await draw(few, byDepartment)).texts('axis-label').filter((t) => /^\d+$/.test(t) && !/^\d{4}$/.test(t));
    expect(labels.length).toBeGreaterThan(1);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('speaks English with English units', async () => {
    const chart = await draw(dischargesByDepartment, { ...byDepartment, language: 'en' });
    expect(chart.texts('axis-title')).toEqual(['Department', 'Discharges (persons)']);
  });

  it('keeps the query order without a sort, and sorts by a metric or by the dimension', async () => {
    const codes = (chart: Awaited<ReturnType<typeof draw>>) => chart.texts('axis-label').filter((t) => /^\d{4}$/.test(t));
    expect(codes(await draw(dischargesByDepartment, byDepartment))).toEqual(['0101', '0102', '0103', '0201', '0202', '0301', '0401']);
    expect(codes(await draw(dischargesByDepartment, { ...byDepartment, sort: { by: 'discharges', desc: true } }))).toEqual(['0201', '0301', '0202', '0401', '0101', '0102', '0103']);
    expect(codes(await draw(dischargesByDepartment, { ...byDepartment, sort: { by: 'department', desc: true } }))).toEqual(['0401', '0301', '0202', '0201', '0103', '0102', '0101']);
  });

  it('keeps the N largest departments with topN, in the chart and in its data', async () => {
    const chart = await draw(dischargesByDepartment, { ...byDepartment, topN: 3 });
    expect(chart.data('hbi_bars_marks').map((d) => d.department)).toEqual(['0201', '0202', '0301']);
    expect(chart.view.data('table')).toHaveLength(3);
  });

  it('draws a labelled reference line at the threshold value', async () => {
    const chart = await draw(dischargesByDepartment, { ...byDepartment, thresholds: [{ value: 900, label: '目标' }] });
    const [rule] = chart.items('hbi_threshold_rules_marks');
    expect(rule?.datum?.hbi_value).toBe(900);
    expect(rule?.y).toBeCloseTo((chart.view.scale('y') as (v: number) => number)(900));
    expect(chart.items('hbi_threshold_labels_marks').map((i) => i.text)).toEqual(['目标 900']);
    expect(rule?.tooltip).toBe('目标 900');
  });

  it('colours the bars a conditional colour matches, the first rule winning', async () => {
    const chart = await draw(dischargesByDepartment, { ...byDepartment, conditionalColors: [{ above: 1000, color: '#c00000' }, { above: 900, color: '#ff9900' }, { below: 300, color: '#999999' }] });
    expect(fillOf(chart, 'hbi_bars_marks')).toEqual({
      '0101': '#4c78a8', '0102': '#4c78a8', '0103': '#999999', '0201': '#c00000', '0202': '#4c78a8', '0301': '#ff9900', '0401': '#4c78a8',
    });
  });

  it('groups bars by series side by side along a month axis', async () => {
    const chart = await draw(dischargesByDepartmentAndMonth, { type: 'bar', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' });
    expect(drawnRows(chart, 'hbi_bars_marks', dischargesByDepartmentAndMonth.columns)).toEqual(sortedByContent(dischargesByDepartmentAndMonth.rows));
    expect(chart.texts('legend-title')).toEqual(['科室']);
    expect(chart.texts('legend-label')).toEqual(['0101', '0102', '0201']);
    const january = chart.items('hbi_bars_marks').filter((i) => i.datum?.time === Date.UTC(2024, 0, 1));
    expect(new Set(january.map((i) => i.x)).size).toBe(3);
  });

  it('masks nothing itself: masked names are categories like any other, empty values draw no bar', async () => {
    const chart = await draw(dischargesByMaskedDoctor, { type: 'bar', x: 'doctor', y: ['discharges'], language: 'zh-CN' });
    expect(drawnRows(chart, 'hbi_bars_marks', [doctor, discharges])).toEqual(sortedByContent(dischargesByMaskedDoctor.rows.filter((r) => r.discharges !== null)));
    expect(chart.items('hbi_bars_marks')[0]?.tooltip).toEqual({ 医生: '张*', '出院人数（人）': '46' });
  });

  it('draws several metrics of one unit side by side, coloured and named by metric', async () => {
    const emergency = { ...outpatientVisits, name: 'emergency_visits', label: { zh: '急诊人次', en: 'Emergency visits' } };
    const visits: ChartResult = {
      columns: [department, outpatientVisits, emergency],
      rows: [{ department: '0101', outpatient_visits: 8120, emergency_visits: 640 }, { department: '0401', outpatient_visits: 10_452, emergency_visits: 2315 }],
    };
    const chart = await draw(visits, { type: 'bar', x: 'department', y: ['outpatient_visits', 'emergency_visits'], language: 'zh-CN' });
    expect(chart.data('hbi_bars_marks').map((d) => [d.department, d.hbi_metric, d.hbi_value])).toEqual([
      ['0101', 'outpatient_visits', 8120], ['0101', 'emergency_visits', 640], ['0401', 'outpatient_visits', 10_452], ['0401', 'emergency_visits', 2315],
    ]);
    expect(chart.texts('axis-title')).toEqual(['科室', '门诊人次、急诊人次（人次）']);
    expect(chart.texts('legend-label')).toEqual(['门诊人次（人次）', '急诊人次（人次）']);
  });

  it('refuses a series with several metrics, and a field the result lacks, saying what to do', () => {
    expect(() => chartSpec(dischargesByDepartmentAndMonth, { type: 'bar', x: 'time', series: 'department', y: ['discharges', 'discharges'], language: 'zh-CN' }))
      .toThrow(new ChartConfigError('zh-CN', { zh: '按系列着色的图只能放一个指标：请去掉系列，或只留一个指标。', en: '' }));
    expect(() => chartSpec(dischargesByDepartment, { ...byDepartment, y: ['alos'], language: 'en' })).toThrow(/no column "alos"; its columns are department, discharges/);
    expect(() => chartSpec(dischargesByDepartment, { type: 'bar', y: ['discharges'], language: 'en' })).toThrow('a bar chart needs a dimension on x.');
  });
});

describe('bar_stacked', () => {
  it('stacks the departments of each month to the month total', async () => {
    const chart = await draw(dischargesByDepartmentAndMonth, { type: 'bar_stacked', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' });
    expect(drawnRows(chart, 'hbi_bars_marks', dischargesByDepartmentAndMonth.columns)).toEqual(sortedByContent(dischargesByDepartmentAndMonth.rows));
    const tops = chart.data('hbi_bars_marks').filter((d) => d.time === Date.UTC(2024, 1, 1)).map((d) => d.hbi_value_end as number);
    expect(Math.max(...tops)).toBe(113 + 213 + 313);
  });
});

describe('bar_horizontal', () => {
  it('puts departments down the side and the values along the bottom, the threshold upright', async () => {
    const chart = await draw(dischargesByDepartment, { type: 'bar_horizontal', x: 'department', y: ['discharges'], language: 'zh-CN', thresholds: [{ value: 900 }] });
    expect((chart.view.scale('y') as unknown as { domain(): string[] }).domain()).toEqual(dischargesByDepartment.rows.map((r) => r.department));
    const [rule] = chart.items('hbi_threshold_rules_marks');
    expect(rule?.x).toBeCloseTo((chart.view.scale('x') as (v: number) => number)(900));
    expect(drawnRows(chart, 'hbi_bars_marks', dischargesByDepartment.columns)).toEqual(sortedByContent(dischargesByDepartment.rows));
  });
});

describe('line', () => {
  const occupancy: VegaConfig = { type: 'line', x: 'time', y: ['bed_occupancy_rate'], grain: 'month', language: 'zh-CN' };

  it('draws a point per month on a monthly time axis, with percent values and 同比 in the tooltip', async () => {
    const chart = await draw(bedOccupancyByMonth, occupancy);
    expect(drawnRows(chart, 'hbi_points_marks', bedOccupancyByMonth.columns)).toEqual(sortedByContent(bedOccupancyByMonth.rows));
    expect(chart.texts('axis-label').filter((t) => t.includes('年'))).toEqual(bedOccupancyByMonth.rows.map((r) => formatPeriod(String(r.time), 'month', 'zh-CN')));
    expect(chart.texts('axis-label')).toContain('100.0%');
    expect(chart.items('hbi_points_marks')[0]?.tooltip).toEqual({
      时间: '2024年1月', 床位使用率: '91.2%', '床位使用率（同比期）': '88.5%', 床位使用率同比增减: '2.7%', 床位使用率同比增长率: '3.1%',
    });
  });

  it('ticks weeks on their Mondays and quarters by name', async () => {
    const weekly = { columns: [time, discharges], rows: ['2024-03-04', '2024-03-11', '2024-03-18'].map((day, i) => ({ time: day, discharges: 1200 + i })) };
    const weeks = await draw(weekly, { type: 'line', x: 'time', y: ['discharges'], grain: 'week', language: 'zh-CN' });
    expect(weeks.texts('axis-label').filter((t) => t.startsWith('2024'))).toEqual(['2024-03-04', '2024-03-11', '2024-03-18']);
    const quarterly = { columns: [time, discharges], rows: ['2023-10-01', '2024-01-01'].map((day, i) => ({ time: day, discharges: 15_000 + i })) };
    const quarters = await draw(quarterly, { type: 'line', x: 'time', y: ['discharges'], grain: 'quarter', language: 'en' });
    expect(quarters.texts('axis-label').filter((t) => t.includes(' Q'))).toEqual(['2023 Q4', '2024 Q1']);
  });

  it('keeps each month itself for readers west of Greenwich', async () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const chart = await draw(bedOccupancyByMonth, { ...occupancy, language: 'en' });
      expect(chart.texts('axis-label').filter((t) => t.includes('2024'))[0]).toBe('Jan 2024');
      expect(chart.items('hbi_points_marks')[0]?.tooltip).toMatchObject({ Time: 'Jan 2024' });
    } finally {
      process.env.TZ = zone;
    }
  });

  it('colours the points above 100% and draws the target line', async () => {
    const chart = await draw(bedOccupancyByMonth, { ...occupancy, thresholds: [{ value: 0.93, label: '目标', color: '#2ca02c' }], conditionalColors: [{ above: 1, color: '#c00000' }] });
    expect(chart.items('hbi_points_marks').filter((i) => i.fill === '#c00000').map((i) => i.datum?.bed_occupancy_rate)).toEqual([1.026]);
    expect(chart.items('hbi_threshold_labels_marks').map((i) => [i.text, i.fill])).toEqual([['目标 93.0%', '#2ca02c']]);
  });
});

describe('a period under way', () => {
  // June 2024 is the month under way: its count covers the days so far, so it must not read as a fall.
  const occupancy: VegaConfig = { type: 'line', x: 'time', y: ['bed_occupancy_rate'], grain: 'month', language: 'zh-CN', partialPeriod: '2024-06-01' };
  const june = Date.UTC(2024, 5, 1);
  const may = Date.UTC(2024, 4, 1);
  const times = (chart: Awaited<ReturnType<typeof draw>>, mark: string) => chart.data(mark).map((d) => d.time);

  it('draws a line’s last segment, into the partial month, dashed and its point hollow', async () => {
    const chart = await draw(bedOccupancyByMonth, occupancy);
    expect(times(chart, 'hbi_lines_marks')).not.toContain(june);
    expect(times(chart, 'hbi_lines_marks')).toHaveLength(5);
    expect(times(chart, 'hbi_partial_lines_marks')).toEqual([may, june]);
    expect(chart.items('hbi_partial_lines_marks')[0]).toMatchObject({ strokeDash: [5, 4] });
    const fill = Object.fromEntries(chart.items('hbi_points_marks').map((i) => [i.datum?.time, (i as { fillOpacity?: number }).fillOpacity]));
    expect(fill[june]).toBe(0);
    expect(Object.entries(fill).filter(([t]) => Number(t) !== june).every(([, opacity]) => opacity === 1)).toBe(true);
    // The hollow point keeps its tooltip and its colour as an outline.
    expect(chart.items('hbi_points_marks').find((i) => i.datum?.time === june)?.stroke).toBe('#4c78a8');
  });

  it('draws a month’s bar faint with a dashed outline, per series', async () => {
    const chart = await draw(dischargesByDepartmentAndMonth, { type: 'bar', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN', partialPeriod: '2024-03-01' });
    const bars = chart.items('hbi_bars_marks') as { datum?: Record<string, unknown>; fillOpacity?: number; strokeDash?: number[] }[];
    const march = bars.filter((b) => b.datum?.time === Date.UTC(2024, 2, 1));
    expect(march).toHaveLength(3);
    expect(march.every((b) => b.fillOpacity === 0.3 && JSON.stringify(b.strokeDash) === '[4,3]')).toBe(true);
    expect(bars.filter((b) => b.datum?.time !== Date.UTC(2024, 2, 1)).every((b) => b.fillOpacity === 1)).toBe(true);
    expect(chart.messages).toEqual([]);
  });

  it('draws every period alike when the rows do not reach the period under way', async () => {
    const chart = await draw(bedOccupancyByMonth, { ...occupancy, partialPeriod: '2024-12-01' });
    expect(times(chart, 'hbi_lines_marks')).toHaveLength(6);
    // The dashed layer keeps the last point alone (an empty layer would make Vega warn): no segment.
    expect(times(chart, 'hbi_partial_lines_marks')).toEqual([june]);
    expect(chart.items('hbi_points_marks').every((i) => (i as { fillOpacity?: number }).fillOpacity === 1)).toBe(true);
  });
});

describe('area', () => {
  it('stacks a series of areas and keeps a point per row for tooltips', async () => {
    const chart = await draw(dischargesByDepartmentAndMonth, { type: 'area', x: 'time', series: 'department', y: ['discharges'], grain: 'month', language: 'zh-CN' });
    expect(drawnRows(chart, 'hbi_points_marks', [department, time, discharges])).toEqual(sortedByContent(dischargesByDepartmentAndMonth.rows));
    expect(drawnRows(chart, 'hbi_areas_marks', [department, time, discharges])).toEqual(sortedByContent(dischargesByDepartmentAndMonth.rows));
    const marchTop = Math.max(...chart.data('hbi_points_marks').filter((d) => d.time === Date.UTC(2024, 2, 1)).map((d) => d.hbi_value_end as number));
    expect(marchTop).toBe(123 + 223 + 323);
  });
});
