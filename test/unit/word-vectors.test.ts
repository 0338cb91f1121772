import { describe, expect, it } from 'vitest';
import { WordVectors } from '../../src/embeddings/word-vectors.js';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';

const words = ['the', 'customs', 'trader', 'aduana'];
const rows = [[1, 0, 0], [0, 1, 0.1], [0, 0.9, 0.2], [0, 1, 0]];

describe('WordVectors', () => {
  it('round-trips through the binary cache format', () => {
    const wv = WordVectors.deserialize(WordVectors.fromFloatRows(words, rows, 3).serialize());
    expect(wv.size).toBe(4);
    expect(wv.rank('customs')).toBe(1);
    expect(wv.rank('aduana')).toBe(3);
    expect(wv.rank('missing')).toBeUndefined();
    expect(wv.cosine(1, 3)).toBeGreaterThan(0.98);
    expect(wv.cosine(0, 1)).toBeLessThan(0.05);
  });

  it('rejects a truncated cache file', () => {
    const buf = WordVectors.fromFloatRows(words, rows, 3).serialize();
    expect(() => WordVectors.deserialize(buf.subarray(0, buf.length - 3))).toThrow(/truncated/);
    expect(() => WordVectors.deserialize(Buffer.from('garbage garbage garbage'))).toThrow(/not a word-vector/);
  });
});

describe('SifEmbeddings', () => {
  const emb = new SifEmbeddings(WordVectors.fromFloatRows(words, rows, 3));
  it('gives unit vectors, and a zero vector when no word is known', async () => {
    const [v] = await emb.embedDocuments(['customs trader']);
    expect(Math.hypot(...(v ?? []))).toBeCloseTo(1, 5);
    expect(await emb.embedQuery('zzz qqq')).toEqual([0, 0, 0]);
  });
  it('weights frequent words down', async () => {
    const v = await emb.embedQuery('the customs');
    expect(v[1]).toBeGreaterThan(v[0] ?? 1);
  });
});
