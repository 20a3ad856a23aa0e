import { describe, expect, it } from 'vitest';
import { periodOf, rangeDays, relativeRanges, resolveRelativeRange } from './time-range.ts';

describe('relative ranges', () => {
  it.each([
    ['today', '2025-03-15', '2025-03-15', '2025-03-15'],
    ['yesterday', '2025-03-01', '2025-02-28', '2025-02-28'],
    ['last_7_days', '2025-03-03', '2025-02-25', '2025-03-03'],
    ['last_30_days', '2024-03-01', '2024-02-01', '2024-03-01'],
    ['this_month', '2025-03-15', '2025-03-01', '2025-03-15'],
    ['last_month', '2025-03-31', '2025-02-01', '2025-02-28'],
    ['last_month', '2025-01-10', '2024-12-01', '2024-12-31'],
    ['this_quarter', '2025-05-20', '2025-04-01', '2025-05-20'],
    ['last_quarter', '2025-02-10', '2024-10-01', '2024-12-31'],
    ['this_year', '2025-05-20', '2025-01-01', '2025-05-20'],
    ['last_year', '2025-05-20', '2024-01-01', '2024-12-31'],
  ] as const)('%s as of %s is %s … %s', (range, asOf, from, to) => {
    expect(resolveRelativeRange(range, asOf)).toEqual({ from, to });
  });

  it('knows every range it lists, and counts days inclusively', () => {
    for (const range of relativeRanges) expect(resolveRelativeRange(range, '2024-02-29').from <= '2024-02-29').toBe(true);
    expect(rangeDays({ from: '2024-02-01', to: '2024-02-29' })).toBe(29);
  });
});

describe('periods', () => {
  it.each([
    ['2024-02-29', 'day', '2024-02-29'],
    ['2024-12-30', 'week', '2025-01-05'],
    ['2024-02-01', 'month', '2024-02-29'],
    ['2025-10-01', 'quarter', '2025-12-31'],
    ['2025-01-01', 'year', '2025-12-31'],
  ] as const)('the %s %s ends on %s', (start, grain, end) => {
    expect(periodOf(start, grain)).toEqual({ from: start, to: end });
  });

  it('is none for a day that starts no such period, or no day at all', () => {
    expect([periodOf('2025-01-01', 'week'), periodOf('2025-02-02', 'month'), periodOf('2025-02-01', 'quarter'), periodOf('2025-02-30', 'day'), periodOf('soon', 'day')])
      .toEqual([null, null, null, null, null]);
  });
});
