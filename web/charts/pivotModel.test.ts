import { describe, expect, it } from 'vitest';
import type { ChartConfig } from './chartConfig.ts';
import { pivotModel } from './pivotModel.ts';
import { alos, department, discharges, dischargesByDepartmentAndMonth, time } from './testing/hospitalResults.ts';

const pivot: ChartConfig = { type: 'pivot', x: 'department', series: 'time', y: ['discharges'], grain: 'month', language: 'zh-CN' };

describe('pivotModel', () => {
  it('puts departments down the side and months across the top', () => {
    const model = pivotModel(dischargesByDepartmentAndMonth, pivot);
    expect(model.rowHeader).toEqual({ name: 'department', label: '科室' });
    expect(model.columnHeader).toEqual({ name: 'time', label: '时间' });
    expect(model.columnGroups.map((g) => g.text)).toEqual(['2024年1月', '2024年2月', '2024年3月']);
    expect(model.metrics).toEqual([{ name: 'discharges', label: '出院人数（人）' }]);
    expect(model.rows.map((r) => [r.header.text, ...r.cells.map((c) => c.value)])).toEqual([
      ['0101', 103, 113, 123], ['0102', 203, 213, 223], ['0201', 303, 313, 323],
    ]);
  });

  it('runs months oldest first whatever the row order, sorts rows, and leaves missing pairs empty', () => {
    const rows = [
      { department: '0201', time: '2024-02-01', discharges: 1306, alos: 8.02 },
      { department: '0101', time: '2024-02-01', discharges: 412, alos: 7.21 },
      { department: '0101', time: '2024-01-01', discharges: 398, alos: 7.4 },
    ];
    const model = pivotModel({ columns: [department, time, discharges, alos], rows }, { ...pivot, y: ['discharges', 'alos'], sort: { by: 'department', desc: false } });
    expect(model.columnGroups.map((g) => g.value)).toEqual(['2024-01-01', '2024-02-01']);
    expect(model.metrics.map((m) => m.label)).toEqual(['出院人数（人）', '出院者平均住院日（天）']);
    expect(model.rows.map((r) => [r.header.text, ...r.cells.map((c) => c.text)])).toEqual([
      ['0101', '398', '7.40', '412', '7.21'],
      ['0201', '—', '—', '1,306', '8.02'],
    ]);
  });

  it('needs a dimension across the top', () => {
    expect(() => pivotModel(dischargesByDepartmentAndMonth, { ...pivot, series: undefined as never })).toThrow('pivot 图需要第二个维度（系列）。');
  });
});
