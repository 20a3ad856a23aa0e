import { describe, expect, it } from 'vitest';
import { currentPeriodStart, d3PeriodFormat, formatPeriod, periodTimeUnit } from './periodFormat.ts';

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

  it('finds the period still under way on the reader’s day, weeks from Monday', () => {
    const sunday = new Date(2026, 11, 6);
    expect(currentPeriodStart('month', sunday)).toBe('2026-12-01');
    expect(currentPeriodStart('quarter', sunday)).toBe('2026-10-01');
    expect(currentPeriodStart('year', sunday)).toBe('2026-01-01');
    expect(currentPeriodStart('week', sunday)).toBe('2026-11-30');
    expect(currentPeriodStart('week', new Date(2026, 10, 30))).toBe('2026-11-30');
    expect(currentPeriodStart('week', new Date(2027, 0, 2))).toBe('2026-12-28');
    expect(currentPeriodStart('day', sunday)).toBe('2026-12-06');
    expect(currentPeriodStart(undefined, new Date(2026, 0, 9))).toBe('2026-01-09');
    expect(currentPeriodStart('quarter', new Date(2026, 2, 31))).toBe('2026-01-01');
  });
});
