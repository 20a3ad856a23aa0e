import { describe, expect, it } from 'vitest';
import { ResultCache } from './result-cache.ts';

describe('ResultCache', () => {
  it('evicts the least recently used entries beyond its size', () => {
    const cache = new ResultCache<string>(40);
    cache.set('a', 'A', 10);
    cache.set('b', 'B', 10);
    cache.set('c', 'C', 10);
    expect(cache.get('a')).toBe('A'); // a is now the most recently used
    cache.set('d', 'D', 10);
    cache.set('e', 'E', 10);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe('A');
    expect(cache.size).toEqual({ entries: 4, bytes: 40 });
  });

  it('does not keep a result larger than a quarter of its size', () => {
    const cache = new ResultCache<string>(100);
    cache.set('small', 's', 10);
    cache.set('huge', 'h', 60);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.get('small')).toBe('s');
  });

  it('keys differ when any part differs and agree on equal parts', () => {
    const one = ResultCache.key({ sql: 'x', params: ['0101'], scope: { rowFilters: [] } });
    expect(ResultCache.key({ sql: 'x', params: ['0101'], scope: { rowFilters: [] } })).toBe(one);
    expect(ResultCache.key({ sql: 'x', params: ['0102'], scope: { rowFilters: [] } })).not.toBe(one);
  });

  it('empties on clear and counts hits and misses', () => {
    const cache = new ResultCache<number>();
    cache.set('k', 1, 8);
    expect(cache.get('k')).toBe(1);
    cache.clear();
    expect(cache.get('k')).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });
});
