import { describe, expect, it } from 'vitest';
import type { SavedChart } from '../api/types.ts';
import { chartsUsingMetric, pinnedVersion } from './chartsUsingMetric.ts';

const chart = (id: string, owner: string, metrics: string[]): SavedChart => ({
  id, owner, name: id, description: '', config: { query: { metrics }, chart: { type: 'line' } }, createdAt: '', updatedAt: '',
});

describe('chartsUsingMetric', () => {
  const charts = [
    chart('a', 'xinnei', ['discharges', 'alos']),
    chart('b', 'xinnei', ['alos@1']),
    chart('c', 'xinnei', ['alos_total']),
    chart('d', 'jizhen', ['alos']),
  ];

  it('finds the user’s own charts naming the metric, current or pinned', () => {
    expect(chartsUsingMetric(charts, 'alos', 'xinnei').map((c) => c.id)).toEqual(['a', 'b']);
    expect(chartsUsingMetric(charts, 'alos', 'admin')).toEqual([]);
    expect(chartsUsingMetric(charts, 'bed_occupancy_rate', 'xinnei')).toEqual([]);
  });

  it('says which version a chart pins', () => {
    expect(pinnedVersion(charts[1]!, 'alos')).toBe(1);
    expect(pinnedVersion(charts[0]!, 'alos')).toBeNull();
  });
});
