// Anomalies in a metric's series, per group (a department, a ward …), robust to seasonality: the
// series is decomposed by the same model as the forecast (weekday and yearly seasons, trend,
// holiday effects), and a period is anomalous when its residual lies more than `threshold` robust
// standard deviations (1.4826 × the median absolute deviation) from the residuals' median. STL is
// not robust to a spike (it leaks into the trend and that weekday's season), so the model is fitted
// again with the anomalies found replaced by their expected values, until they stop changing.
import { fitSeries, seasonalPeriods } from './forecast.ts';
import { median, periodEvent } from './calendar-effects.ts';
import { periodsOf, type Series } from './series.ts';

export interface AnomalyOptions {
  /** Robust standard deviations from the expected value (default 3.5). */
  threshold?: number;
  calendar?: boolean;
}

export interface AnomalyPoint {
  period: string;
  value: number;
  expected: number;
  /** The expected band: a value outside it is an anomaly. */
  lower: number;
  upper: number;
  anomaly: 'high' | 'low' | null;
  /** (value − expected) in robust standard deviations. */
  score: number;
}

export interface SeriesAnomalies {
  points: AnomalyPoint[];
  /** The robust standard deviation of the residuals. */
  scale: number;
  method: string;
}

const robustSd = 1.4826;
const maxPasses = 4;

export function detectAnomalies(series: Series, options: AnomalyOptions = {}): SeriesAnomalies {
  const threshold = options.threshold ?? 3.5;
  const fitOptions = { horizon: 1, ...(options.calendar === undefined ? {} : { calendar: options.calendar }) };
  const pass = (values: number[]) => {
    const fit = fitSeries({ ...series, values }, fitOptions);
    // Too short for a season: the series' median is what is expected.
    const expected = fit.expected ?? values.map(() => median(values));
    const residuals = series.values.map((v, t) => v - expected[t]!);
    const centre = median(residuals);
    const scale = Math.max(robustSd * median(residuals.map((r) => Math.abs(r - centre))), Number.EPSILON);
    return { expected, centre, scale, seasonal: fit.expected !== null, outside: residuals.map((r) => Math.abs(r - centre) > threshold * scale) };
  };
  // Until the anomalies found stop changing (at most `maxPasses` fits), from a first fit over the
  // series with its spikes already taken out against the same period of the weeks around them.
  const events = options.calendar === false ? null : periodsOf(series).map((p) => periodEvent(p, series.grain) !== null);
  let fit = pass(despiked(series.values, seasonalPeriods(series.grain, series.values.length)[0] ?? 1, threshold, events));
  for (let i = 1; i < maxPasses; i++) {
    const next = pass(series.values.map((v, t) => (fit.outside[t] ? fit.expected[t]! : v)));
    const settled = next.outside.every((o, t) => o === fit.outside[t]);
    fit = next;
    if (settled) break;
  }
  const { expected, centre, scale } = fit;
  const periods = periodsOf(series);
  const points = series.values.map((value, t): AnomalyPoint => {
    const mid = expected[t]! + centre;
    const score = (value - mid) / scale;
    return {
      period: periods[t]!, value, expected: mid, lower: mid - threshold * scale, upper: mid + threshold * scale,
      anomaly: fit.outside[t] ? (score > 0 ? 'high' : 'low') : null, score,
    };
  });
  return {
    points, scale,
    method: fit.seasonal ? `MSTL decomposition (augurs) with calendar effects; residual beyond ${threshold} × 1.4826 × MAD` : `no season in a history this short: the median, ± ${threshold} × 1.4826 × MAD`,
  };
}

/** Each group's anomalies, as alerts and charts read them: one series per department, ward … */
export function detectAnomaliesByGroup(groups: { group: string; series: Series }[], options: AnomalyOptions = {}): ({ group: string } & SeriesAnomalies)[] {
  return groups.map(({ group, series }) => ({ group, ...detectAnomalies(series, options) }));
}

/**
 * Each value that lies more than `threshold` robust deviations from the median of the same period
 * of the three seasons before and after it (the same weekday of six weeks) replaced by that median;
 * holidays (`events`) are left to the model's calendar effects.
 */
function despiked(values: number[], season: number, threshold: number, events: boolean[] | null): number[] {
  const local = values.map((_, t) => median([-3, -2, -1, 1, 2, 3].map((k) => t + k * season).filter((u) => u >= 0 && u < values.length).map((u) => values[u]!)));
  const deviations = values.map((v, t) => v - local[t]!);
  const centre = median(deviations);
  const scale = robustSd * median(deviations.map((d) => Math.abs(d - centre)));
  return values.map((v, t) => (!events?.[t] && Math.abs(deviations[t]! - centre) > threshold * scale ? local[t]! : v));
}
