import { describe, expect, it } from 'vitest';
import { ChunkCache } from '../../src/search/postgres/chunk-cache.js';

const doc = (id: string) => JSON.stringify({ id, text: `text of ${id}` });

describe('ChunkCache', () => {
  it('parses a row once, returns the same object after, and keeps at most its capacity (least recently used out)', () => {
    const cache = new ChunkCache(2);
    const a = cache.get('1', doc('a'));
    expect(a.text).toBe('text of a');
    expect(cache.get('1', '{"never":"parsed"}')).toBe(a);
    cache.get('2', doc('b'));
    cache.get('1', doc('a'));
    cache.get('3', doc('c'));
    expect(cache.size).toBe(2);
    // 2 was the least recently used: it is parsed again from its row; 1 is still the cached object.
    expect(cache.get('2', doc('b2')).text).toBe('text of b2');
    expect(cache.get('3', doc('x')).text).toBe('text of c');
  });
});
