import { describe, expect, it } from 'vitest';
import type { Catalogue, DashboardDefinition } from '../api/types.ts';
import { coverageOf, coverageQueries } from './dataCoverage.ts';

const metric = (name: string, timeDimension?: string) => ({ name, ...(timeDimension ? { timeDimension } : {}) }) as Catalogue['metrics'][number];
const catalogue = { metrics: [metric('discharges', 'inpatient_stays.discharge_date'), metric('alos', 'inpatient_stays.discharge_date'), metric('outpatient_visits', 'visits.visit_date'), metric('ratio_of_metrics')] } as Catalogue;
const tile = (id: string, metrics: string[]) => ({ id, kind: 'chart' as const, layout: { x: 0, y: 0, w: 1, h: 1 }, chart: { query: { metrics }, chart: { type: 'kpi' } } });
const board = { title: 'b', description: '', tabs: [], filters: { dimensions: [] }, tiles: [tile('a', ['discharges']), tile('b', ['alos@2', 'outpatient_visits']), tile('c', ['ratio_of_metrics'])] } as DashboardDefinition;

describe('data coverage', () => {
  it('asks one latest day per time dimension the board’s metrics count by', () => {
    expect(coverageQueries(board, catalogue)).toEqual([
      { timeDimension: 'inpatient_stays.discharge_date', metric: 'discharges', query: { metrics: ['discharges'], dimensions: ['time'], grain: 'day', order: [{ by: 'time', desc: true }], limit: 1 } },
      { timeDimension: 'visits.visit_date', metric: 'outpatient_visits', query: { metrics: ['outpatient_visits'], dimensions: ['time'], grain: 'day', order: [{ by: 'time', desc: true }], limit: 1 } },
    ]);
  });

  it('covers up to the earliest latest day, naming the sources when they differ', () => {
    expect(coverageOf([{ metric: 'discharges', day: '2026-12-07' }, { metric: 'outpatient_visits', day: '2026-12-07' }])).toEqual({ upTo: '2026-12-07', sources: [] });
    expect(coverageOf([{ metric: 'discharges', day: '2026-12-07' }, { metric: 'outpatient_visits', day: '2026-12-03' }])).toEqual({
      upTo: '2026-12-03', sources: [{ metric: 'outpatient_visits', day: '2026-12-03' }, { metric: 'discharges', day: '2026-12-07' }],
    });
    expect(coverageOf([{ metric: 'discharges', day: '2026-12-07' }, undefined])).toBeNull();
    expect(coverageOf([{ metric: 'discharges', day: null }])).toBeNull();
  });
});
