// Draws a chart's Vega-Lite spec into an element as an SVG Vega view: compiled and parsed once per
// shape (chartRuntimes.ts), its rows given to the view. Loaded with the first chart, not with the
// app: Vega and Vega-Lite are most of the app's code by size, and Vega-Lite only when a shape needs compiling.
//
// It does what vega-embed did for these charts, without the compile and parse it repeats on every
// drawing: Vega's tooltips (vega-tooltip, vega-embed's own handler), no hover encoding (Vega-Lite
// writes none), warnings logged.
//
// Expressions are parsed to ASTs and run by vega-interpreter, never compiled with `new Function`:
// the server's Content-Security-Policy has no 'unsafe-eval' (server/app.ts).
import { parse, version as vegaVersion, View, Warn, type Runtime } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type { TopLevelSpec } from 'vega-lite';
import { Handler } from 'vega-tooltip';
import { ChartRuntimes, chartRuntimes } from './chartRuntimes.ts';

/**
 * The code that makes a runtime spec: this module's URL names it, as the build names each file after
 * a hash of its content, which holds the names of the files it imports (Vega-Lite's among them).
 */
const version = `vega ${vegaVersion} ast, ${import.meta.url}`;

/**
 * The runtime spec of `spec` without its rows (`rows`, when given, are its dataset `table`, which
 * the view is then given): one for every drawing of the same shape.
 */
export function runtimeOf(spec: TopLevelSpec, rows: Record<string, unknown>[] | null, runtimes: ChartRuntimes = chartRuntimes): Promise<Runtime> {
  const shape = rows ? { ...spec, data: { name: 'table' } } as TopLevelSpec : spec;
  // Vega-Lite (half of the charts' code) loads only for a shape not kept: a board opened again needs none of it.
  return runtimes.get(shape, version, async () => parse((await import('vega-lite')).compile(shape).spec, undefined, { ast: true }));
}

/** Draws `spec` into `element` and resolves with its view once drawn; `rows`, when given, are the spec's dataset `table`. */
export async function drawChart(element: HTMLElement, spec: TopLevelSpec, rows: Record<string, unknown>[] | null): Promise<View> {
  const view = new View(await runtimeOf(spec, rows), { renderer: 'svg', container: element, logLevel: Warn, expr: expressionInterpreter });
  view.tooltip(new Handler().call);
  if (rows) view.data('table', rows);
  try {
    return await view.runAsync();
  } catch (error) {
    view.finalize();
    throw error;
  }
}
