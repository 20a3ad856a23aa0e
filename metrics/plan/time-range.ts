// Relative date ranges resolved against an "as of" day (default today): a query says
// `last_month` and means the same days whoever runs it, whenever they run it as of that day.
// And the days of one period of a time grain, as a result row names it by its first day.
import type { TimeGrain } from '../sql/sql-ast.ts';

export type RelativeRange =
  | 'today' | 'yesterday' | 'last_7_days' | 'last_30_days' | 'this_month' | 'last_month'
  | 'this_quarter' | 'last_quarter' | 'this_year' | 'last_year';

export const relativeRanges: RelativeRange[] = [
  'today', 'yesterday', 'last_7_days', 'last_30_days', 'this_month', 'last_month', 'this_quarter', 'last_quarter', 'this_year', 'last_year',
];

export interface DayRange {
  from: string;
  to: string;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));

/** Inclusive days. `last_7_days` is the seven days ending on the as-of day; `this_*` run to it. */
export function resolveRelativeRange(range: RelativeRange, asOf: string): DayRange {
  const at = new Date(`${asOf}T00:00:00Z`);
  const [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
  const quarterStart = m - (m % 3);
  switch (range) {
    case 'today':
      return { from: asOf, to: asOf };
    case 'yesterday':
      return { from: day(utc(y, m, d - 1)), to: day(utc(y, m, d - 1)) };
    case 'last_7_days':
      return { from: day(utc(y, m, d - 6)), to: asOf };
    case 'last_30_days':
      return { from: day(utc(y, m, d - 29)), to: asOf };
    case 'this_month':
      return { from: day(utc(y, m, 1)), to: asOf };
    case 'last_month':
      return { from: day(utc(y, m - 1, 1)), to: day(utc(y, m, 0)) };
    case 'this_quarter':
      return { from: day(utc(y, quarterStart, 1)), to: asOf };
    case 'last_quarter':
      return { from: day(utc(y, quarterStart - 3, 1)), to: day(utc(y, quarterStart, 0)) };
    case 'this_year':
      return { from: day(utc(y, 0, 1)), to: asOf };
    case 'last_year':
      return { from: day(utc(y - 1, 0, 1)), to: day(utc(y - 1, 11, 31)) };
  }
}

export function addDays(isoDay: string, days: number): string {
  const at = new Date(`${isoDay}T00:00:00Z`);
  return day(utc(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + days));
}

/** Days in an inclusive range. */
export function rangeDays(range: DayRange): number {
  return Math.round((Date.parse(`${range.to}T00:00:00Z`) - Date.parse(`${range.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Today in local time, as the as-of day when a query gives none. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A query's range: inclusive days as given, a relative range resolved against `asOf` (default today), or none. */
export function resolveRange(range: DayRange | { relative: RelativeRange } | undefined, asOf: string | undefined): DayRange | null {
  if (range === undefined) return null;
  return 'relative' in range ? resolveRelativeRange(range.relative, asOf ?? today()) : range;
}

/**
 * The days of the period of `grain` that starts on `start` (a week starts on Monday, as the
 * engines truncate), or null when `start` is not a day that starts such a period.
 */
export function periodOf(start: string, grain: TimeGrain): DayRange | null {
  const at = new Date(`${start}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || day(at) !== start) return null;
  const [y, m, d] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
  const starts: Record<TimeGrain, boolean> = {
    day: true, week: at.getUTCDay() === 1, month: d === 1, quarter: d === 1 && m % 3 === 0, year: d === 1 && m === 0,
  };
  if (!starts[grain]) return null;
  const next: Record<TimeGrain, Date> = {
    day: utc(y, m, d + 1), week: utc(y, m, d + 7), month: utc(y, m + 1, 1), quarter: utc(y, m + 3, 1), year: utc(y + 1, 0, 1),
  };
  return { from: start, to: addDays(day(next[grain]), -1) };
}
