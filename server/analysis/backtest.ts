// How good a forecast is, measured the only honest way: a rolling-origin backtest. At each origin
// the model sees only the periods before it and forecasts ahead; its errors at each horizon are
// set beside those of the seasonal-naive baseline (the same weekday a week earlier; the same week
// or month a year earlier when the history holds a year, else the last value) on the same periods.
import { forecastSeries } from './forecast.ts';
import { periodStart, SeriesError, type Series, type SeriesGrain } from './series.ts';

export interface BacktestOptions {
  /** Periods ahead to score (default: days 1, 7, 28; weeks 1, 4, 12; months 1, 3, 6). */
  horizons?: number[];
  /** How many origins (default 12 for days and weeks, 6 for months). */
  origins?: number;
  /** Periods between origins (default 5 days, so origins fall on every weekday; 1 week; 1 month). */
  step?: number;
  calendar?: boolean;
}

export interface Accuracy {
  /** Mean absolute percentage error, %, over the scored periods whose actual value is not 0 (null if none). */
  mape: number | null;
  /** Symmetric MAPE, %: 2|forecast − actual| ÷ (|forecast| + |actual|), 0 where both are 0. */
  smape: number;
}

export interface HorizonAccuracy extends Accuracy {
  horizon: number;
  /** Forecasts scored at this horizon (one per origin). */
  points: number;
  baseline: Accuracy;
  /** By MAPE, or by sMAPE where counts are small (`smallCounts`). */
  beatsBaseline: boolean;
}

export interface Backtest {
  grain: SeriesGrain;
  /** The first forecast period of each origin, oldest first. */
  origins: string[];
  baseline: string;
  /** The actual values include zeros or a median under 10: percentage errors are judged by sMAPE. */
  smallCounts: boolean;
  horizons: HorizonAccuracy[];
  verdict: { zh: string; en: string };
}

const defaults: Record<SeriesGrain, { horizons: number[]; origins: number; step: number }> = {
  day: { horizons: [1, 7, 28], origins: 12, step: 5 },
  week: { horizons: [1, 4, 12], origins: 12, step: 1 },
  month: { horizons: [1, 3, 6], origins: 6, step: 1 },
};

/** The seasonal-naive baseline's season length for a history of `length` periods. */
export function naiveSeason(grain: SeriesGrain, length: number): number {
  if (grain === 'day') return 7;
  const year = grain === 'week' ? 52 : 12;
  return length >= year ? year : 1;
}

/** Seasonal naive: each period ahead repeats the value one season before it, from the history alone. */
export function seasonalNaive(history: number[], season: number, horizon: number): number[] {
  if (history.length < season) throw new SeriesError(`the seasonal-naive baseline needs ${season} periods of history`);
  return Array.from({ length: horizon }, (_, i) => history[history.length - season + (i % season)]!);
}

function accuracy(pairs: { forecast: number; actual: number }[]): Accuracy {
  const nonZero = pairs.filter((p) => p.actual !== 0);
  const mape = nonZero.length ? (100 * nonZero.reduce((s, p) => s + Math.abs(p.forecast - p.actual) / Math.abs(p.actual), 0)) / nonZero.length : null;
  const smape = (100 * pairs.reduce((s, p) => {
    const scale = Math.abs(p.forecast) + Math.abs(p.actual);
    return s + (scale === 0 ? 0 : (2 * Math.abs(p.forecast - p.actual)) / scale);
  }, 0)) / pairs.length;
  return { mape, smape };
}

export function backtest(series: Series, options: BacktestOptions = {}): Backtest {
  const { grain, values } = series;
  const horizons = options.horizons ?? defaults[grain].horizons;
  const step = options.step ?? defaults[grain].step;
  const longest = Math.max(...horizons);
  const season = naiveSeason(grain, values.length - longest);
  const first = values.length - longest - step * ((options.origins ?? defaults[grain].origins) - 1);
  const origins: number[] = [];
  for (let o = first; o <= values.length - longest; o += step) if (o >= Math.max(season, 2)) origins.push(o);
  if (origins.length === 0) throw new SeriesError(`${values.length} ${grain}s are too few to backtest ${longest} ${grain}s ahead: give a longer history`);
  const model = new Map<number, { forecast: number; actual: number }[]>(horizons.map((h) => [h, []]));
  const naive = new Map<number, { forecast: number; actual: number }[]>(horizons.map((h) => [h, []]));
  for (const o of origins) {
    const history = values.slice(0, o);
    const ours = forecastSeries({ grain, start: series.start, values: history }, { horizon: longest, ...(options.calendar === undefined ? {} : { calendar: options.calendar }) });
    const theirs = seasonalNaive(history, season, longest);
    for (const h of horizons) {
      const actual = values[o + h - 1]!;
      model.get(h)!.push({ forecast: ours.point[h - 1]!, actual });
      naive.get(h)!.push({ forecast: theirs[h - 1]!, actual });
    }
  }
  const scored = origins.flatMap((o) => horizons.map((h) => values[o + h - 1]!)).sort((a, b) => a - b);
  const smallCounts = scored.includes(0) || scored[scored.length >> 1]! < 10;
  const rows = horizons.map((h): HorizonAccuracy => {
    const ours = accuracy(model.get(h)!);
    const baseline = accuracy(naive.get(h)!);
    const beatsBaseline = smallCounts || ours.mape === null || baseline.mape === null ? ours.smape < baseline.smape : ours.mape < baseline.mape;
    return { horizon: h, points: origins.length, ...ours, baseline, beatsBaseline };
  });
  return {
    grain, origins: origins.map((o) => periodStart(series.start, grain, o)),
    baseline: season === 7 ? 'seasonal naive: the same weekday a week earlier' : season === 1 ? 'naive: the last value' : `seasonal naive: the same ${grain} a year earlier`,
    smallCounts, horizons: rows, verdict: verdictOf(rows, grain, smallCounts),
  };
}

function verdictOf(rows: HorizonAccuracy[], grain: SeriesGrain, smallCounts: boolean): { zh: string; en: string } {
  const unit = { day: { zh: '天', en: 'day' }, week: { zh: '周', en: 'week' }, month: { zh: '个月', en: 'month' } }[grain];
  const measure = smallCounts ? 'sMAPE' : 'MAPE';
  const value = (a: Accuracy) => `${(smallCounts ? a.smape : a.mape ?? a.smape).toFixed(1)}%`;
  const losing = rows.filter((r) => !r.beatsBaseline);
  if (losing.length === 0) {
    return { zh: `各预测步长的${measure}均低于季节性朴素基线。`, en: `Beats the seasonal-naive baseline on ${measure} at every horizon.` };
  }
  const zh = losing.map((r) => `${r.horizon}${unit.zh}（${value(r)}，基线 ${value(r.baseline)}）`).join('、');
  const en = losing.map((r) => `${r.horizon} ${unit.en}${r.horizon > 1 ? 's' : ''} ahead (${value(r)} vs ${value(r.baseline)})`).join(', ');
  return {
    zh: `预测未优于季节性朴素基线：${zh}；这些步长请参考基线。`,
    en: `Does not beat the seasonal-naive baseline on ${measure} at ${en}; use the baseline there.`,
  };
}
