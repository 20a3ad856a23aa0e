import { describe, expect, it } from 'vitest';
import { rangeName, tileTitle } from './tileTitle.ts';

describe('tileTitle', () => {
  const trend = { metrics: ['discharges'], dimensions: ['time'], grain: 'month' as const };

  it('puts the range the tile asks for where the author wrote {range}', () => {
    expect(tileTitle('{range}出院人数（按月）', { ...trend, timeRange: { relative: 'this_year' } }, 'zh-CN', '全部时间')).toEqual({ title: '本年出院人数（按月）', range: null });
    // The board's 上季度 replaced the tile's own 本年.
    expect(tileTitle('{range}出院人数（按月）', { ...trend, timeRange: { relative: 'last_quarter' } }, 'zh-CN', '全部时间').title).toBe('上季度出院人数（按月）');
    expect(tileTitle('{range} discharges', { ...trend, timeRange: { relative: 'last_quarter' } }, 'en', 'All time').title).toBe('Last quarter discharges');
    expect(tileTitle('{range}出院人数', trend, 'zh-CN', '全部时间').title).toBe('全部时间出院人数');
  });

  it('names the range beside a title written without {range}', () => {
    expect(tileTitle('出院人数', { metrics: ['discharges'], timeRange: { relative: 'last_month' } }, 'zh-CN', '全部时间')).toEqual({ title: '出院人数', range: '上月' });
    expect(tileTitle('出院人数', { metrics: ['discharges'] }, 'zh-CN', '全部时间')).toEqual({ title: '出院人数', range: null });
  });

  it('names whole months, quarters and years, and other spans by their days', () => {
    expect(rangeName({ from: '2026-03-01', to: '2026-03-31' }, 'zh-CN')).toBe('2026年3月');
    expect(rangeName({ from: '2026-02-01', to: '2026-02-28' }, 'en')).toBe('Feb 2026');
    expect(rangeName({ from: '2026-04-01', to: '2026-06-30' }, 'zh-CN')).toBe('2026年第2季度');
    expect(rangeName({ from: '2025-01-01', to: '2025-12-31' }, 'zh-CN')).toBe('2025年');
    expect(rangeName({ from: '2026-01-05', to: '2026-02-10' }, 'zh-CN')).toBe('2026-01-05 至 2026-02-10');
    expect(rangeName({ from: '2026-01-05', to: '2026-01-05' }, 'en')).toBe('2026-01-05');
    expect(rangeName(undefined, 'zh-CN')).toBeNull();
  });
});
