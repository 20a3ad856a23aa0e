import { describe, expect, it } from 'vitest';
import { formatCount } from './count.ts';

describe('formatCount', () => {
  it('groups thousands in both app languages', () => {
    expect(formatCount(0, 'zh-CN')).toBe('0');
    expect(formatCount(999, 'en')).toBe('999');
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount(1_234_567, 'zh-CN')).toBe('1,234,567');
  });

  it('never shows decimals for a count', () => {
    expect(formatCount(1234.6, 'en')).toBe('1,235');
  });
});
