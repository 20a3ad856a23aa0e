import { describe, expect, it } from 'vitest';
import { tableModel } from './tableModel.ts';
import { bedOccupancyByMonth, dischargesByDepartment, dischargesByMaskedDoctor } from './testing/hospitalResults.ts';

describe('tableModel', () => {
  it('gives every result column a header with label and unit, and every cell its text and value', () => {
    const table = tableModel(bedOccupancyByMonth, { type: 'table', y: ['bed_occupancy_rate'], grain: 'month', language: 'zh-CN' });
    expect(table.columns.map((c) => [c.label, c.align])).toEqual([
      ['时间', 'start'], ['床位使用率', 'end'], ['床位使用率（同比期）', 'end'], ['床位使用率同比增减', 'end'], ['床位使用率同比增长率', 'end'],
    ]);
    expect(table.rows[0]).toEqual({
      key: '["2024-01-01"]',
      cells: [
        { column: 'time', value: '2024-01-01', text: '2024年1月' },
        { column: 'bed_occupancy_rate', value: 0.912, text: '91.2%' },
        { column: 'bed_occupancy_rate__yoy', value: 0.885, text: '88.5%' },
        { column: 'bed_occupancy_rate__yoy_change', value: bedOccupancyByMonth.rows[0]!.bed_occupancy_rate__yoy_change, text: '2.7%' },
        { column: 'bed_occupancy_rate__yoy_pct', value: bedOccupancyByMonth.rows[0]!.bed_occupancy_rate__yoy_pct, text: '3.1%' },
      ],
    });
  });

  it('sorts and keeps the top N like the charts do', () => {
    const table = tableModel(dischargesByDepartment, { type: 'table', x: 'department', y: ['discharges'], sort: { by: 'discharges', desc: true }, topN: 3, language: 'en' });
    expect(table.columns.map((c) => c.label)).toEqual(['Department', 'Discharges (persons)']);
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['0201', '1,306'], ['0301', '951'], ['0202', '874']]);
  });

  it('shows masked names as sent and empty values as a dash', () => {
    const table = tableModel(dischargesByMaskedDoctor, { type: 'table', y: ['discharges'], language: 'zh-CN' });
    expect(table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['张*', '46'], ['李**', '39'], ['王*', '—']]);
  });
});
