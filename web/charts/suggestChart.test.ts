import { describe, expect, it } from 'vitest';
import { suggestChart, type SuggestedDimension, type SuggestedMetric } from './suggestChart.ts';

const time: SuggestedDimension = { name: 'time', type: 'date' };
const department = (distinctValues?: number): SuggestedDimension => ({ name: 'department', type: 'string', ...(distinctValues === undefined ? {} : { distinctValues }) });
const gender: SuggestedDimension = { name: 'gender', type: 'string', distinctValues: 2 };
const ward: SuggestedDimension = { name: 'ward', type: 'string', distinctValues: 40 };
const discharges: SuggestedMetric = { name: 'discharges', unit: '人', format: 'integer' };
const inpatients: SuggestedMetric = { name: 'inpatients', unit: '人', format: 'integer' };
const alos: SuggestedMetric = { name: 'alos', unit: '天', format: '0.00' };
const occupancy: SuggestedMetric = { name: 'bed_occupancy_rate', format: 'percent' };
const daySurgeryShare: SuggestedMetric = { name: 'day_surgery_share', format: 'percent' };
const dischargeShare: SuggestedMetric = { name: 'discharges__share', format: 'percent' };

describe('suggestChart', () => {
  it('1. a table without metrics or with more than four', () => {
    expect(suggestChart({ dimensions: [department()], metrics: [] })).toBe('table');
    expect(suggestChart({ dimensions: [department()], metrics: [discharges, inpatients, discharges, inpatients, discharges] })).toBe('table');
  });

  it('2. a KPI card for one metric without dimensions, a table for several', () => {
    expect(suggestChart({ dimensions: [], metrics: [discharges] })).toBe('kpi');
    expect(suggestChart({ dimensions: [], metrics: [discharges, alos] })).toBe('table');
  });

  it('3. over time: a line, bars by year, a combo for two units', () => {
    expect(suggestChart({ dimensions: [time], metrics: [occupancy], grain: 'month' })).toBe('line');
    expect(suggestChart({ dimensions: [time], metrics: [discharges, inpatients], grain: 'day' })).toBe('line');
    expect(suggestChart({ dimensions: [time], metrics: [discharges], grain: 'year' })).toBe('bar');
    expect(suggestChart({ dimensions: [time], metrics: [discharges, alos], grain: 'month' })).toBe('combo');
    expect(suggestChart({ dimensions: [{ name: 'discharge_date', type: 'date' }], metrics: [discharges] })).toBe('line');
  });

  it('4. over time by department: a line each, a heatmap when lines would tangle', () => {
    expect(suggestChart({ dimensions: [time, department(6)], metrics: [discharges], grain: 'month' })).toBe('line');
    expect(suggestChart({ dimensions: [time, department()], metrics: [discharges], grain: 'month' })).toBe('line');
    expect(suggestChart({ dimensions: [time, department(30)], metrics: [discharges], grain: 'month' })).toBe('heatmap');
  });

  it('5. by department: bars, horizontal beyond 12, a pie for a share of few parts', () => {
    expect(suggestChart({ dimensions: [department(8)], metrics: [discharges] })).toBe('bar');
    expect(suggestChart({ dimensions: [department()], metrics: [discharges] })).toBe('bar');
    expect(suggestChart({ dimensions: [department(30)], metrics: [discharges] })).toBe('bar_horizontal');
    expect(suggestChart({ dimensions: [department(5)], metrics: [dischargeShare] })).toBe('pie');
    expect(suggestChart({ dimensions: [department(20)], metrics: [dischargeShare] })).toBe('bar_horizontal');
    expect(suggestChart({ dimensions: [department()], metrics: [dischargeShare] })).toBe('bar');
    // A rate per department is no part of a whole.
    expect(suggestChart({ dimensions: [department(5)], metrics: [daySurgeryShare] })).toBe('bar');
  });

  it('6. several metrics by department: a combo or scatter for two units, bars for one', () => {
    expect(suggestChart({ dimensions: [department(8)], metrics: [discharges, alos] })).toBe('combo');
    expect(suggestChart({ dimensions: [department(30)], metrics: [alos, occupancy] })).toBe('scatter');
    expect(suggestChart({ dimensions: [department(8)], metrics: [discharges, alos, occupancy] })).toBe('table');
    expect(suggestChart({ dimensions: [department(8)], metrics: [discharges, inpatients] })).toBe('bar');
  });

  it('7. two dimensions: grouped bars when one has few values, else a heatmap; a pivot for several metrics', () => {
    expect(suggestChart({ dimensions: [department(8), gender], metrics: [discharges] })).toBe('bar');
    expect(suggestChart({ dimensions: [department(8), ward], metrics: [discharges] })).toBe('heatmap');
    expect(suggestChart({ dimensions: [department(), ward], metrics: [discharges] })).toBe('heatmap');
    expect(suggestChart({ dimensions: [department(8), ward], metrics: [discharges, alos] })).toBe('pivot');
    expect(suggestChart({ dimensions: [time, department(8)], metrics: [discharges, alos], grain: 'month' })).toBe('pivot');
  });

  it('8. a table for anything else', () => {
    expect(suggestChart({ dimensions: [department(8), ward, gender], metrics: [discharges] })).toBe('table');
  });
});
