// Holidays and make-up working days as multiplicative effects on a seasonal model (MSTL has no
// regressors). Periods touched by a holiday are events: the model is fitted on the series with each
// event period replaced by the nearest ordinary period of the same season (the same weekday a week
// or more away), so weekday, yearly and trend components learn from ordinary days. Each event's
// effect is the median, over its past occurrences, of the actual value ÷ its reference, and a
// forecast period that is an event is its reference × that effect. The reference of the working
// days around the Spring Festival and of weeks is the model's own value for the period. A day off or
// a make-up working day has two candidates, and each holiday takes the one that explains its past
// days more consistently: the model's level across the week (a holiday schedule whatever the
// weekday; a make-up Sunday worked like any weekday) or its value for that weekday (demand scaled
// from the weekday's own level, as in a hospital whose clinics keep their weekday rhythm).
import { calendarDay } from './chinese-calendar.ts';
import type { SeriesGrain } from './series.ts';
import { addDays } from '../../metrics/plan/time-range.ts';

/** What a period is on the calendar: its most specific key first, then coarser ones to fall back on. */
export interface PeriodEvent {
  keys: string[];
  /** What the effect multiplies: the model's value for the period, or that or its level over the week (see above). */
  reference: 'model' | 'either';
  /** The events whose past decides the reference together (a holiday's name, 调休上班). */
  group: string;
}

/** Demand moves for weeks around the Spring Festival (travel home before, a rebound after). */
const springFestivalWindow = { before: 10, after: 14 };

function dayEvent(isoDay: string): PeriodEvent | null {
  const day = calendarDay(isoDay);
  if (day.makeupWorkday) return { keys: ['调休上班'], reference: 'either', group: '调休上班' };
  const offset = day.springFestivalOffset;
  if (offset >= -springFestivalWindow.before && offset <= springFestivalWindow.after) {
    // The days off move around 正月初一 from year to year: a day off and a working day at the same
    // distance from it are different events.
    return day.holiday
      ? { keys: [`春节:${offset}`, '春节', '节假日'], reference: 'either', group: '春节' }
      : { keys: [`春节前后:${offset}`, '春节前后'], reference: 'model', group: '春节前后' };
  }
  if (day.holiday) {
    let first = isoDay;
    while (calendarDay(addDays(first, -1)).holiday === day.holiday) first = addDays(first, -1);
    const index = Math.round((Date.parse(isoDay) - Date.parse(first)) / 86_400_000);
    return { keys: [`${day.holiday}:${index}`, day.holiday, '节假日'], reference: 'either', group: day.holiday };
  }
  return null;
}

function weekEvent(monday: string): PeriodEvent | null {
  const days = Array.from({ length: 7 }, (_, i) => calendarDay(addDays(monday, i)));
  if (days.some((d) => d.springFestivalOffset >= -springFestivalWindow.before && d.springFestivalOffset <= springFestivalWindow.after)) {
    return { keys: [`春节周:${Math.floor(days[0]!.springFestivalOffset / 7)}`, '春节周'], reference: 'model', group: '春节周' };
  }
  const holiday = days.map((d) => d.holiday).find((h) => h !== null);
  return holiday ? { keys: [`${holiday}周`, '节假日周'], reference: 'model', group: `${holiday}周` } : null;
}

const known = new Map<string, PeriodEvent | null>();

/** The calendar event of the period starting on `start`, or null for an ordinary period (months: always null). */
export function periodEvent(start: string, grain: SeriesGrain): PeriodEvent | null {
  if (grain === 'month') return null;
  // The calendar does not change while the process runs; a backtest asks for the same days a dozen times.
  const key = `${grain}:${start}`;
  if (!known.has(key)) known.set(key, grain === 'day' ? dayEvent(start) : weekEvent(start));
  return known.get(key)!;
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

/** The spread of ratios relative to their size: median absolute deviation ÷ median. */
function spread(ratios: number[]): number {
  const centre = median(ratios);
  return centre > 0 ? median(ratios.map((r) => Math.abs(r - centre))) / centre : Infinity;
}

/**
 * What each period's effect multiplies (see above). `model` is the model's value for every period
 * of the history (`values`) and the forecast, in order; `season` its shortest season, whose
 * consecutive values average that season out (7 days: a week).
 */
export function eventReferences(values: number[], model: number[], events: (PeriodEvent | null)[], season: number): number[] {
  const level = (t: number) => {
    const from = Math.min(Math.max(t - (season >> 1), 0), model.length - season);
    return model.slice(from, from + season).reduce((a, b) => a + b, 0) / season;
  };
  const past = new Map<string, { model: number[]; week: number[] }>();
  events.forEach((event, t) => {
    if (event?.reference !== 'either' || t >= values.length || !(model[t]! > 0) || model.length < season) return;
    const group = past.get(event.group) ?? { model: [], week: [] };
    group.model.push(values[t]! / model[t]!);
    group.week.push(values[t]! / level(t));
    past.set(event.group, group);
  });
  const byWeek = new Map([...past].map(([group, r]) => [group, spread(r.week) <= spread(r.model)]));
  return model.map((value, t) => {
    const event = events[t];
    return event?.reference === 'either' && model.length >= season && (byWeek.get(event.group) ?? true) ? level(t) : value;
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
