import { describe, expect, it } from 'vitest';
import { lineageRows } from './lineageRows.ts';

describe('lineageRows', () => {
  it('groups measures and columns by dataset, naming columns of other tables and marking personal data', () => {
    expect(
      lineageRows({
        measures: [
          { dataset: 'inpatient_stays', measure: 'readmissions_30d', columns: ['discharged_at', 'patient_id'] },
          { dataset: 'inpatient_stays', measure: 'discharges', columns: ['discharged_at'] },
          { dataset: 'antibiotic_use', measure: 'ddds', columns: ['dose_g', 'ddd.ddd_g'] },
        ],
        datasets: ['inpatient_stays', 'antibiotic_use'],
        columns: [
          { dataset: 'inpatient_stays', table: 'admissions', column: 'discharged_at' },
          { dataset: 'inpatient_stays', table: 'admissions', column: 'patient_id', pii: 'mrn' },
          { dataset: 'antibiotic_use', table: 'antibiotic_use', column: 'dose_g' },
          { dataset: 'antibiotic_use', table: 'antibiotic_ddd', column: 'ddd_g' },
        ],
        dependsOn: [],
      }),
    ).toEqual([
      {
        dataset: 'inpatient_stays',
        measures: ['readmissions_30d', 'discharges'],
        columns: [{ name: 'admissions.discharged_at', pii: null }, { name: 'admissions.patient_id', pii: 'mrn' }],
      },
      { dataset: 'antibiotic_use', measures: ['ddds'], columns: [{ name: 'dose_g', pii: null }, { name: 'antibiotic_ddd.ddd_g', pii: null }] },
    ]);
  });

  it('lists a column once when the table is not given', () => {
    const rows = lineageRows({
      measures: [{ dataset: 'antibiotic_use', measure: 'ddds', columns: ['atc_code', 'ddd.atc_code'] }],
      datasets: ['antibiotic_use'],
      columns: [{ dataset: 'antibiotic_use', column: 'atc_code' }, { dataset: 'antibiotic_use', column: 'atc_code' }],
      dependsOn: [],
    });
    expect(rows[0]?.columns).toEqual([{ name: 'atc_code', pii: null }]);
  });
});
