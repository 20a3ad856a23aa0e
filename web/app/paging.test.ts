import { describe, expect, it } from 'vitest';
import { formatCount } from '../format/count.ts';
import { createI18n } from '../i18n/createI18n.ts';
import { pageRange, defaultPageSize } from './paging.ts';

describe('pageRange', () => {
  it('pages by 100 rows', () => {
    expect(defaultPageSize).toBe(100);
  });

  it('has nowhere to go when everything fits on one page', () => {
    expect(pageRange(0, 12, 12)).toEqual({ first: 1, last: 12, total: 12, previousOffset: null, nextOffset: null });
    expect(pageRange(0, 100, 100)).toEqual({ first: 1, last: 100, total: 100, previousOffset: null, nextOffset: null });
  });

  it('moves a page at a time between the first and the last', () => {
    expect(pageRange(0, 100, 250)).toEqual({ first: 1, last: 100, total: 250, previousOffset: null, nextOffset: 100 });
    expect(pageRange(100, 100, 250)).toEqual({ first: 101, last: 200, total: 250, previousOffset: 0, nextOffset: 200 });
    expect(pageRange(200, 50, 250)).toEqual({ first: 201, last: 250, total: 250, previousOffset: 100, nextOffset: null });
  });

  it('says "0" rather than "1–0" when there is nothing', () => {
    expect(pageRange(0, 0, 0)).toEqual({ first: 0, last: 0, total: 0, previousOffset: null, nextOffset: null });
  });

  it('finds its way back from an offset that is not a page boundary', () => {
    expect(pageRange(30, 100, 250).previousOffset).toBe(0);
  });
});

describe('the page range as shown', () => {
  const shown = (language: 'zh-CN' | 'en', offset: number, rowsOnPage: number, total: number) => {
    const range = pageRange(offset, rowsOnPage, total);
    return createI18n(language).t('pager.range', {
      first: formatCount(range.first, language),
      last: formatCount(range.last, language),
      total: formatCount(range.total, language),
    });
  };

  it('reads "第 x–y 条，共 n 条" in Chinese and "Rows x–y of n" in English', () => {
    expect(shown('zh-CN', 0, 12, 12)).toBe('第 1–12 条，共 12 条');
    expect(shown('zh-CN', 1000, 100, 12_345)).toBe('第 1,001–1,100 条，共 12,345 条');
    expect(shown('en', 100, 20, 120)).toBe('Rows 101–120 of 120');
  });
});
