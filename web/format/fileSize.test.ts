import { describe, expect, it } from 'vitest';
import { formatFileSize } from './fileSize.ts';

describe('formatFileSize', () => {
  it('writes whole bytes below one kilobyte', () => {
    expect(formatFileSize(0, 'en')).toBe('0 bytes');
    expect(formatFileSize(1, 'en')).toBe('1 byte');
    expect(formatFileSize(999, 'en')).toBe('999 bytes');
    expect(formatFileSize(512, 'zh-CN')).toBe('512字节');
  });

  it('uses SI kilobytes and megabytes with exactly one decimal', () => {
    expect(formatFileSize(1000, 'en')).toBe('1.0 kB');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(123_456, 'zh-CN')).toBe('123.5 kB');
    expect(formatFileSize(12_345_678, 'en')).toBe('12.3 MB');
    expect(formatFileSize(2_500_000_000, 'en')).toBe('2.5 GB');
  });

  it('moves to the next unit when rounding would print 1000', () => {
    expect(formatFileSize(999_940, 'en')).toBe('999.9 kB');
    expect(formatFileSize(999_960, 'en')).toBe('1.0 MB');
  });

  it('follows the language for digits', () => {
    // German groups with "." and writes decimals with ",": proves Intl does the formatting.
    expect(formatFileSize(1_234_567_890_123_456, 'de')).toBe('1.234,6 TB');
  });

  it('refuses values that are not sizes', () => {
    expect(() => formatFileSize(-1, 'en')).toThrow(RangeError);
    expect(() => formatFileSize(Number.NaN, 'en')).toThrow(RangeError);
  });
});
