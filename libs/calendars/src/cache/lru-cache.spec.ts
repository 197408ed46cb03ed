import { describe, expect, it } from '@jest/globals';
import { LruCache } from './lru-cache.js';

describe(LruCache.name, () => {
  it('evicts the least recently used entry past its count or size', () => {
    const sut = new LruCache<string>(3, 10);
    sut.set('a', 'A', 4);
    sut.set('b', 'B', 4);
    expect(sut.get('a')).toBe('A');
    sut.set('c', 'C', 4); // 12 > 10: b is the oldest now
    expect(sut.get('b')).toBeUndefined();
    expect([sut.get('a'), sut.get('c')]).toEqual(['A', 'C']);
    expect(sut.totalSize).toBe(8);
    sut.set('d', 'D', 1);
    sut.set('e', 'E', 1); // four entries > 3: a goes
    expect(sut.get('a')).toBeUndefined();
    expect(sut.size).toBe(3);
    sut.set('huge', 'H', 11);
    expect(sut.get('huge')).toBeUndefined();
  });
});
