import { describe, expect, it } from 'vitest';
import type { Catalogue, CatalogueMetric, DashboardDefinition, DashboardTile } from '../api/types.ts';
import { affectedTiles, detailRequest, dimensionApplies, metricDatasets, skippedFilters, tileQuery, valuesClause } from './boardQuery.ts';
import { cellOf, initialBoardState, periodRange, toggleSelection, type BoardState, type Selection } from './boardState.ts';
import { drilledAxis, drillStepOf, nextLevel } from './tileDrill.ts';

const label = (zh: string) => ({ zh, en: zh });
const metric = (name: string, datasets: string[], options: { time?: boolean; dependsOn?: string[] } = {}): CatalogueMetric => ({
  name, label: label(name), type: options.dependsOn ? 'derived' : 'simple', owner: '医务处', description: '', synonyms: [], currentVersion: 1, status: 'approved',
  ...(options.time === false ? {} : options.dependsOn ? {} : { timeDimension: `${datasets[0]}.day` }),
  lineage: { measures: [], datasets, columns: [], dependsOn: options.dependsOn ?? [] },
});

// A slice of the example hospital: stays have the organisation hierarchy, outpatient visits only departments, beds wards.
const catalogue: Pick<Catalogue, 'dimensions' | 'metrics' | 'hierarchies'> = {
  dimensions: [
    { name: 'department', label: label('科室'), type: 'string', datasets: ['inpatient_stays', 'outpatient_visits', 'open_beds'] },
    { name: 'ward', label: label('病区'), type: 'string', datasets: ['inpatient_stays', 'open_beds'] },
    { name: 'doctor', label: label('医生'), type: 'string', datasets: ['inpatient_stays', 'outpatient_visits'] },
    { name: 'gender', label: label('性别'), type: 'string', datasets: ['inpatient_stays'] },
  ],
  hierarchies: [{ name: 'organization', label: label('科室 → 病区 → 医生'), levels: ['department', 'ward', 'doctor'] }],
  metrics: [
    metric('discharges', ['inpatient_stays']),
    metric('outpatient_visits', ['outpatient_visits']),
    metric('average_open_beds', ['open_beds']),
    metric('bed_turnover', [], { dependsOn: ['discharges', 'average_open_beds'] }),
    metric('open_beds_now', ['open_beds'], { time: false }),
  ],
};

const chartTile = (id: string, query: DashboardTile & { kind: 'chart' } extends { chart: { query: infer Q } } ? Q : never, chart: Record<string, unknown> = {}, ignoreGlobalFilters = false): DashboardTile => ({
  id, kind: 'chart', layout: { x: 0, y: 0, w: 6, h: 6 }, title: id, chart: { query, chart: { type: 'bar', y: query.metrics, ...chart } }, ...(ignoreGlobalFilters ? { ignoreGlobalFilters } : {}),
});

const byDepartment = chartTile('dept', { metrics: ['discharges'], dimensions: ['department'], timeRange: { relative: 'last_year' } }, { x: 'department' });
const byMonth = chartTile('month', { metrics: ['discharges'], dimensions: ['time'], grain: 'month' }, { type: 'line', x: 'time' });
const kpi = chartTile('kpi', { metrics: ['outpatient_visits'] }, { type: 'kpi' });
const byWard = chartTile('ward', { metrics: ['discharges'], dimensions: ['ward'], where: "gender = '女'" }, { x: 'ward' });
const turnover = chartTile('turnover', { metrics: ['bed_turnover'], dimensions: ['ward'] }, { x: 'ward' });
const fixed = chartTile('fixed', { metrics: ['discharges'] }, { type: 'kpi' }, true);
const note: DashboardTile = { id: 'note', kind: 'text', layout: { x: 0, y: 0, w: 12, h: 1 }, text: '说明' };

const definition: DashboardDefinition = {
  title: '运营', description: '', tabs: [],
  filters: { dimensions: [{ dimension: 'department', values: [] }, { dimension: 'gender', values: [] }] },
  tiles: [byDepartment, byMonth, kpi, byWard, turnover, fixed, note],
};

const query = (tile: DashboardTile, state: Partial<BoardState> = {}) => {
  const s = { ...initialBoardState(definition), ...state };
  return tileQuery(tile, s.filters, s.selections, s.drills[tile.id] ?? [], catalogue);
};

describe('which filters a tile takes', () => {
  it('reads the datasets of a metric, and of the metrics a derived one is computed from', () => {
    expect(metricDatasets(catalogue, 'discharges@2')).toEqual(['inpatient_stays']);
    expect(metricDatasets(catalogue, 'bed_turnover').sort()).toEqual(['inpatient_stays', 'open_beds']);
  });

  it('applies a dimension only where every dataset read has it, and time only to metrics counted over time', () => {
    expect(dimensionApplies(catalogue, ['discharges'], 'ward')).toBe(true);
    expect(dimensionApplies(catalogue, ['outpatient_visits'], 'ward')).toBe(false);
    expect(dimensionApplies(catalogue, ['bed_turnover'], 'department')).toBe(true);
    expect(dimensionApplies(catalogue, ['bed_turnover'], 'gender')).toBe(false);
    expect(dimensionApplies(catalogue, ['bed_turnover'], 'time')).toBe(true);
    expect(dimensionApplies(catalogue, ['open_beds_now'], 'time')).toBe(false);
    expect(dimensionApplies(catalogue, ['no_such_metric'], 'department')).toBe(false);
  });

  it('writes values as the filter language reads them, nulls as is null', () => {
    expect(valuesClause('ward', ['0101-01'])).toBe("ward = '0101-01'");
    expect(valuesClause('ward', ["O'Brien", '02'])).toBe("ward in ('O''Brien', '02')");
    expect(valuesClause('ward', ['01', null])).toBe("(ward = '01' or ward is null)");
  });
});

describe('a tile’s query on the board', () => {
  it('is the tile’s own query when nothing is filtered, selected or drilled; text tiles have none', () => {
    expect(query(byDepartment)).toEqual(byDepartment.kind === 'chart' ? byDepartment.chart.query : null);
    expect(query(note)).toBeNull();
  });

  it('takes the global date range in place of its own, and the dimension filters that apply', () => {
    const filters = { timeRange: { from: '2025-01-01', to: '2025-06-30' }, dimensions: [{ dimension: 'department', values: ['0101'] }, { dimension: 'gender', values: ['女'] }] };
    expect(query(byDepartment, { filters })).toEqual({
      metrics: ['discharges'], dimensions: ['department'], timeRange: { from: '2025-01-01', to: '2025-06-30' }, where: "(department = '0101') and (gender = '女')",
    });
    // Its own filter stays, and-ed with the board's.
    expect(query(byWard, { filters })?.where).toBe("(gender = '女') and (department = '0101') and (gender = '女')");
    // Outpatient visits have departments but no gender.
    expect(query(kpi, { filters })).toEqual({ metrics: ['outpatient_visits'], timeRange: { from: '2025-01-01', to: '2025-06-30' }, where: "department = '0101'" });
    // A tile set apart from the board's filters keeps its own query.
    expect(query(fixed, { filters })).toEqual({ metrics: ['discharges'] });
  });

  it('follows the other tiles’ selections: one dimension’s values or-ed, two dimensions and-ed, never its own', () => {
    const selections: Selection[] = [
      { tileId: 'dept', dimension: 'department', value: '0101' },
      { tileId: 'dept', dimension: 'department', value: '0102' },
      { tileId: 'ward', dimension: 'ward', value: '0101-01' },
    ];
    expect(query(byMonth, { selections })?.where).toBe("(department in ('0101', '0102')) and (ward = '0101-01')");
    expect(query(byDepartment, { selections })?.where).toBe("ward = '0101-01'");
    expect(query(kpi, { selections })?.where).toBe("department in ('0101', '0102')");
    expect(query(fixed, { selections })).toEqual({ metrics: ['discharges'] });
  });

  it('narrows the others to a period clicked on a time axis', () => {
    const selections: Selection[] = [{ tileId: 'month', dimension: 'time', value: '2025-02-01', grain: 'month' }];
    expect(query(byDepartment, { selections })?.timeRange).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(query(byMonth, { selections })?.timeRange).toBeUndefined();
  });
});

describe('filters a tile does not follow', () => {
  it('are the ones in force whose dimension its data lacks', () => {
    const filters = { timeRange: { relative: 'last_year' as const }, dimensions: [{ dimension: 'gender', values: ['女'] }, { dimension: 'department', values: [] }] };
    const selections: Selection[] = [{ tileId: 'ward', dimension: 'ward', value: '0101-01' }];
    expect(skippedFilters(kpi, filters, selections, catalogue)).toEqual(['gender', 'ward']);
    expect(skippedFilters(byWard, filters, selections, catalogue)).toEqual([]);
    expect(skippedFilters(fixed, filters, selections, catalogue)).toEqual([]);
    expect(skippedFilters(note, filters, selections, catalogue)).toEqual([]);
  });
});

describe('selections', () => {
  const a: Selection = { tileId: 'dept', dimension: 'department', value: '0101' };
  it('toggle: the same value clicked again goes away; another period replaces a period', () => {
    expect(toggleSelection([], a)).toEqual([a]);
    expect(toggleSelection([a], { ...a })).toEqual([]);
    const march = { tileId: 'month', dimension: 'time', value: '2025-03-01', grain: 'month' as const };
    expect(toggleSelection([a, { ...march, value: '2025-02-01' }], march)).toEqual([a, march]);
  });

  it('change only the tiles whose query they change', () => {
    const before = initialBoardState(definition);
    const after = { ...before, selections: [a] };
    // The department tile itself, the text and the tile set apart keep their queries (and their cached results).
    expect(affectedTiles(definition, before, after, catalogue)).toEqual(['month', 'kpi', 'ward', 'turnover']);
    const ward = { ...after, selections: [a, { tileId: 'ward', dimension: 'ward', value: '0101-01' }] };
    expect(affectedTiles(definition, after, ward, catalogue)).toEqual(['dept', 'month', 'turnover']);
  });
});

describe('drilling down', () => {
  it('goes down the organisation hierarchy and the time grains', () => {
    expect(nextLevel(catalogue, 'department', undefined)).toEqual({ dimension: 'ward' });
    expect(nextLevel(catalogue, 'doctor', undefined)).toBeNull();
    expect(nextLevel(catalogue, 'gender', undefined)).toBeNull();
    expect(nextLevel(catalogue, 'time', 'year')).toEqual({ dimension: 'time', grain: 'quarter' });
    expect(nextLevel(catalogue, 'time', 'week')).toEqual({ dimension: 'time', grain: 'day' });
    expect(nextLevel(catalogue, 'time', 'day')).toBeNull();
  });

  it('shows the next level filtered to the value drilled into, keeping the board’s filters and selections', () => {
    const tile = byDepartment as DashboardTile & { kind: 'chart' };
    const step = drillStepOf(tile, [], '0101', catalogue)!;
    expect(step).toEqual({ dimension: 'department', value: '0101' });
    const filters = { dimensions: [{ dimension: 'gender', values: ['女'] }] };
    const selections: Selection[] = [{ tileId: 'month', dimension: 'time', value: '2025-03-01', grain: 'month' }];
    expect(query(tile, { filters, selections, drills: { dept: [step] } })).toEqual({
      metrics: ['discharges'], dimensions: ['ward'], timeRange: { from: '2025-03-01', to: '2025-03-31' }, where: "(department = '0101') and (gender = '女')",
    });
    const deeper = drillStepOf(tile, [step], '0101-01', catalogue)!;
    expect(drilledAxis(tile, [step, deeper], catalogue)).toEqual({ dimension: 'doctor' });
    expect(query(tile, { drills: { dept: [step, deeper] } })?.where).toBe("(department = '0101') and (ward = '0101-01')");
    expect(drillStepOf(tile, [step, deeper], 'D001', catalogue)).toBeNull();
  });

  it('drills a time axis into the period clicked, one grain finer', () => {
    const tile = byMonth as DashboardTile & { kind: 'chart' };
    const step = drillStepOf(tile, [], '2025-02-01', catalogue)!;
    expect(step).toEqual({ dimension: 'time', value: '2025-02-01', grain: 'month' });
    expect(query(tile, { drills: { month: [step] }, filters: { timeRange: { relative: 'last_year' }, dimensions: [] } })).toEqual({
      metrics: ['discharges'], dimensions: ['time'], grain: 'day', timeRange: { from: '2025-02-01', to: '2025-02-28' },
    });
  });
});

describe('periods and clicked values', () => {
  it('end where their grain says', () => {
    expect(periodRange('2024-01-01', 'year')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodRange('2024-10-01', 'quarter')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(periodRange('2024-02-01', 'month')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(periodRange('2024-12-30', 'week')).toEqual({ from: '2024-12-30', to: '2025-01-05' });
    expect(periodRange('2024-12-31', 'day')).toEqual({ from: '2024-12-31', to: '2024-12-31' });
  });

  it('come back from Vega as the query wrote them', () => {
    expect(cellOf(new Date(Date.UTC(2025, 1, 1)), true)).toBe('2025-02-01');
    expect(cellOf(Date.UTC(2025, 1, 1), true)).toBe('2025-02-01');
    expect(cellOf('0101', false)).toBe('0101');
  });
});

describe('drill-through', () => {
  it('asks for the rows behind the clicked cell with every filter the tile was asked with', () => {
    const asked = query(byMonth, { selections: [{ tileId: 'dept', dimension: 'department', value: '0101' }], filters: { timeRange: { relative: 'last_year' }, dimensions: [] } })!;
    expect(detailRequest(asked, 'discharges', { time: '2025-02-01', hbi_value: 12 })).toEqual({
      metric: 'discharges', where: "department = '0101'", timeRange: { relative: 'last_year' }, cell: { time: '2025-02-01' }, grain: 'month', offset: 0, limit: 100,
    });
    expect(detailRequest({ metrics: ['discharges'] }, 'discharges', {}, 200)).toEqual({ metric: 'discharges', offset: 200, limit: 100 });
  });
});

describe('a click on a mark', () => {
  it('selects the axis value, time as its period', async () => {
    const { selectionOf } = await import('./boardState.ts');
    expect(selectionOf('dept', { dimension: 'department' }, ['department'], { department: '0101', hbi_value: 3 })).toEqual({ tileId: 'dept', dimension: 'department', value: '0101' });
    expect(selectionOf('month', { dimension: 'time', grain: 'month' }, ['time'], { time: new Date(Date.UTC(2025, 2, 1)) })).toEqual({ tileId: 'month', dimension: 'time', value: '2025-03-01', grain: 'month' });
    expect(selectionOf('s', { dimension: 'alos' }, ['ward'], { ward: '01' })).toEqual({ tileId: 's', dimension: 'ward', value: '01' });
    expect(selectionOf('k', null, [], { hbi_value: 3 })).toBeNull();
    // A chart shows names and keeps the codes beside them: the selection filters by the code.
    expect(selectionOf('dept', { dimension: 'department' }, ['department'], { department: '心血管内科', department__code: '0101' })).toEqual({
      tileId: 'dept', dimension: 'department', value: '0101', label: '心血管内科',
    });
  });
});
