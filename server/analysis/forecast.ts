// Forecast of an additive metric's series (a day, week or month at a time): augurs' MSTL with an
// AutoETS trend for the weekday and yearly seasons, holidays and make-up working days as
// multiplicative calendar effects learned from the series' own history, prediction intervals
// scaled by the same effects.
import { fitAndForecast } from './augurs-models.ts';
import { eventEffect, eventRatios, eventReferences, periodEvent, withEventsReplaced, type PeriodEvent } from './calendar-effects.ts';
import { officialThrough } from './chinese-calendar.ts';
import { periodsOf, SeriesError, type Series, type SeriesGrain } from './series.ts';

export interface ForecastOptions {
  /** Periods ahead. */
  horizon: number;
  /** Width of the prediction interval, 0–1 (default 0.8, as Prophet's and most BI tools'). */
  level?: number;
  /** Holidays and make-up days as effects (default true; months have none). */
  calendar?: boolean;
}

export interface ForecastEvent {
  period: string;
  /** The calendar key whose past gave the effect (春节:3, 国庆节:0, 调休上班:6 …), or null when none had a past. */
  key: string | null;
  factor: number;
  seen: number;
}

export interface Forecast {
  grain: SeriesGrain;
  periods: string[];
  point: number[];
  lower: number[];
  upper: number[];
  level: number;
  method: { library: '@bsull/augurs'; model: 'MSTL + AutoETS' | 'AutoETS'; seasonalPeriods: number[]; calendar: boolean };
  /** The forecast periods that are holidays or make-up days, with the effect applied to each. */
  events: ForecastEvent[];
  notes: string[];
}

export interface SeriesFit {
  /** The model's value for each period of the history, calendar effects included (null for AutoETS alone). */
  expected: number[] | null;
  forecast: Forecast;
}

const minimumHistory: Record<SeriesGrain, number> = { day: 14, week: 8, month: 6 };
const maximumHorizon: Record<SeriesGrain, number> = { day: 366, week: 104, month: 36 };
const cycles: Record<SeriesGrain, { season: number; year: number }> = { day: { season: 7, year: 365 }, week: { season: 0, year: 52 }, month: { season: 0, year: 12 } };

/** Seasons with two full cycles of history: the week (days), the year (days, weeks or months). */
export function seasonalPeriods(grain: SeriesGrain, length: number): number[] {
  const { season, year } = cycles[grain];
  return [season, year].filter((p) => p > 0 && length >= 2 * p);
}

export function fitSeries(series: Series, options: ForecastOptions): SeriesFit {
  const { grain, values } = series;
  const level = options.level ?? 0.8;
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > maximumHorizon[grain]) {
    throw new SeriesError(`horizon ${options.horizon}: forecast 1 to ${maximumHorizon[grain]} ${grain}s ahead`);
  }
  if (!(level > 0 && level < 1)) throw new SeriesError(`level ${level}: give the interval's width between 0 and 1, e.g. 0.8`);
  if (values.length < minimumHistory[grain]) {
    throw new SeriesError(`a ${grain} forecast needs at least ${minimumHistory[grain]} ${grain}s of history; this series has ${values.length}`);
  }
  const useCalendar = options.calendar ?? true;
  const periods = seasonalPeriods(grain, values.length);
  const history = periodsOf(series);
  const future = periodsOf(series, values.length, options.horizon);
  const eventsOf = (days: string[]) => days.map((p): PeriodEvent | null => (useCalendar ? periodEvent(p, grain) : null));
  const pastEvents = eventsOf(history);
  const fit = fitAndForecast(withEventsReplaced(values, pastEvents, periods[0] ?? 1), periods, options.horizon, level);
  const events = [...pastEvents, ...eventsOf(future)];
  const references = fit.inSample ? eventReferences(values, [...fit.inSample, ...fit.forecast.point], events, periods[0] ?? 1) : null;
  const ratios = references ? eventRatios(values, references, pastEvents) : new Map<string, number[]>();
  // The value of period t (history, then forecast) given the model's value there, with its calendar effect.
  const withEffect = (t: number, modelValue: number) => {
    const effect = events[t] && references ? eventEffect(events[t]!, ratios) : null;
    return { effect, value: effect ? references![t]! * effect.factor : modelValue };
  };
  // Counts and sums of counts are never negative: a negative bound is no information.
  const floor = Math.min(0, ...values);
  const clamp = (v: number) => Math.max(floor, v);
  const forecastEvents: ForecastEvent[] = [];
  const point: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  fit.forecast.point.forEach((raw, i) => {
    const { effect, value } = withEffect(values.length + i, raw);
    if (effect) forecastEvents.push({ period: future[i]!, key: effect.key, factor: effect.factor, seen: effect.seen });
    // The interval keeps its width relative to the point.
    const scale = raw === 0 ? 1 : value / raw;
    point.push(clamp(value));
    lower.push(clamp(fit.forecast.lower[i]! * scale));
    upper.push(clamp(fit.forecast.upper[i]! * scale));
  });
  const notes: string[] = [];
  const unseen = forecastEvents.filter((e) => e.key === null).map((e) => e.period);
  if (unseen.length) notes.push(`no past holiday of the same kind in the history for ${unseen.join(', ')}: forecast as ordinary ${grain}s`);
  if (useCalendar && grain !== 'month' && Number(future[future.length - 1]!.slice(0, 4)) > officialThrough) {
    notes.push(`holidays after ${officialThrough} are not yet published in the calendar: 春节 and 国庆节 are taken from their fixed dates, without make-up days`);
  }
  if (periods.length === 0) notes.push(`no seasonality: ${values.length} ${grain}s of history are fewer than two cycles of any season`);
  const expected = fit.inSample ? fit.inSample.map((v, t) => withEffect(t, v).value) : null;
  return {
    expected,
    forecast: {
      grain, periods: future, point, lower, upper, level,
      method: { library: '@bsull/augurs', model: periods.length ? 'MSTL + AutoETS' : 'AutoETS', seasonalPeriods: periods, calendar: useCalendar && grain !== 'month' },
      events: forecastEvents, notes,
    },
  };
}

export function forecastSeries(series: Series, options: ForecastOptions): Forecast {
  return fitSeries(series, options).forecast;
}
