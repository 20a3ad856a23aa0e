import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration.ts';

describe('formatDuration', () => {
  it('writes milliseconds below a second, tenths of a second below a minute', () => {
    expect(formatDuration(0, 'en')).toBe('0 ms');
    expect(formatDuration(766, 'zh-CN')).toBe('766毫秒');
    expect(formatDuration(999.6, 'en')).toBe('1 sec');
    expect(formatDuration(4249, 'en')).toBe('4.2 sec');
    expect(formatDuration(4250, 'zh-CN')).toBe('4.3秒');
  });

  it('uses minutes and seconds, then hours and minutes, without a zero part', () => {
    expect(formatDuration(59_949, 'en')).toBe('59.9 sec');
    expect(formatDuration(59_950, 'en')).toBe('1 min');
    expect(formatDuration(125_000, 'zh-CN')).toBe('2分钟 5秒');
    expect(formatDuration(3_599_400, 'en')).toBe('59 min 59 sec');
    expect(formatDuration(3_780_000, 'en')).toBe('1 hr 3 min');
    expect(formatDuration(7_200_000, 'zh-CN')).toBe('2小时');
  });

  it('refuses values that are not durations', () => {
    expect(() => formatDuration(-1, 'en')).toThrow(RangeError);
    expect(() => formatDuration(Number.NaN, 'en')).toThrow(RangeError);
  });
});
