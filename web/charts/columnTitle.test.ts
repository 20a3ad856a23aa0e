import { describe, expect, it } from 'vitest';
import { axisTitle, columnTitle, unitText } from './columnTitle.ts';
import { alos, bedOccupancy, department, discharges, outpatientVisits } from './testing/hospitalResults.ts';

describe('column titles', () => {
  it('add the unit the way each language writes it', () => {
    expect(columnTitle(discharges, 'zh-CN')).toBe('出院人数（人）');
    expect(columnTitle(discharges, 'en')).toBe('Discharges (persons)');
    expect(columnTitle(alos, 'zh-CN')).toBe('出院者平均住院日（天）');
    expect(columnTitle(outpatientVisits, 'en')).toBe('Clinic visits (visits)');
    expect(columnTitle(bedOccupancy, 'zh-CN')).toBe('床位使用率');
    expect(columnTitle(department, 'en')).toBe('Department');
  });

  it('keep units nobody translated as written', () => {
    expect(unitText('DDD', 'en')).toBe('DDD');
    expect(unitText('元', 'en')).toBe('CNY');
    expect(unitText('元', 'zh-CN')).toBe('元');
  });

  it('name an axis of several metrics once with their shared unit, and without a unit when they differ', () => {
    const emergency = { ...outpatientVisits, name: 'emergency_visits', label: { zh: '急诊人次', en: 'Emergency visits' } };
    expect(axisTitle([outpatientVisits, emergency], 'zh-CN')).toBe('门诊人次、急诊人次（人次）');
    expect(axisTitle([outpatientVisits, emergency], 'en')).toBe('Clinic visits, Emergency visits (visits)');
    expect(axisTitle([discharges, alos], 'zh-CN')).toBe('出院人数、出院者平均住院日');
  });
});
