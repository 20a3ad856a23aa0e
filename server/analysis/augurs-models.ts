// The forecasting library: augurs (Grafana's time-series library, Rust compiled to WebAssembly,
// `@bsull/augurs`). MSTL splits a series into a trend and one seasonal component per period
// (STL, loess); AutoETS picks the exponential-smoothing model of the trend by AICc and gives its
// prediction intervals; the seasonal components repeat. A series too short for any season is
// forecast by AutoETS alone. The WebAssembly modules are read from the package and instantiated
// once, synchronously, on first use: nothing is fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { MSTL, initSync as initMstl } from '@bsull/augurs/mstl';
import { AutoETS, initSync as initEts } from '@bsull/augurs/ets';

const require = createRequire(import.meta.url);
let ready = false;

function instantiate(): void {
  if (ready) return;
  for (const [entry, init] of [['@bsull/augurs/mstl', initMstl], ['@bsull/augurs/ets', initEts]] as const) {
    init({ module: readFileSync(require.resolve(entry).replace(/\.js$/, '_bg.wasm')) });
  }
  ready = true;
}

export interface ModelForecast {
  point: number[];
  lower: number[];
  upper: number[];
}

export interface ModelFit {
  /** The model's value for each period of the history (MSTL only; AutoETS alone gives none). */
  inSample: number[] | null;
  forecast: ModelForecast;
}

/**
 * Fits MSTL with AutoETS on the trend over `values` with the given seasonal periods (each needs two
 * full cycles of history), or AutoETS without a season when there are none, and forecasts
 * `horizon` periods with intervals at `level` (0–1).
 */
export function fitAndForecast(values: number[], periods: number[], horizon: number, level: number): ModelFit {
  instantiate();
  const y = Float64Array.from(values);
  if (periods.length === 0) {
    const model = new AutoETS(1, 'ZZN');
    try {
      model.fit(y);
      return { inSample: null, forecast: intervals(model.predict(horizon, level), horizon) };
    } finally {
      model.free();
    }
  }
  const model = MSTL.ets(periods);
  try {
    model.fit(y);
    return { inSample: model.predictInSample().point, forecast: intervals(model.predict(horizon, level), horizon) };
  } finally {
    model.free();
  }
}

function intervals(forecast: { point: number[]; intervals?: { lower: number[]; upper: number[] } | undefined }, horizon: number): ModelForecast {
  const point = [...forecast.point].slice(0, horizon);
  return { point, lower: forecast.intervals ? [...forecast.intervals.lower] : point, upper: forecast.intervals ? [...forecast.intervals.upper] : point };
}
