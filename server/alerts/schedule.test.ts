// Cron in the hospital's time zone with an injected clock: 08:00 in Shanghai is 00:00 UTC, a
// late tick evaluates a rule once, and a bad expression is named.
import { describe, expect, it } from 'vitest';
import { cronOf, dueRules, nextRun } from './schedule.ts';

describe('alert schedules', () => {
  it('reads cron expressions in Asia/Shanghai by default', () => {
    expect(nextRun(['0 8 * * *'], new Date('2025-03-01T00:30:00Z'))?.toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(nextRun(['0 8 * * *'], new Date('2025-03-01T00:30:00Z'), 'UTC')?.toISOString()).toBe('2025-03-01T08:00:00.000Z');
    // The earliest of several expressions: weekdays at 08:00 and Saturdays at 10:00 (Shanghai).
    expect(nextRun(['0 8 * * 1-5', '0 10 * * 6'], new Date('2025-03-07T01:00:00Z'))?.toISOString()).toBe('2025-03-08T02:00:00.000Z');
  });

  it('finds the rules due between two ticks, once each, and skips disabled rules', () => {
    const rules = [
      { id: 'morning', schedule: ['0 8 * * *'] },
      { id: 'hourly', schedule: ['0 * * * *'] },
      { id: 'off', schedule: ['0 * * * *'], enabled: false },
      { id: 'after-loads-only' },
    ];
    // 07:59:30 → 08:00:30 Shanghai time.
    expect(dueRules(rules, new Date('2025-03-01T23:59:30Z'), new Date('2025-03-02T00:00:30Z'))).toEqual(['morning', 'hourly']);
    expect(dueRules(rules, new Date('2025-03-02T00:00:30Z'), new Date('2025-03-02T00:30:00Z'))).toEqual([]);
    // A tick three hours late evaluates each rule once.
    expect(dueRules(rules, new Date('2025-03-02T00:30:00Z'), new Date('2025-03-02T03:30:00Z'))).toEqual(['hourly']);
  });

  it('names a bad expression and what a good one looks like', () => {
    expect(() => cronOf('every morning')).toThrow(/"every morning" is not a cron expression \(minute hour/);
  });
});
