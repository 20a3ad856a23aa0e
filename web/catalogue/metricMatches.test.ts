import { describe, expect, it } from 'vitest';
import { metricMatches, normalizeSearchText } from './metricMatches.ts';

const occupancy = { name: 'bed_occupancy_rate', label: { zh: '床位使用率', en: 'Bed occupancy rate' }, synonyms: ['病床使用率'] };
const discharges = { name: 'discharges', label: { zh: '出院人数', en: 'Discharges' }, synonyms: ['出院人次', '出院患者数'] };
const alos = { name: 'alos', label: { zh: '出院者平均住院日', en: 'Average length of stay of discharged patients' }, synonyms: ['平均住院日', 'ALOS'] };
const visits7d = { name: 'outpatient_visits_7d', label: { zh: '近 7 日门诊人次', en: 'Clinic visits in the last 7 days' }, synonyms: [] };
const readmission = { name: 'readmission_30d_rate', label: { zh: '30天再入院率', en: '30-day readmission rate' }, synonyms: [] };
const all = [occupancy, discharges, alos, visits7d, readmission];
const found = (text: string) => all.filter((metric) => metricMatches(metric, text)).map((metric) => metric.name);

describe('metricMatches', () => {
  it('finds by the initials of the Chinese name', () => {
    expect(found('cwsyl')).toEqual(['bed_occupancy_rate']);
    expect(found('CWSYL')).toEqual(['bed_occupancy_rate']);
    expect(found('cw')).toEqual(['bed_occupancy_rate']);
    expect(found('mzrc')).toEqual(['outpatient_visits_7d']);
    expect(found('tzryl')).toEqual(['readmission_30d_rate']);
  });

  it('finds by full pinyin, with or without spaces, ü typed as v or u', () => {
    expect(found('chuyuan')).toEqual(['discharges', 'alos']);
    expect(found('chuyuanrenshu')).toEqual(['discharges']);
    expect(found('chuang wei')).toEqual(['bed_occupancy_rate']);
    expect(found('shiyonglv')).toEqual(['bed_occupancy_rate']);
    expect(found('shiyonglu')).toEqual(['bed_occupancy_rate']);
  });

  it('finds by the Chinese name, the English name, the code name and synonyms', () => {
    expect(found('使用率')).toEqual(['bed_occupancy_rate']);
    expect(found('住院日')).toEqual(['alos']);
    expect(found('bed occupancy')).toEqual(['bed_occupancy_rate']);
    expect(found('Readmission')).toEqual(['readmission_30d_rate']);
    expect(found('bed_occ')).toEqual(['bed_occupancy_rate']);
    expect(found('病床')).toEqual(['bed_occupancy_rate']);
    expect(found('alos')).toEqual(['alos']);
    expect(found('出院患者')).toEqual(['discharges']);
    // A synonym's pinyin too: 平均住院日.
    expect(found('pjzyr')).toEqual(['alos']);
  });

  it('finds everything for empty text, and nothing for text in no name', () => {
    expect(found('')).toEqual(all.map((metric) => metric.name));
    expect(found('   ')).toEqual(all.map((metric) => metric.name));
    expect(found('xyz')).toEqual([]);
    expect(found('手术')).toEqual([]);
  });

  it('keeps digits and Latin letters in Chinese names searchable', () => {
    expect(found('近7日')).toEqual(['outpatient_visits_7d']);
    expect(found('jin7ri')).toEqual(['outpatient_visits_7d']);
    expect(found('30tian')).toEqual(['readmission_30d_rate']);
  });

  it('normalizes case, spaces, underscores and hyphens away', () => {
    expect(normalizeSearchText(' Bed_Occupancy-Rate \t')).toBe('bedoccupancyrate');
  });
});
