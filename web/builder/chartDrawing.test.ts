// The charts a board draws from their kept runtime specs (compiled and parsed without their rows,
// through JSON) must be the charts Vega-Lite draws from the whole spec: the same SVG, mark for mark.
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { chartSpec } from '../charts/chartSpec.ts';
import { everyVegaChart } from '../charts/testing/everyVegaChart.ts';
import { highlightSpec } from '../dashboards/highlightSpec.ts';
import { runtimeOf } from './chartDrawing.ts';
import { ChartRuntimes } from './chartRuntimes.ts';

const sized = (spec: TopLevelSpec) => ({ ...spec, width: 400, height: 300 }) as TopLevelSpec;
const rowsOf = (spec: TopLevelSpec) => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

/** The view's SVG, with the gradient ids Vega numbers across every view of the page made alike. */
async function svgOf(view: View): Promise<string> {
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return svg.replace(/gradient_\d+/g, 'gradient');
}

function storage() {
  const items = new Map<string, string>();
  return {
    get length() { return items.size; },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('runtimeOf', () => {
  const charts = [
    ...everyVegaChart.map(([result, config]) => [config.type, () => chartSpec(result, config)] as const),
    // A board's bar chart with one department picked: its other bars fade through a parameter.
    ['bar, picked', () => highlightSpec(chartSpec(everyVegaChart[0]![0], everyVegaChart[0]![1]), 'department', ['0102'])] as const,
  ];

  it.each(charts)('draws a %s chart as Vega-Lite does from the whole spec, first made and then kept', async (_type, specOf) => {
    const whole = await svgOf(new View(parse(compile(sized(specOf())).spec), { renderer: 'none' }));
    const shared = storage();
    const now = (work: () => void) => work();
    // Made on this page; kept in memory; kept in storage and read by a new page.
    for (const runtimes of [new ChartRuntimes(shared, now), undefined, new ChartRuntimes(shared, now)]) {
      const spec = sized(specOf());
      const pages = runtimes ?? new ChartRuntimes(shared, now);
      const view = new View(await runtimeOf(spec, rowsOf(spec), pages), { renderer: 'none' });
      view.data('table', rowsOf(spec));
      expect(await svgOf(view)).toBe(whole);
    }
  });

  it('makes one runtime spec for every set of rows of one shape', async () => {
    const runtimes = new ChartRuntimes(null);
    const [result, config] = everyVegaChart[0]!;
    const fewer = { ...result, rows: result.rows.slice(0, 3) };
    let made = 0;
    const counting = { get: (input: unknown, version: string, make: () => unknown) => runtimes.get(input, version, () => (made++, make())) } as ChartRuntimes;
    const all = await runtimeOf(chartSpec(result, config), rowsOf(chartSpec(result, config)), counting);
    expect(await runtimeOf(chartSpec(fewer, config), rowsOf(chartSpec(fewer, config)), counting)).toEqual(all);
    expect(made).toBe(1);
  });
});
