import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WordVectors, winkWordsByRank } from '../../src/embeddings/word-vectors.js';
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

  it('uses only the first `dims` numbers of a row (wink appends the norm and the rank)', () => {
    // Shaped like wink rows: 3 dimensions, then the stored L2 norm, then the frequency rank.
    const winkRows = [[1, 0, 0, 1, 0], [0, 1, 0.1, 1.005, 5000], [0, 0.9, 0.2, 0.922, 120000], [0, 1, 0, 1, 340000]];
    const wv = WordVectors.fromFloatRows(words, winkRows, 3);
    const plain = WordVectors.fromFloatRows(words, rows, 3);
    for (let r = 0; r < words.length; r++) {
      const v = new Float32Array(3);
      wv.addInto(v, r, 1);
      expect(Math.hypot(...v)).toBeGreaterThan(0.99); // not swamped into zeros by the rank
      expect(wv.cosine(r, r)).toBeCloseTo(1, 2);
      for (let q = 0; q < words.length; q++) expect(wv.cosine(r, q)).toBeCloseTo(plain.cosine(r, q), 5);
    }
  });

  it('orders wink words by their stored rank number', () => {
    const raw = { dimensions: 2, wordIndex: 3, l2NormIndex: 2, words: ['b', 'a', 'c'], vectors: { a: [1, 0, 1, 0], b: [0, 1, 1, 1], c: [1, 1, 1.41, 2] } };
    expect(winkWordsByRank(raw)).toEqual(['a', 'b', 'c']);
    const inOrder = { ...raw, words: ['a', 'b', 'c'] };
    expect(winkWordsByRank(inOrder)).toBe(inOrder.words);
  });

  it('read from the cache file, gives the same words, rows and cosines as in memory, and keeps no row buffer', () => {
    const buf = WordVectors.fromFloatRows(words, rows, 3).serialize();
    const file = join(tmpdir(), `wv-${process.pid}.bin`);
    writeFileSync(file, buf);
    const fromFile = WordVectors.openFile(file);
    const inMemory = WordVectors.deserialize(buf);
    expect(fromFile.shared()).toBeUndefined();
    expect(() => fromFile.serialize()).toThrow(/serialised already/);
    for (let r = 0; r < words.length; r++) {
      expect(fromFile.rank(words[r] ?? '')).toBe(r);
      const [a, b] = [new Float32Array(3), new Float32Array(3)];
      fromFile.addInto(a, r, 0.7);
      inMemory.addInto(b, r, 0.7);
      expect(a).toEqual(b);
      for (let q = 0; q < words.length; q++) expect(fromFile.cosine(r, q)).toBe(inMemory.cosine(r, q));
    }
    writeFileSync(file, buf.subarray(0, buf.length - 3));
    expect(() => WordVectors.openFile(file)).toThrow(/truncated/);
    writeFileSync(file, 'garbage garbage garbage');
    expect(() => WordVectors.openFile(file)).toThrow(/not a word-vector/);
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
