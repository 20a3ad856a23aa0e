// The marks a tile's own selections picked stay solid and the others fade, so the reader sees
// what the other tiles are filtered by. A change to the spec the chart builders made, applied
// only on boards; the builders stay unaware of selections.
import type { TopLevelSpec } from 'vega-lite';
import type { QueryCell } from '../api/types.ts';
import { codeField } from '../charts/namedValues.ts';

/** The marks that draw values (not reference lines or their labels). */
const valueMarks = new Set(['hbi_bars', 'hbi_points', 'hbi_lines', 'hbi_areas', 'hbi_pie', 'hbi_donut', 'hbi_cells']);

type Layer = { name?: string; encoding?: Record<string, unknown>; layer?: Layer[] };

/** The Vega-Lite parameter holding the picked values: a new pick sets it in the drawn view. */
export const pickedParam = 'hbi_picked';

/**
 * `spec` with the marks whose `dimension` value (its code, when the chart shows names) is one of
 * `values` at full opacity and the others at 0.3; with no values, every mark solid. The values are
 * the parameter `hbi_picked`, so that a new pick redraws the chart without embedding it again.
 * A time axis is left as it was.
 */
export function highlightSpec(spec: TopLevelSpec, dimension: string, values: QueryCell[]): TopLevelSpec {
  if (dimension === 'time') return spec;
  const known = values.filter((v) => v !== null);
  const field = (name: string) => `datum[${JSON.stringify(name)}]`;
  const value = `(isValid(${field(codeField(dimension))}) ? ${field(codeField(dimension))} : ${field(dimension)})`;
  const test = `length(${pickedParam}) == 0 || indexof(${pickedParam}, ${value}) >= 0`;
  const opacity = { condition: { test, value: 1 }, value: 0.3 };
  const decorate = (layer: Layer): Layer => {
    if (layer.layer) return { ...layer, layer: layer.layer.map(decorate) };
    // Lines stay whole: a line is one mark through every period; its points fade instead.
    if (!layer.name || !valueMarks.has(layer.name) || layer.name === 'hbi_lines' || layer.name === 'hbi_areas' || !layer.encoding || 'opacity' in layer.encoding) return layer;
    return { ...layer, encoding: { ...layer.encoding, opacity } };
  };
  const params = (spec as { params?: unknown[] }).params ?? [];
  return { ...(decorate(spec as Layer) as TopLevelSpec), params: [...params, { name: pickedParam, value: known }] } as TopLevelSpec;
}
