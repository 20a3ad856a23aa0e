import { describe, expect, it } from 'vitest';
import type { ChartConfig } from './chartConfig.ts';
import { rankedRows, sortedRows } from './rankedRows.ts';
import { dischargesByDepartment, dischargesByDepartmentAndMonth } from './testing/hospitalResults.ts';

const byDepartment: ChartConfig = { type: 'bar', x: 'department', y: ['discharges'], language: 'zh-CN' };
const codes = (rows: { department?: unknown }[]) => rows.map((r) => r.department);

describe('rankedRows', () => {
  it('keeps every row without topN', () => {
    expect(rankedRows(dischargesByDepartment, byDepartment)).toBe(dischargesByDepartment.rows);
  });

  it('keeps the N largest of the first metric, in the query’s order', () => {
    expect(codes(rankedRows(dischargesByDepartment, { ...byDepartment, topN: 3 }))).toEqual(['0201', '0202', '0301']);
  });

  it('keeps the N smallest when sorted ascending by a metric', () => {
    expect(codes(rankedRows(dischargesByDepartment, { ...byDepartment, topN: 2, sort: { by: 'discharges', desc: false } }))).toEqual(['0102', '0103']);
  });

  it('ranks by the first metric when sorted by the dimension', () => {
    expect(codes(rankedRows(dischargesByDepartment, { ...byDepartment, topN: 1, sort: { by: 'department', desc: false } }))).toEqual(['0201']);
  });

  it('keeps every row of a kept department, ranking departments by their total over the series', () => {
    const kept = rankedRows(dischargesByDepartmentAndMonth, { ...byDepartment, series: 'time', topN: 2 });
    expect(new Set(codes(kept))).toEqual(new Set(['0102', '0201']));
    expect(kept).toHaveLength(6);
  });
});

describe('sortedRows', () => {
  it('sorts numbers by value, codes as text, empty cells last', () => {
    const rows = [{ department: '0201', discharges: null }, { department: '0101', discharges: 90 }, { department: '0102', discharges: 412 }];
    expect(codes(sortedRows(rows, { by: 'discharges', desc: true }, 'zh-CN'))).toEqual(['0102', '0101', '0201']);
    expect(codes(sortedRows(rows, { by: 'discharges', desc: false }, 'zh-CN'))).toEqual(['0101', '0102', '0201']);
    expect(codes(sortedRows(rows, { by: 'department', desc: false }, 'zh-CN'))).toEqual(['0101', '0102', '0201']);
  });
});
