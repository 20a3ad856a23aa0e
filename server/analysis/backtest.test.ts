import { describe, expect, it } from 'vitest';
import { backtest, seasonalNaive } from './backtest.ts';
import { syntheticDays, outpatientWeek } from './testing/synthetic-series.ts';

describe('the rolling-origin backtest', () => {
  it('scores the seasonal-naive baseline exactly on a series with a known answer', () => {
    // A straight line, 100 + t, from 1 June 2025: the same weekday a week earlier is 7 lower at
    // 1 to 7 days ahead, 28 lower at 22 to 28 days ahead; MAPE is that over each actual value.
    const values = Array.from({ length: 120 }, (_, t) => 100 + t);
    const result = backtest({ grain: 'day', start: '2025-06-01', values }, { calendar: false });
    const origins = Array.from({ length: 12 }, (_, k) => 120 - 28 - 5 * (11 - k));
    const expected = (h: number, lag: number) => (100 * origins.reduce((s, o) => s + lag / (100 + o + h - 1), 0)) / origins.length;
    const row = (h: number) => result.horizons.find((r) => r.horizon === h)!;
    expect(row(1).baseline.mape).toBeCloseTo(expected(1, 7), 10);
    expect(row(7).baseline.mape).toBeCloseTo(expected(7, 7), 10);
    expect(row(28).baseline.mape).toBeCloseTo(expected(28, 28), 10);
    expect(result.origins[0]).toBe('2025-07-08');
    expect(row(1).points).toBe(12);
    // The trend model follows a line exactly enough to beat the baseline everywhere.
    for (const h of [1, 7, 28]) {
      expect(row(h).mape!).toBeLessThan(0.5);
      expect(row(h).beatsBaseline).toBe(true);
    }
    expect(result.verdict.en).toBe('Beats the seasonal-naive baseline on MAPE at every horizon.');
  });

  it('says so when the forecast does not beat the baseline', () => {
    // A week repeated without noise: the baseline is exact, so nothing beats it.
    const values = Array.from({ length: 140 }, (_, t) => 1000 * outpatientWeek[t % 7]!);
    const result = backtest({ grain: 'day', start: '2025-06-02', values }, { calendar: false });
    for (const row of result.horizons) {
      expect(row.baseline.mape).toBe(0);
      expect(row.beatsBaseline).toBe(false);
    }
    expect(result.verdict.zh).toMatch(/^预测未优于季节性朴素基线：1天（[0-9.]+%，基线 0\.0%）、7天/);
    expect(result.verdict.en).toMatch(/^Does not beat the seasonal-naive baseline on MAPE at 1 day ahead/);
  });

  it('judges small counts by sMAPE, where a zero makes MAPE meaningless', () => {
    const series = syntheticDays({ start: '2025-06-03', days: 120, level: 3, noise: 1.6, seed: 3 });
    series.values = series.values.map(Math.round);
    const result = backtest(series, { calendar: false });
    expect(result.smallCounts).toBe(true);
    for (const row of result.horizons) expect(row.beatsBaseline).toBe(row.smape < row.baseline.smape);
    expect(result.verdict.en).toContain('sMAPE');
  });

  it('beats seasonal naive through a Spring Festival it has seen before', () => {
    const series = syntheticDays({ start: '2022-01-01', days: 1160, holiday: 0.3, noise: 0.06, yearly: 0.1 });
    // Origins from mid-January to early February 2025: the festival falls inside the forecasts.
    const result = backtest({ ...series, values: series.values.slice(0, 1130) }, { origins: 8, step: 3 });
    for (const row of result.horizons) expect(row.mape!).toBeLessThan(row.baseline.mape!);
  });

  it('repeats the last season', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6, 7, 8, 9], 7, 9)).toEqual([3, 4, 5, 6, 7, 8, 9, 3, 4]);
    expect(() => seasonalNaive([1, 2], 7, 1)).toThrow('needs 7 periods');
  });
});
