import { describe, expect, it } from 'vitest';
import { formatDay } from './day.ts';

describe('formatDay', () => {
  it('writes a day the language way', () => {
    expect(formatDay('2025-12-31', 'zh-CN')).toBe('2025年12月31日');
    expect(formatDay('2025-01-01', 'en')).toBe('Jan 1, 2025');
  });

  it('keeps the same day whatever the time zone of the viewer', () => {
    // 2025-01-01 00:00 UTC is still 2024-12-31 in Los Angeles; a local-time formatter would slip.
    const previous = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(new Date(Date.UTC(2025, 0, 1)).getDate()).toBe(31); // the time zone took effect
      expect(formatDay('2025-01-01', 'en')).toBe('Jan 1, 2025');
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });

  it('leaves text that is not YYYY-MM-DD unchanged', () => {
    expect(formatDay('2025-13', 'en')).toBe('2025-13');
  });
});
