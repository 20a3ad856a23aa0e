import { describe, expect, it } from 'vitest';
import { d3PeriodFormat, formatPeriod, periodTimeUnit } from './periodFormat.ts';

describe('periods', () => {
  it('names a period start by its grain, in each language', () => {
    expect(formatPeriod('2024-03-01', 'month', 'zh-CN')).toBe('2024年3月');
    expect(formatPeriod('2024-03-01', 'month', 'en')).toBe('Mar 2024');
    expect(formatPeriod('2024-04-01', 'quarter', 'zh-CN')).toBe('2024年第2季度');
    expect(formatPeriod('2024-04-01', 'quarter', 'en')).toBe('2024 Q2');
    expect(formatPeriod('2024-01-01', 'year', 'zh-CN')).toBe('2024年');
    expect(formatPeriod('2024-01-01', 'year', 'en')).toBe('2024');
    expect(formatPeriod('2024-03-04', 'week', 'zh-CN')).toBe('2024-03-04');
    expect(formatPeriod('2024-03-04', undefined, 'en')).toBe('2024-03-04');
  });

  it('reads periods as UTC days with the grain’s time unit', () => {
    expect(periodTimeUnit('month')).toEqual({ unit: 'yearmonth', utc: true });
    expect(periodTimeUnit('quarter')).toEqual({ unit: 'yearquarter', utc: true });
    // Monday weeks are not Vega-Lite's Sunday weeks: a week is its first day.
    expect(periodTimeUnit('week')).toEqual({ unit: 'yearmonthdate', utc: true });
    expect(periodTimeUnit(undefined)).toEqual({ unit: 'yearmonthdate', utc: true });
    expect(d3PeriodFormat('quarter', 'zh-CN')).toBe('%Y年第%q季度');
  });

  it('leaves text that is not a day alone', () => {
    expect(formatPeriod('未知', 'month', 'zh-CN')).toBe('未知');
  });
});
