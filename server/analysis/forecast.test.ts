import { describe, expect, it } from 'vitest';
import { MSTL } from '@bsull/augurs/mstl';
import { forecastSeries } from './forecast.ts';
import { periodsOf, seriesFromRows, SeriesError } from './series.ts';
import { syntheticDays } from './testing/synthetic-series.ts';

describe('forecastSeries', () => {
  it("equals the library's own MSTL forecast on the same data when no holiday is in play", () => {
    // 8 weeks in summer 2025 with no holiday, make-up day or Spring Festival window.
    const series = syntheticDays({ start: '2025-06-03', days: 56, noise: 0.1 });
    const ours = forecastSeries(series, { horizon: 14, level: 0.9 });
    const model = MSTL.ets([7]);
    model.fit(Float64Array.from(series.values));
    const theirs = model.predict(14, 0.9);
    expect(ours.events).toEqual([]);
    expect(ours.point).toEqual([...theirs.point]);
    expect(ours.lower).toEqual([...theirs.intervals!.lower]);
    expect(ours.upper).toEqual([...theirs.intervals!.upper]);
    expect(ours.method).toEqual({ library: '@bsull/augurs', model: 'MSTL + AutoETS', seasonalPeriods: [7], calendar: true });
    expect(ours.periods[0]).toBe('2025-07-29');
  });

  it('adds the yearly season once two years of days are there, still exactly the library', () => {
    const series = syntheticDays({ start: '2023-01-01', days: 800, yearly: 0.15, noise: 0.05 });
    const ours = forecastSeries(series, { horizon: 30, calendar: false });
    const model = MSTL.ets([7, 365]);
    model.fit(Float64Array.from(series.values));
    expect(ours.method.seasonalPeriods).toEqual([7, 365]);
    expect(ours.point).toEqual([...model.predict(30, 0.8).point]);
  });

  it('takes the Spring Festival and make-up working days from past years into the forecast', () => {
    // Three years to the end of 2024: holidays at 30 % of an ordinary day, make-up weekend days worked as a Wednesday.
    const history = syntheticDays({ start: '2022-01-01', days: 1096, holiday: 0.3, noise: 0.04 });
    const truth = syntheticDays({ start: '2025-01-01', days: 60, holiday: 0.3 }).values;
    const forecast = forecastSeries(history, { horizon: 60 });
    const at = (day: string) => forecast.periods.indexOf(day);
    const error = (day: string) => Math.abs(forecast.point[at(day)]! - truth[at(day)]!) / truth[at(day)]!;
    for (const day of ['2025-01-28', '2025-01-31', '2025-02-02', '2025-02-04']) expect(error(day)).toBeLessThan(0.15);
    // Sunday 26 January 2025 was a working day: forecast near a weekday's level, not a Sunday's.
    expect(error('2025-01-26')).toBeLessThan(0.15);
    expect(forecast.events.find((e) => e.period === '2025-01-26')).toMatchObject({ key: '调休上班' });
    expect(forecast.events.find((e) => e.period === '2025-01-29')).toMatchObject({ key: '春节:0', seen: 3 });
    // Without the calendar, the same model forecasts the festival as ordinary days.
    const blind = forecastSeries(history, { horizon: 60, calendar: false });
    const blindError = Math.abs(blind.point[at('2025-01-29')]! - truth[at('2025-01-29')]!) / truth[at('2025-01-29')]!;
    expect(blindError).toBeGreaterThan(1);
    // The interval holds the point, and is scaled with it on a holiday.
    forecast.point.forEach((p, i) => expect(forecast.lower[i]! <= p && p <= forecast.upper[i]!).toBe(true));
  });

  it('says what it cannot do', () => {
    const short = syntheticDays({ start: '2025-05-12', days: 10 });
    expect(() => forecastSeries(short, { horizon: 7 })).toThrow(new SeriesError('a day forecast needs at least 14 days of history; this series has 10'));
    const series = syntheticDays({ start: '2025-05-12', days: 30 });
    expect(() => forecastSeries(series, { horizon: 0 })).toThrow(/horizon 0: forecast 1 to 366 days ahead/);
    expect(() => forecastSeries(series, { horizon: 7, level: 95 })).toThrow(/between 0 and 1/);
  });

  it('forecasts weeks and months, and notes a season it lacks the history for', () => {
    const weeks = { grain: 'week' as const, start: '2024-01-01', values: Array.from({ length: 40 }, (_, i) => 500 + 3 * i) };
    const forecast = forecastSeries(weeks, { horizon: 4 });
    expect(forecast.periods).toEqual(['2024-10-07', '2024-10-14', '2024-10-21', '2024-10-28']);
    expect(forecast.method.model).toBe('AutoETS');
    expect(forecast.notes).toContain('no seasonality: 40 weeks of history are fewer than two cycles of any season');
    const months = { grain: 'month' as const, start: '2023-01-01', values: Array.from({ length: 30 }, (_, i) => 100 + 20 * Math.cos((2 * Math.PI * i) / 12)) };
    expect(forecastSeries(months, { horizon: 3 }).periods).toEqual(['2025-07-01', '2025-08-01', '2025-09-01']);
  });
});

describe('seriesFromRows', () => {
  it('fills periods without rows with 0 and orders the rows', () => {
    const series = seriesFromRows([{ time: '2025-03-03', value: 4 }, { time: '2025-03-01', value: 2 }, { time: '2025-03-02', value: null }], 'day');
    expect(series).toEqual({ grain: 'day', start: '2025-03-01', values: [2, 0, 4] });
    expect(periodsOf(seriesFromRows([{ time: '2025-01-01', value: 1 }, { time: '2025-03-01', value: 1 }], 'month'))).toEqual(['2025-01-01', '2025-02-01', '2025-03-01']);
  });

  it('names the row that does not fit', () => {
    expect(() => seriesFromRows([{ time: '2025-03-04', value: 1 }], 'week')).toThrow('2025-03-04 does not start a week: give the first day of each week as YYYY-MM-DD (a Monday)');
    expect(() => seriesFromRows([{ time: 'Sat Dec 07', value: 1 }], 'day')).toThrow('Sat Dec 07 does not start a day: give each day as YYYY-MM-DD');
    expect(() => seriesFromRows([{ time: '2025-03-03', value: 1 }, { time: '2025-03-03', value: 2 }], 'day')).toThrow('2025-03-03 appears twice');
  });
});
