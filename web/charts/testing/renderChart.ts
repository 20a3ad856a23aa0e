// Test support: compile a chart's Vega-Lite spec and run it headless in Vega, as a browser would
// but without one, and read back what the marks, axes and legends received.
import { View, Warn, logger, parse, type Spec } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** A Vega logger that keeps warnings and errors, so tests can say which they expect (none). */
function collectingLogger(messages: string[]) {
  return logger(Warn, undefined, (_method, level, args) => {
    messages.push(`${level} ${args.map(String).join(' ')}`);
  });
}

type SceneNode = { marktype?: string; name?: string; role?: string; items?: SceneItem[] };
type SceneItem = SceneNode & { datum?: Record<string, unknown>; tooltip?: unknown; text?: string; x?: number; y?: number; fill?: string; stroke?: string };

export type RenderedChart = {
  vega: Spec;
  view: View;
  /** Vega-Lite compile and Vega runtime warnings and errors; a correct chart has none. */
  messages: string[];
  /** The items of the mark of that name (`hbi_bars_marks`, …) in drawing order. */
  items(markName: string): SceneItem[];
  /** The data the named mark's items were drawn from. */
  data(markName: string): Record<string, unknown>[];
  /** Texts of every scene item of that role: 'axis-title', 'axis-label', 'legend-title', 'legend-label'. */
  texts(role: string): string[];
};

export async function renderChart(spec: TopLevelSpec, size = { width: 400, height: 300 }): Promise<RenderedChart> {
  const messages: string[] = [];
  const { spec: vega } = compile({ ...spec, ...size } as TopLevelSpec, { logger: collectingLogger(messages) });
  const view = new View(parse(vega), { renderer: 'none', logger: collectingLogger(messages), logLevel: Warn });
  await view.runAsync();
  const root = (view.scenegraph() as unknown as { root: SceneNode }).root;
  const marks: SceneNode[] = [];
  const walk = (node: SceneNode) => {
    if (node.marktype) marks.push(node);
    for (const item of node.items ?? []) walk(item);
  };
  walk(root);
  const items = (markName: string) => marks.filter((m) => m.name === markName).flatMap((m) => m.items ?? []);
  return {
    vega, view, messages, items,
    data: (markName) => items(markName).map((i) => i.datum ?? {}),
    texts: (role) => marks.filter((m) => m.role === role).flatMap((m) => (m.items ?? []).map((i) => i.text ?? '')),
  };
}

/**
 * What the named mark drew, as result rows: the result's own columns of each item's datum, with
 * periods (parsed by Vega into instants) written back as the 'YYYY-MM-DD' days they came from.
 * Sorted, so that stacking or folding order does not matter.
 */
export function drawnRows(chart: RenderedChart, markName: string, columns: { name: string; type: string }[]): Record<string, unknown>[] {
  const rows = chart.data(markName).map((datum) => Object.fromEntries(columns.map((c) => {
    const value = datum[c.name];
    return [c.name, c.type === 'date' && typeof value === 'number' ? new Date(value).toISOString().slice(0, 10) : value];
  })));
  return sortedByContent(rows);
}

export function sortedByContent<T>(rows: T[]): T[] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}
