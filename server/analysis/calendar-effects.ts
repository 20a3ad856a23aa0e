// Holidays and make-up working days as multiplicative effects on a seasonal model (MSTL has no
// regressors). Periods touched by a holiday are events: the model is fitted on the series with each
// event period replaced by the nearest ordinary period of the same season (the same weekday a week
// or more away), so weekday, yearly and trend components learn from ordinary days. Each event's
// effect is the median, over its past occurrences, of the actual value ÷ its reference: for a day
// off or a make-up working day, the model's level across that week (a day off is a day off whatever
// weekday it falls on, a make-up Sunday is worked like any weekday); for the working days around
// the Spring Festival and for weeks, the model's own value for the period. A forecast period that
// is an event is its reference × that effect.
import { calendarDay } from './chinese-calendar.ts';
import type { SeriesGrain } from './series.ts';
import { addDays } from '../../metrics/plan/time-range.ts';

/** What a period is on the calendar: its most specific key first, then coarser ones to fall back on. */
export interface PeriodEvent {
  keys: string[];
  /** What the effect multiplies: the model's value for the period, or its level over the week around it. */
  reference: 'model' | 'week';
}

/** Demand moves for weeks around the Spring Festival (travel home before, a rebound after). */
const springFestivalWindow = { before: 10, after: 14 };

function dayEvent(isoDay: string): PeriodEvent | null {
  const day = calendarDay(isoDay);
  if (day.makeupWorkday) return { keys: ['调休上班'], reference: 'week' };
  const offset = day.springFestivalOffset;
  if (offset >= -springFestivalWindow.before && offset <= springFestivalWindow.after) {
    // The days off move around 正月初一 from year to year: a day off and a working day at the same
    // distance from it are different events.
    return day.holiday ? { keys: [`春节:${offset}`, '春节', '节假日'], reference: 'week' } : { keys: [`春节前后:${offset}`, '春节前后'], reference: 'model' };
  }
  if (day.holiday) {
    let first = isoDay;
    while (calendarDay(addDays(first, -1)).holiday === day.holiday) first = addDays(first, -1);
    const index = Math.round((Date.parse(isoDay) - Date.parse(first)) / 86_400_000);
    return { keys: [`${day.holiday}:${index}`, day.holiday, '节假日'], reference: 'week' };
  }
  return null;
}

function weekEvent(monday: string): PeriodEvent | null {
  const days = Array.from({ length: 7 }, (_, i) => calendarDay(addDays(monday, i)));
  if (days.some((d) => d.springFestivalOffset >= -springFestivalWindow.before && d.springFestivalOffset <= springFestivalWindow.after)) {
    return { keys: [`春节周:${Math.floor(days[0]!.springFestivalOffset / 7)}`, '春节周'], reference: 'model' };
  }
  const holiday = days.map((d) => d.holiday).find((h) => h !== null);
  return holiday ? { keys: [`${holiday}周`, '节假日周'], reference: 'model' } : null;
}

/** The calendar event of the period starting on `start`, or null for an ordinary period (months: always null). */
export function periodEvent(start: string, grain: SeriesGrain): PeriodEvent | null {
  if (grain === 'day') return dayEvent(start);
  if (grain === 'week') return weekEvent(start);
  return null;
}

/**
 * The series with each event period replaced by the nearest ordinary period `season` periods
 * away (earlier first, then later); an event with no ordinary period of its season keeps its value.
 */
export function withEventsReplaced(values: number[], events: (PeriodEvent | null)[], season: number): number[] {
  return values.map((value, t) => {
    if (!events[t]) return value;
    for (let k = 1; t - k * season >= 0 || t + k * season < values.length; k++) {
      for (const u of [t - k * season, t + k * season]) {
        if (u >= 0 && u < values.length && !events[u]) return values[u]!;
      }
    }
    return value;
  });
}

/**
 * What each period's effect multiplies (see PeriodEvent.reference): `model` is the model's value for
 * every period of the history and the forecast, in order; `season` its shortest season, whose
 * consecutive `season` values average that season out (7 days: a week).
 */
export function eventReferences(model: number[], events: (PeriodEvent | null)[], season: number): number[] {
  return model.map((value, t) => {
    if (events[t]?.reference !== 'week' || model.length < season) return value;
    const from = Math.min(Math.max(t - (season >> 1), 0), model.length - season);
    return model.slice(from, from + season).reduce((a, b) => a + b, 0) / season;
  });
}

/** Each key's observed ratios of actual to reference, over the history's event periods. */
export function eventRatios(values: number[], references: number[], events: (PeriodEvent | null)[]): Map<string, number[]> {
  const ratios = new Map<string, number[]>();
  events.forEach((event, t) => {
    if (!event || t >= values.length || !(references[t]! > 0)) return;
    for (const key of event.keys) ratios.set(key, [...(ratios.get(key) ?? []), values[t]! / references[t]!]);
  });
  return ratios;
}

export interface EventEffect {
  /** The key whose history gave the factor, or null when none had any (factor 1). */
  key: string | null;
  factor: number;
  /** Past periods the factor is the median of. */
  seen: number;
}

export function eventEffect(event: PeriodEvent, ratios: Map<string, number[]>): EventEffect {
  for (const key of event.keys) {
    const seen = ratios.get(key);
    if (seen?.length) return { key, factor: median(seen), seen: seen.length };
  }
  return { key: null, factor: 1, seen: 0 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
