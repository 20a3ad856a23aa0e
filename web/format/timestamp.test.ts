import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseServerTimestamp } from './timestamp.ts';

describe('parseServerTimestamp', () => {
  it('takes ISO 8601 with an offset as written', () => {
    expect(parseServerTimestamp('2025-12-31T08:00:00.123Z')?.toISOString()).toBe('2025-12-31T08:00:00.123Z');
    expect(parseServerTimestamp('2025-12-31T16:00:00+08:00')?.toISOString()).toBe('2025-12-31T08:00:00.000Z');
  });

  it('reads a timestamp without offset (DuckDB TIMESTAMP text) as UTC, microseconds cut to milliseconds', () => {
    expect(parseServerTimestamp('2025-12-31 08:00:00')?.toISOString()).toBe('2025-12-31T08:00:00.000Z');
    expect(parseServerTimestamp('2025-12-31 08:00:00.677494')?.toISOString()).toBe('2025-12-31T08:00:00.677Z');
    expect(parseServerTimestamp('2025-12-31T08:00:00.5')?.toISOString()).toBe('2025-12-31T08:00:00.500Z');
  });

  it('refuses what is not a timestamp', () => {
    expect(parseServerTimestamp('')).toBeNull();
    expect(parseServerTimestamp('yesterday')).toBeNull();
    expect(parseServerTimestamp('2025-02-30 08:00:00')).toBeNull();
    expect(parseServerTimestamp('2025-13-01 08:00:00')).toBeNull();
  });
});

describe('formatTimestamp', () => {
  it('writes the instant in the given zone, the language’s way', () => {
    expect(formatTimestamp('2025-12-31 08:00:00', 'zh-CN', 'Asia/Shanghai')).toBe('2025年12月31日 16:00:00');
    expect(formatTimestamp('2025-12-31T08:00:00Z', 'en', 'UTC')).toBe('Dec 31, 2025, 8:00:00 AM');
  });

  it('moves to the next day where the viewer already is', () => {
    expect(formatTimestamp('2025-12-31 20:30:00', 'zh-CN', 'Asia/Shanghai')).toBe('2026年1月1日 04:30:00');
  });

  it('shows anything else unchanged rather than "Invalid Date"', () => {
    expect(formatTimestamp('unknown', 'en')).toBe('unknown');
  });
});
