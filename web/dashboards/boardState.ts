// What a reader has done to a board, as plain data: the global filters as they set them, the marks
// they clicked in tiles (cross-filter selections, 联动), and each tile's drill-down path. The
// tiles' queries are computed from it (boardQuery.ts); nothing here fetches or draws.
import type { DashboardDefinition, DashboardTile, QueryCell, TimeGrain } from '../api/types.ts';
import { codeField } from '../charts/namedValues.ts';

/** The pseudo-dimension of each metric's own time dimension, as queries name it. */
export const timeDimension = 'time';

/**
 * A clicked mark: `dimension` = `value` in tile `tileId`. On `time`, the value is the first day of
 * a period of `grain`, and the selection narrows the other tiles' date range to that period.
 * `value` is the code queries filter by (0101); `label` the name the chart showed (心血管内科).
 */
export type Selection = { tileId: string; dimension: string; value: QueryCell; grain?: TimeGrain; label?: string };

/** One step down a hierarchy: the tile showed `dimension` and the reader drilled into `value` (shown as `label`). */
export type DrillStep = { dimension: string; value: QueryCell; grain?: TimeGrain; label?: string };

export type BoardState = {
  filters: DashboardDefinition['filters'];
  selections: Selection[];
  /** Per tile id, the steps drilled down, outermost first; absent or empty: the tile as designed. */
  drills: Record<string, DrillStep[]>;
};

export function initialBoardState(definition: DashboardDefinition): BoardState {
  return { filters: structuredClone(definition.filters), selections: [], drills: {} };
}

/** The tab a tile sits on: its own when the board has that tab, else the first. */
function tabOf(tile: DashboardTile, tabs: string[]): string | undefined {
  return tile.tab && tabs.includes(tile.tab) ? tile.tab : tabs[0];
}

/** The tiles a reader sees on `tab` (the first one when the board opens); every tile on a board without tabs. */
export function tilesOnTab(definition: DashboardDefinition, tab: string | undefined): DashboardTile[] {
  return definition.tiles.filter((tile) => definition.tabs.length === 0 || tabOf(tile, definition.tabs) === tab);
}

export const sameSelection = (a: Selection, b: Selection) => a.tileId === b.tileId && a.dimension === b.dimension && a.value === b.value;

/**
 * Clicking a mark adds its selection; clicking the same value again takes it away. A period on the
 * time axis replaces any other time selection: two date ranges cannot be or-ed into one.
 */
export function toggleSelection(selections: Selection[], clicked: Selection): Selection[] {
  if (selections.some((s) => sameSelection(s, clicked))) return selections.filter((s) => !sameSelection(s, clicked));
  const kept = clicked.dimension === timeDimension ? selections.filter((s) => s.dimension !== timeDimension) : selections;
  return [...kept, clicked];
}

export function removeSelection(selections: Selection[], removed: Selection): Selection[] {
  return selections.filter((s) => !sameSelection(s, removed));
}

/** A period's first and last day, from its first day and grain (UTC calendar days). */
export function periodRange(start: string, grain: TimeGrain): { from: string; to: string } {
  const [year, month, day] = start.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(year, month - 1, day));
  const next = new Date(first);
  switch (grain) {
    case 'year':
      next.setUTCFullYear(year + 1, 0, 1);
      break;
    case 'quarter':
      next.setUTCMonth(month - 1 + 3, 1);
      break;
    case 'month':
      next.setUTCMonth(month, 1);
      break;
    case 'week':
      next.setUTCDate(day + 7);
      break;
    case 'day':
      next.setUTCDate(day + 1);
      break;
  }
  next.setUTCDate(next.getUTCDate() - 1);
  return { from: start, to: next.toISOString().slice(0, 10) };
}

/**
 * A value as Vega hands it back in a clicked datum, as the query wrote it: Vega parses time
 * columns into Dates (or milliseconds), which are UTC days here (see charts/periodFormat.ts).
 */
export function cellOf(value: unknown, isTime: boolean): QueryCell {
  if (isTime && (value instanceof Date || typeof value === 'number')) {
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
  }
  if (isTime && typeof value === 'string') return value.slice(0, 10);
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return value === undefined ? null : String(value);
}

/**
 * The clicked mark's value of each dimension the tile's query asked for: the code behind a shown
 * name (charts show 心血管内科 and keep 0101 beside it, see charts/namedValues.ts), time as the
 * first day of its period.
 */
export function clickedCell(dimensions: string[], datum: Record<string, unknown>): Record<string, QueryCell> {
  return Object.fromEntries(
    dimensions.filter((d) => d in datum).map((d) => [d, cellOf(codeField(d) in datum ? datum[codeField(d)] : datum[d], d === timeDimension)]),
  );
}

/**
 * What a click on a mark selects: the value along the tile's axis, or, when the axis is not a
 * dimension of the mark (a scatter), the series'. Null when the mark carries neither.
 */
export function selectionOf(tileId: string, axis: { dimension: string; grain?: TimeGrain } | null, dimensions: string[], datum: Record<string, unknown>): Selection | null {
  const cell = clickedCell(dimensions, datum);
  const dimension = axis && axis.dimension in cell ? axis.dimension : dimensions.find((d) => d in cell);
  if (!dimension) return null;
  const grain = dimension === timeDimension ? (axis?.dimension === timeDimension ? axis.grain : undefined) : undefined;
  const shown = datum[dimension];
  const value = cell[dimension] ?? null;
  const label = dimension !== timeDimension && typeof shown === 'string' && shown !== value ? shown : undefined;
  return { tileId, dimension, value, ...(grain ? { grain } : {}), ...(label ? { label } : {}) };
}
