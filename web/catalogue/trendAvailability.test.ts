import { describe, expect, it } from 'vitest';
import type { CatalogueMetric, MetricDefinition } from '../api/types.ts';
import { trendAvailability } from './trendAvailability.ts';

type Metric = Pick<CatalogueMetric, 'name' | 'type' | 'timeDimension' | 'lineage'>;
const metric = (name: string, type: Metric['type'], timeDimension: string | undefined, dependsOn: string[] = []): Metric => ({
  name, type, ...(timeDimension ? { timeDimension } : {}), lineage: { measures: [], datasets: [], columns: [], dependsOn },
});
const definition = (m: Metric, fields: Partial<MetricDefinition>): MetricDefinition => ({
  name: m.name, label: { zh: m.name, en: m.name }, type: m.type, owner: '医务处', description: '', ...fields,
});

const occupied = metric('occupied_bed_days', 'simple', 'inpatient_days.day');
const open = metric('actual_open_bed_days', 'simple', 'open_beds.report_date');
const occupancy = metric('bed_occupancy_rate', 'ratio', undefined, ['occupied_bed_days', 'actual_open_bed_days']);
const timeless = metric('beds_total', 'simple', undefined);
const perBed = metric('discharges_per_bed', 'derived', undefined, ['discharges', 'beds_total']);
const discharges = metric('discharges', 'simple', 'inpatient_stays.discharge_date');
const visits7d = metric('outpatient_visits_7d', 'cumulative', 'outpatient_visits.visit_date');
const byName = new Map([occupied, open, occupancy, timeless, perBed, discharges, visits7d].map((m) => [m.name, m]));

describe('trendAvailability', () => {
  it('shows the last year by month for a metric with a time dimension', () => {
    expect(trendAvailability(discharges, definition(discharges, { measure: 'inpatient_stays.discharges' }), byName)).toEqual({
      kind: 'trend', grain: 'month',
      query: { metrics: ['discharges'], dimensions: ['time'], grain: 'month', timeRange: { relative: 'last_year' } },
    });
  });

  it('shows a ratio of metrics over time through its parts', () => {
    const shown = trendAvailability(occupancy, definition(occupancy, { numerator: 'occupied_bed_days', denominator: 'actual_open_bed_days' }), byName);
    expect(shown.kind).toBe('trend');
  });

  it('names the metrics counting rows without a time dimension, itself or its parts', () => {
    expect(trendAvailability(timeless, definition(timeless, { measure: 'beds.total' }), byName)).toEqual({ kind: 'noTimeDimension', missing: ['beds_total'] });
    expect(trendAvailability(perBed, definition(perBed, { formula: 'discharges / beds_total' }), byName)).toEqual({ kind: 'noTimeDimension', missing: ['beds_total'] });
    // A ratio over a measure counts rows itself.
    const ratio = metric('deaths_share', 'ratio', undefined, []);
    expect(trendAvailability(ratio, definition(ratio, { numerator: 'inpatient_stays.deaths', denominator: 'inpatient_stays.discharges' }), byName).kind).toBe('noTimeDimension');
    expect(trendAvailability(ratio, undefined, byName).kind).toBe('noTimeDimension');
  });

  it('shows a rolling total by day', () => {
    const shown = trendAvailability(visits7d, definition(visits7d, { measure: 'outpatient_visits.clinic_visits', window: { days: 7 } }), byName);
    expect(shown).toMatchObject({ kind: 'trend', grain: 'day', query: { grain: 'day' } });
  });
});
