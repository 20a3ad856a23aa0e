import { describe, expect, it } from 'vitest';
import type { CatalogueMetric } from '../api/types.ts';
import { catalogueFilterSearch, filterMetrics, metricOwners, noFilter, readCatalogueFilter } from './catalogueFilter.ts';

const metric = (name: string, zh: string, owner: string, status: CatalogueMetric['status'] = 'approved'): CatalogueMetric => ({
  name, label: { zh, en: name }, type: 'simple', owner, description: '', synonyms: [], status, currentVersion: 1,
  lineage: { measures: [], datasets: [], columns: [], dependsOn: [] },
});
const metrics = [
  metric('bed_occupancy_rate', '床位使用率', '医务处'),
  metric('discharges', '出院人数', '医务处'),
  metric('drug_stockout_rate', '药品缺货率', '药学部'),
  metric('new_infections', '医院感染新发例数', '院感科', 'in_review'),
];

describe('the catalogue filter', () => {
  it('combines search, owner and status', () => {
    const names = (filter: Parameters<typeof filterMetrics>[1]) => filterMetrics(metrics, filter).map((m) => m.name);
    expect(names(noFilter)).toEqual(metrics.map((m) => m.name));
    expect(names({ ...noFilter, owner: '医务处' })).toEqual(['bed_occupancy_rate', 'discharges']);
    expect(names({ ...noFilter, owner: '医务处', text: 'cyrs' })).toEqual(['discharges']);
    expect(names({ ...noFilter, owner: '药学部', text: 'cyrs' })).toEqual([]);
    expect(names({ ...noFilter, status: 'approved' })).toEqual(['bed_occupancy_rate', 'discharges', 'drug_stockout_rate']);
    expect(names({ ...noFilter, status: 'in_review' })).toEqual(['new_infections']);
    expect(names({ ...noFilter, status: 'deprecated' })).toEqual([]);
  });

  it('round-trips through the query string, and ignores what it does not know', () => {
    const filter = { text: 'cwsyl', owner: '医务处', status: 'in_review' as const };
    expect(readCatalogueFilter(catalogueFilterSearch(filter))).toEqual(filter);
    expect(catalogueFilterSearch(noFilter)).toBe('');
    expect(readCatalogueFilter('')).toEqual(noFilter);
    expect(readCatalogueFilter('?status=retired&owner=&q=')).toEqual(noFilter);
    expect(readCatalogueFilter('?q=%E5%BA%8A%E4%BD%8D')).toEqual({ ...noFilter, text: '床位' });
  });

  it('lists each owning department once, in pinyin order', () => {
    expect(metricOwners(metrics)).toEqual(['药学部', '医务处', '院感科']);
  });
});
