// Lineage names the columns a metric's numbers are computed from, through ratios, formulas,
// lookups and sequence columns, and the columns a dimension reads in each dataset.
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { dimensionColumns, metricLineage } from '../compile.ts';
import { openClinic, type Clinic } from './testing/clinic.ts';

let clinic: Clinic;
beforeAll(async () => {
  clinic = await openClinic();
});
afterAll(() => clinic?.close());

const stays = (...columns: string[]) => columns.map((column) => ({ dataset: 'admissions', table: 'stays', column }));

describe('metric lineage', () => {
  it('lists the columns of each measure a ratio counts, with its time dimension', () => {
    expect(metricLineage(clinic.model, 'mortality_rate')).toEqual({
      metric: 'mortality_rate',
      measures: [
        { dataset: 'admissions', measure: 'deaths', columns: ['status', 'discharged_at'] },
        { dataset: 'admissions', measure: 'discharges', columns: ['discharged_at'] },
      ],
      datasets: ['admissions'],
      columns: stays('status', 'discharged_at'),
      dependsOn: [],
    });
  });

  it('reads a metric filter through the dataset\'s dimension, and a sequence column through the columns it is computed from', () => {
    expect(metricLineage(clinic.model, 'b02_discharges').columns).toEqual(stays('discharged_at', 'dept_code'));
    const readmissions = metricLineage(clinic.model, 'readmissions');
    expect(readmissions.measures[0]!.columns).toEqual(['discharged_at', 'status', 'patient_id', 'admitted_at']);
    expect(readmissions.columns).toContainEqual({ dataset: 'admissions', table: 'stays', column: 'patient_id', pii: 'mrn' });
  });

  it('names a lookup\'s column with the join on its key', () => {
    const north = metricLineage(clinic.model, 'north_visits');
    expect(north.measures).toEqual([{ dataset: 'outpatient', measure: 'visits', columns: ['dept.campus', 'dept_code', 'dept.dept_code', 'visited_on'] }]);
    expect(north.columns).toEqual([
      { dataset: 'outpatient', table: 'departments', column: 'campus' },
      { dataset: 'outpatient', table: 'visits', column: 'dept_code' },
      { dataset: 'outpatient', table: 'departments', column: 'dept_code' },
      { dataset: 'outpatient', table: 'visits', column: 'visited_on' },
    ]);
  });

  it('follows ratios of metrics and formulas to the measures they read, naming the metrics they use', () => {
    const occupancy = metricLineage(clinic.model, 'bed_occupancy');
    expect(occupancy.dependsOn).toEqual(['occupied_bed_days', 'open_bed_days']);
    expect(occupancy.measures).toEqual([
      { dataset: 'stay_days', measure: 'occupied_bed_days', columns: ['admitted_at', 'discharged_at'] },
      { dataset: 'beds', measure: 'open_bed_days', columns: ['open_beds', 'day'] },
    ]);
    expect(occupancy.datasets).toEqual(['stay_days', 'beds']);
    const derived = metricLineage(clinic.model, 'visits_per_discharge');
    expect([derived.dependsOn, derived.datasets]).toEqual([['outpatient_visits', 'discharges'], ['outpatient', 'admissions']]);
    expect(() => metricLineage(clinic.model, 'visitz')).toThrow(/no metric "visitz"/);
  });
});

describe('dimension columns', () => {
  it('lists what each dataset reads for a conformed dimension', () => {
    expect(dimensionColumns(clinic.model, 'department')).toEqual([
      { dataset: 'admissions', table: 'stays', column: 'dept_code' },
      { dataset: 'beds', table: 'beds', column: 'dept_code' },
      { dataset: 'outpatient', table: 'visits', column: 'dept_code' },
      { dataset: 'stay_days', table: 'stays', column: 'dept_code' },
    ]);
    expect(dimensionColumns(clinic.model, 'campus').filter((c) => c.dataset === 'admissions')).toEqual([
      { dataset: 'admissions', table: 'departments', column: 'campus' },
      { dataset: 'admissions', table: 'stays', column: 'dept_code' },
      { dataset: 'admissions', table: 'departments', column: 'dept_code' },
    ]);
    expect(() => dimensionColumns(clinic.model, 'ward_name')).toThrow(/no dimension "ward_name"; the dimensions are department, /);
  });
});
