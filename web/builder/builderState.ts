// What the user has put together in the builder, as plain data: the shelves, the chart type they
// chose (or none, to follow the suggestion), the time grain and range. The MetricQuery and the
// chart config are computed from it (builderQuery.ts); it is also what a saved chart restores.
import type { MetricQuery, RelativeRange, TimeGrain } from '../api/types.ts';
import type { ChartType, ConditionalColor, NumberFormatName, Threshold } from '../charts/chartConfig.ts';

export type ShelfName = 'x' | 'y' | 'series' | 'filters';
export const shelfNames: readonly ShelfName[] = ['x', 'y', 'series', 'filters'];

/** A field of the fields panel: a metric, a conformed dimension, or `time` (each metric's own). */
export type FieldRef = { kind: 'metric' | 'dimension'; name: string };

/** A filter: the dimension equals one of the values (no values: not filtering yet). */
export type DimensionFilter = { dimension: string; values: (string | number)[] };

export type TimeRangeChoice =
  | { kind: 'all' }
  | { kind: 'relative'; relative: RelativeRange }
  | { kind: 'absolute'; from: string; to: string };

/** 同比 (a year earlier) or 环比 (a month earlier); the server's `compare` names. */
export type CompareChoice = 'yoy' | 'mom';

export type BuilderState = {
  x: string | null;
  y: string[];
  series: string | null;
  filters: DimensionFilter[];
  /** null: draw the suggested type. */
  chosenType: ChartType | null;
  grain: TimeGrain;
  timeRange: TimeRangeChoice;
  sort: { by: string; desc: boolean } | null;
  topN: number | null;
  /** Per Y metric, a format chosen instead of the metric definition's. */
  numberFormat: Record<string, NumberFormatName>;
  /** Reference lines on the value axis. */
  thresholds: Threshold[];
  /** One rule: values above or below a bound take a colour. */
  conditionalColor: ConditionalColor | null;
  /** Combo only: Y metrics drawn as lines on the right axis. */
  secondaryY: string[];
  compare: CompareChoice | null;
};

export const timeDimension = 'time';

export const emptyBuilder: BuilderState = {
  x: null, y: [], series: null, filters: [], chosenType: null, grain: 'month', timeRange: { kind: 'all' }, sort: null, topN: null,
  numberFormat: {}, thresholds: [], conditionalColor: null, secondaryY: [], compare: null,
};

/** Whether a field may go on a shelf: metrics are values (Y), dimensions everything else. */
export function accepts(shelf: ShelfName, field: FieldRef): boolean {
  if (field.kind === 'metric') return shelf === 'y';
  if (shelf === 'y') return false;
  // Time is filtered by the date range, not by picking values.
  return !(shelf === 'filters' && field.name === timeDimension);
}

/** Where a click on a field's add button puts it: metric → Y, dimension → X, or series if X is taken. */
export function naturalShelf(state: BuilderState, field: FieldRef): ShelfName {
  if (field.kind === 'metric') return 'y';
  if (state.x === null || state.x === field.name) return 'x';
  return state.series === null || state.series === field.name ? 'series' : 'x';
}

/** Puts a field on a shelf; a dimension moves rather than appearing on two axes. Refused moves change nothing. */
export function addField(state: BuilderState, field: FieldRef, shelf: ShelfName): BuilderState {
  if (!accepts(shelf, field)) return state;
  switch (shelf) {
    case 'y':
      return state.y.includes(field.name) ? state : { ...state, y: [...state.y, field.name] };
    case 'x':
      return { ...state, x: field.name, series: state.series === field.name ? null : state.series };
    case 'series':
      return { ...state, series: field.name, x: state.x === field.name ? null : state.x };
    case 'filters':
      return state.filters.some((f) => f.dimension === field.name) ? state : { ...state, filters: [...state.filters, { dimension: field.name, values: [] }] };
  }
}

export function removeField(state: BuilderState, shelf: ShelfName, name: string): BuilderState {
  switch (shelf) {
    case 'y': {
      const y = state.y.filter((m) => m !== name);
      const { [name]: _dropped, ...numberFormat } = state.numberFormat;
      return { ...state, y, sort: state.sort?.by === name ? null : state.sort, numberFormat, secondaryY: state.secondaryY.filter((m) => m !== name) };
    }
    case 'x':
      return { ...state, x: null, sort: state.sort?.by === name ? null : state.sort };
    case 'series':
      return { ...state, series: null };
    case 'filters':
      return { ...state, filters: state.filters.filter((f) => f.dimension !== name) };
  }
}

/** The names on a shelf, in order. */
export function shelfFields(state: BuilderState, shelf: ShelfName): string[] {
  switch (shelf) {
    case 'x':
      return state.x === null ? [] : [state.x];
    case 'y':
      return state.y;
    case 'series':
      return state.series === null ? [] : [state.series];
    case 'filters':
      return state.filters.map((f) => f.dimension);
  }
}

export function usesTime(state: BuilderState): boolean {
  return state.x === timeDimension || state.series === timeDimension;
}

export function timeRangeOf(choice: TimeRangeChoice): MetricQuery['timeRange'] {
  switch (choice.kind) {
    case 'all':
      return undefined;
    case 'relative':
      return { relative: choice.relative };
    case 'absolute':
      return choice.from && choice.to ? { from: choice.from, to: choice.to } : undefined;
  }
}

/**
 * Why 同比/环比 cannot be asked, or null when it can: the server compares only a query bounded in
 * time (a date range, or time on a shelf with its grain); over all the data there is no earlier period.
 */
export function compareBlocker(state: BuilderState): 'needsTime' | null {
  return timeRangeOf(state.timeRange) !== undefined || usesTime(state) ? null : 'needsTime';
}

/**
 * The combo's right-axis metrics: the chosen ones still on Y, leaving at least one bar; with none
 * chosen, the last metric (a combo needs a line). Empty with fewer than two metrics.
 */
export function secondaryOf(state: BuilderState): string[] {
  if (state.y.length < 2) return [];
  const chosen = state.y.filter((m) => state.secondaryY.includes(m));
  if (chosen.length === 0) return [state.y[state.y.length - 1]!];
  return chosen.length === state.y.length ? chosen.slice(1) : chosen;
}
