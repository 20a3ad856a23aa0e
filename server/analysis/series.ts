// A metric's series as forecasting and anomaly detection read it: one value per consecutive period
// of a grain (a day, a week starting on Monday as the engines truncate, a month), from `start`.
import { addDays } from '../../metrics/plan/time-range.ts';

export type SeriesGrain = 'day' | 'week' | 'month';

export interface Series {
  grain: SeriesGrain;
  /** The first period's first day, YYYY-MM-DD. */
  start: string;
  values: number[];
}

export class SeriesError extends Error {}

/** The first day of the period `n` periods after the one starting on `start`. */
export function periodStart(start: string, grain: SeriesGrain, n: number): string {
  if (grain === 'day') return addDays(start, n);
  if (grain === 'week') return addDays(start, 7 * n);
  const [y, m] = start.split('-').map(Number) as [number, number];
  const month = (m - 1) + n;
  const year = y + Math.floor(month / 12);
  return `${year}-${String((((month % 12) + 12) % 12) + 1).padStart(2, '0')}-01`;
}

export function periodsOf(series: Series, from = 0, count = series.values.length - from): string[] {
  return Array.from({ length: count }, (_, i) => periodStart(series.start, series.grain, from + i));
}

/**
 * A series from query result rows by time (`{ time, value }`, in any order): a period without a
 * value counts 0, as an additive metric counts no rows; a row that does not start a period of the
 * grain, or a period given twice, is an error naming it.
 */
export function seriesFromRows(rows: { time: string; value: number | null }[], grain: SeriesGrain): Series {
  if (rows.length === 0) throw new SeriesError('the series has no periods: ask for a date range with rows');
  const byPeriod = new Map<string, number>();
  for (const row of rows) {
    const day = new Date(`${row.time}T00:00:00Z`);
    const starts = grain === 'day' || (grain === 'week' ? day.getUTCDay() === 1 : day.getUTCDate() === 1);
    if (Number.isNaN(day.getTime()) || !starts || day.toISOString().slice(0, 10) !== row.time) {
      throw new SeriesError(`${row.time} does not start a ${grain}: give ${grain === 'day' ? 'each day' : `the first day of each ${grain}`} as YYYY-MM-DD${grain === 'week' ? ' (a Monday)' : ''}`);
    }
    if (byPeriod.has(row.time)) throw new SeriesError(`${row.time} appears twice in the series: give one value per ${grain}`);
    if (row.value !== null && !Number.isFinite(row.value)) throw new SeriesError(`${row.time}: ${row.value} is not a number`);
    byPeriod.set(row.time, row.value ?? 0);
  }
  const ordered = [...byPeriod.keys()].sort();
  const start = ordered[0]!;
  const values: number[] = [];
  for (let i = 0, period = start; period <= ordered[ordered.length - 1]!; i++, period = periodStart(start, grain, i)) {
    values.push(byPeriod.get(period) ?? 0);
  }
  return { grain, start, values };
}
