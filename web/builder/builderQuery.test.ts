import { describe, expect, it } from 'vitest';
import { addField, compareBlocker, emptyBuilder, naturalShelf, removeField, secondaryOf, type BuilderState } from './builderState.ts';
import { builderStateOf, chartConfigOf, metricQueryOf, savedConfigOf, whereOf } from './builderQuery.ts';

const metric = (name: string) => ({ kind: 'metric' as const, name });
const dimension = (name: string) => ({ kind: 'dimension' as const, name });

describe('the shelves', () => {
  it('put a clicked field on its natural shelf: metrics on Y, dimensions on X, then series', () => {
    let state = emptyBuilder;
    expect(naturalShelf(state, metric('discharges'))).toBe('y');
    expect(naturalShelf(state, dimension('ward'))).toBe('x');
    state = addField(state, dimension('ward'), 'x');
    expect(naturalShelf(state, dimension('gender'))).toBe('series');
  });

  it('refuse a metric on a dimension shelf and time among the filters', () => {
    expect(addField(emptyBuilder, metric('discharges'), 'x')).toBe(emptyBuilder);
    expect(addField(emptyBuilder, dimension('ward'), 'y')).toBe(emptyBuilder);
    expect(addField(emptyBuilder, dimension('time'), 'filters')).toBe(emptyBuilder);
  });

  it('move a dimension between X and series rather than showing it twice', () => {
    let state = addField(emptyBuilder, dimension('ward'), 'x');
    state = addField(state, dimension('ward'), 'series');
    expect([state.x, state.series]).toEqual([null, 'ward']);
  });

  it('forget a sort by a field taken off', () => {
    const state: BuilderState = { ...emptyBuilder, y: ['discharges', 'alos'], sort: { by: 'alos', desc: true } };
    expect(removeField(state, 'y', 'alos')).toMatchObject({ y: ['discharges'], sort: null });
  });
});

describe('the query the shelves ask', () => {
  it('is null without a metric', () => {
    expect(metricQueryOf({ ...emptyBuilder, x: 'ward' })).toBeNull();
  });

  it('asks for the metrics by X and series, with the grain only when time is on a shelf', () => {
    const state: BuilderState = { ...emptyBuilder, y: ['discharges'], x: 'ward', timeRange: { kind: 'relative', relative: 'last_year' } };
    expect(metricQueryOf(state)).toEqual({ metrics: ['discharges'], dimensions: ['ward'], timeRange: { relative: 'last_year' } });
    expect(metricQueryOf({ ...state, x: 'time', series: 'ward', grain: 'quarter' })).toEqual({
      metrics: ['discharges'], dimensions: ['time', 'ward'], grain: 'quarter', timeRange: { relative: 'last_year' },
    });
  });

  it('leaves out an absolute range until both ends are given', () => {
    expect(metricQueryOf({ ...emptyBuilder, y: ['discharges'], timeRange: { kind: 'absolute', from: '2025-01-01', to: '' } })).toEqual({ metrics: ['discharges'] });
  });

  it('writes filters in the filter language, quoting values and odd names', () => {
    expect(whereOf([{ dimension: 'ward', values: [] }])).toBeUndefined();
    expect(whereOf([{ dimension: 'ward', values: ["0101-01"] }, { dimension: 'triage_level', values: [1, 2] }])).toBe("ward = '0101-01' and triage_level in (1, 2)");
    expect(whereOf([{ dimension: 'in', values: ["O'Brien"] }])).toBe(`"in" = 'O''Brien'`);
  });
});

describe('a saved chart', () => {
  it('reopens as it was saved', () => {
    const state: BuilderState = {
      ...emptyBuilder, y: ['discharges'], x: 'time', series: 'ward', grain: 'quarter', chosenType: 'area',
      filters: [{ dimension: 'gender', values: ['女'] }], timeRange: { kind: 'absolute', from: '2025-01-01', to: '2025-06-30' },
      sort: { by: 'discharges', desc: true }, topN: 5,
    };
    const config = JSON.parse(JSON.stringify(savedConfigOf(state, 'area')));
    expect(config.query).toEqual(metricQueryOf(state));
    expect(config.chart.type).toBe('area');
    expect(builderStateOf(config)).toEqual(state);
  });

  it('opens a chart written by hand with only its query and type: every metric on Y, dimensions on X and series', () => {
    const state = builderStateOf({ query: { metrics: ['discharges', 'alos'], dimensions: ['time', 'ward'], grain: 'month' }, chart: { type: 'line' } });
    expect(state).toMatchObject({ y: ['discharges', 'alos'], x: 'time', series: 'ward', grain: 'month' });
  });

  it('follows the suggestion again when the type was not chosen', () => {
    const state: BuilderState = { ...emptyBuilder, y: ['discharges'], x: 'ward' };
    expect(builderStateOf(savedConfigOf(state, 'bar'))).toEqual(state);
  });
});

describe('同比/环比', () => {
  const state: BuilderState = { ...emptyBuilder, y: ['discharges'], compare: 'yoy' };

  it('is asked only of a query bounded in time, as the server requires', () => {
    expect(compareBlocker(state)).toBe('needsTime');
    expect(metricQueryOf(state)).toEqual({ metrics: ['discharges'] });
    const ranged: BuilderState = { ...state, timeRange: { kind: 'relative', relative: 'last_year' } };
    expect(compareBlocker(ranged)).toBeNull();
    expect(metricQueryOf(ranged)).toEqual({ metrics: ['discharges'], timeRange: { relative: 'last_year' }, compare: ['yoy'] });
    expect(metricQueryOf({ ...state, x: 'time', compare: 'mom' })).toEqual({ metrics: ['discharges'], dimensions: ['time'], grain: 'month', compare: ['mom'] });
  });

  it('is kept with a saved chart even while the query cannot ask it', () => {
    expect(builderStateOf(JSON.parse(JSON.stringify(savedConfigOf(state, 'kpi')))).compare).toBe('yoy');
  });
});

describe('display options', () => {
  const state: BuilderState = {
    ...emptyBuilder, y: ['discharges', 'alos'], x: 'ward', timeRange: { kind: 'relative', relative: 'last_year' }, compare: 'yoy',
    numberFormat: { alos: 'decimal1' }, thresholds: [{ value: 8, label: '目标' }], conditionalColor: { above: 9, color: '#d62728' },
  };

  it('go into the chart config, formats also for the metric’s comparison columns', () => {
    expect(chartConfigOf(state, 'bar', 'zh-CN')).toMatchObject({
      y: ['discharges', 'alos'],
      numberFormat: { alos: 'decimal1', alos__yoy: 'decimal1', alos__yoy_change: 'decimal1' },
      thresholds: [{ value: 8, label: '目标' }],
      conditionalColors: [{ above: 9, color: '#d62728' }],
    });
    expect(chartConfigOf(state, 'bar', 'zh-CN').secondaryY).toBeUndefined();
  });

  it('split a combo into bars and right-axis lines, keeping one bar', () => {
    expect(secondaryOf(state)).toEqual(['alos']);
    expect(chartConfigOf(state, 'combo', 'zh-CN')).toMatchObject({ y: ['discharges'], secondaryY: ['alos'] });
    expect(secondaryOf({ ...state, secondaryY: ['discharges'] })).toEqual(['discharges']);
    expect(secondaryOf({ ...state, secondaryY: ['discharges', 'alos'] })).toEqual(['alos']);
    expect(secondaryOf({ ...state, y: ['discharges'] })).toEqual([]);
  });

  it('forget a metric’s format and axis when it is taken off', () => {
    expect(removeField({ ...state, secondaryY: ['alos'] }, 'y', 'alos')).toMatchObject({ numberFormat: {}, secondaryY: [] });
  });

  it('reopen as they were saved, for a combo too', () => {
    const combo: BuilderState = { ...state, chosenType: 'combo', secondaryY: ['discharges'] };
    const saved = JSON.parse(JSON.stringify(savedConfigOf(combo, 'combo')));
    expect(saved.chart).toMatchObject({ y: ['alos'], secondaryY: ['discharges'] });
    expect(builderStateOf(saved)).toEqual(combo);
    expect(builderStateOf(JSON.parse(JSON.stringify(savedConfigOf(state, 'bar'))))).toEqual(state);
  });

  it('ignore malformed saved options', () => {
    const config = { query: { metrics: ['discharges'] }, chart: { type: 'bar', thresholds: [{ value: 'x' }, null, { value: 3 }], conditionalColors: [{ color: 'red' }], numberFormat: { other: 'integer' } } };
    expect(builderStateOf(config as never)).toMatchObject({ thresholds: [{ value: 3 }], conditionalColor: null, numberFormat: {} });
  });
});
