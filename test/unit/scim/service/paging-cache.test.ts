import { describe, expect, it } from 'vitest';
import { PagingCache } from '../../../../shared/scim/service/paging-cache';

describe('PagingCache', () => {
  it('keeps what was put under the generation read before computing it', () => {
    const cache = new PagingCache();
    cache.put('d', 'k', cache.generation('d'), { total: 3 });
    expect(cache.get('d', 'k')).toEqual({ total: 3 });
    expect(cache.get('other', 'k')).toBeUndefined();
  });

  it('drops everything of a directory that was written, and refuses values computed before the write', () => {
    const cache = new PagingCache();
    const before = cache.generation('d');
    cache.put('d', 'k', before, 1);
    cache.put('e', 'k', cache.generation('e'), 2);
    cache.invalidate('d');
    expect(cache.get('d', 'k')).toBeUndefined();
    expect(cache.get('e', 'k')).toBe(2);
    cache.put('d', 'k', before, 3);
    expect(cache.get('d', 'k')).toBeUndefined();
  });

  it('expires entries after the time to live', () => {
    let now = 0;
    const cache = new PagingCache(1000, 100, () => now);
    cache.put('d', 'k', 0, 'v');
    now = 999;
    expect(cache.get('d', 'k')).toBe('v');
    now = 1000;
    expect(cache.get('d', 'k')).toBeUndefined();
  });

  it('evicts the least recently used entries past its weight', () => {
    const cache = new PagingCache(60_000, 10);
    cache.put('d', 'a', 0, 'a', 4);
    cache.put('d', 'b', 0, 'b', 4);
    expect(cache.get('d', 'a')).toBe('a');
    cache.put('d', 'c', 0, 'c', 4);
    expect(cache.get('d', 'b')).toBeUndefined();
    expect(cache.get('d', 'a')).toBe('a');
    expect(cache.get('d', 'c')).toBe('c');
    cache.put('d', 'huge', 0, 'x', 11);
    expect(cache.get('d', 'huge')).toBeUndefined();
  });
});
