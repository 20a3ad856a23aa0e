// Drill-down: along a catalogue hierarchy (科室 → 病区 → 医生) or down the time grains (year →
// quarter → month → day). A tile's drill path is a list of steps; the tile's axis is the level
// after the last step, and each step filters the tile to the value drilled into.
import type { Catalogue, DashboardTile, MetricQuery, TimeGrain } from '../api/types.ts';
import { timeDimension, type DrillStep } from './boardState.ts';

type ChartTile = Extract<DashboardTile, { kind: 'chart' }>;

const grainOrder: TimeGrain[] = ['year', 'quarter', 'month', 'day'];

/** The level below (`dimension`, at `grain` for time) in the catalogue's hierarchies; null at the bottom. */
export function nextLevel(catalogue: Pick<Catalogue, 'hierarchies'>, dimension: string, grain: TimeGrain | undefined): { dimension: string; grain?: TimeGrain } | null {
  if (dimension === timeDimension) {
    // A week has no quarter or month above it in the calendar; below it are days.
    const below = grain === 'week' ? 'day' : grainOrder[grainOrder.indexOf(grain ?? 'day') + 1];
    return below ? { dimension: timeDimension, grain: below } : null;
  }
  for (const hierarchy of catalogue.hierarchies) {
    const at = hierarchy.levels.indexOf(dimension);
    if (at >= 0 && at < hierarchy.levels.length - 1) return { dimension: hierarchy.levels[at + 1]! };
  }
  return null;
}

/** The dimension along a tile's axis as designed: the chart's x, else the query's first dimension. */
export function designedAxis(tile: ChartTile): { dimension: string; grain?: TimeGrain } | null {
  const x = typeof tile.chart.chart['x'] === 'string' ? (tile.chart.chart['x'] as string) : tile.chart.query.dimensions?.[0];
  if (!x) return null;
  return x === timeDimension ? { dimension: x, grain: tile.chart.query.grain ?? 'day' } : { dimension: x };
}

/** The axis after `steps`: each step goes one level down from the dimension it drilled on. */
export function drilledAxis(tile: ChartTile, steps: DrillStep[], catalogue: Pick<Catalogue, 'hierarchies'>): { dimension: string; grain?: TimeGrain } | null {
  let axis = designedAxis(tile);
  for (const step of steps) axis = nextLevel(catalogue, step.dimension, step.grain) ?? axis;
  return axis;
}

/** A drill into `value` of the tile's current axis; null when the axis is at the bottom of its hierarchy. */
export function drillStepOf(tile: ChartTile, steps: DrillStep[], value: DrillStep['value'], catalogue: Pick<Catalogue, 'hierarchies'>, label?: string): DrillStep | null {
  const axis = drilledAxis(tile, steps, catalogue);
  if (!axis || nextLevel(catalogue, axis.dimension, axis.grain) === null) return null;
  return { dimension: axis.dimension, value, ...(axis.grain ? { grain: axis.grain } : {}), ...(label ? { label } : {}) };
}

/**
 * The tile's own query with its drill path applied: the axis dimension replaced by the level
 * drilled to, and the steps as filters (dimension steps) or as the period drilled into (time).
 * Returns the filters separately, for the caller to and with the rest.
 */
export function drilledQuery(tile: ChartTile, steps: DrillStep[], catalogue: Pick<Catalogue, 'hierarchies'>): { query: MetricQuery; filters: DrillStep[]; period?: DrillStep } {
  const query = tile.chart.query;
  const designed = designedAxis(tile);
  const axis = drilledAxis(tile, steps, catalogue);
  if (steps.length === 0 || !designed || !axis) return { query, filters: [] };
  const dimensions = (query.dimensions ?? []).map((d) => (d === designed.dimension ? axis.dimension : d));
  const period = steps.filter((s) => s.dimension === timeDimension).at(-1);
  return {
    query: { ...query, dimensions, ...(axis.dimension === timeDimension && axis.grain ? { grain: axis.grain } : {}) },
    filters: steps.filter((s) => s.dimension !== timeDimension),
    ...(period ? { period } : {}),
  };
}
