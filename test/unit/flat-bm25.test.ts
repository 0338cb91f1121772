import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/knowledge/ingest.js';
import { scanKnowledge } from '../../src/knowledge/scan.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { Bitset } from '../../src/search/bitset.js';
import { DEFAULT_BM25_WEIGHTS, type Bm25Index } from '../../src/search/bm25-index.js';
import { FlatBm25Index } from '../../src/search/flat-bm25.js';
import { MiniSearchBm25Index } from '../../src/search/minisearch-bm25.js';
import { evalSample } from '../helpers/eval-questions.js';
import { REPO } from '../helpers/paths.js';

let real: Chunk[];
let questions: string[];

/** A seeded generator, so the synthetic corpus is the same in every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Chunks of words drawn (skewed towards common ones) from the real chunks, in three languages, some with questions. */
function synthetic(base: Chunk[], n: number): Chunk[] {
  const rand = rng(5);
  const words = [...new Set(base.flatMap((c) => c.text.split(/\s+/)).filter((w) => /^\p{L}{2,}$/u.test(w)))];
  const word = () => words[Math.floor(words.length * rand() ** 3)]!;
  const sentence = (len: number) => Array.from({ length: len }, word).join(' ');
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length]!;
    return {
      ...b, id: `s${i}`, language: ['en', 'es', 'fr'][i % 3]!, title: sentence(1 + Math.floor(rand() * 4)),
      headings: rand() < 0.2 ? [] : [sentence(2)], text: sentence(Math.floor(rand() * 120)),
      ...(rand() < 0.3 ? { questions: [sentence(5), sentence(7)] } : { questions: undefined }),
    };
  });
}

beforeAll(async () => {
  const files = await scanKnowledge(join(REPO, 'knowledge'));
  real = (await Promise.all(files.map(async (f) => (await ingestFile(f)).chunks))).flat();
  questions = evalSample(1).map((q) => q.question);
}, 60_000);

/** Every ranked hit (not only the top few), so order and scores are compared over the whole match list. */
const all = (ix: Bm25Index, q: string, lang = 'en', accept?: Parameters<Bm25Index['query']>[3], expansion?: string[]) => ix.query(q, lang, 1e6, accept, expansion);

describe('FlatBm25Index against MiniSearch (the previous index)', () => {
  it('returns the same ids, order and scores on the real knowledge for every eval question', () => {
    const flat = FlatBm25Index.build(real);
    const mini = MiniSearchBm25Index.build(real);
    expect(flat.documentCount()).toBe(mini.documentCount());
    expect(questions.length).toBeGreaterThan(500);
    let nonEmpty = 0;
    for (const q of questions) {
      const want = all(mini, q);
      nonEmpty += want.length ? 1 : 0;
      expect(all(flat, q), q).toEqual(want);
    }
    expect(nonEmpty).toBeGreaterThan(questions.length * 0.9);
  });

  it('matches with expansion words, other languages, filters (bitset and predicate), weights and small k', () => {
    const flat = FlatBm25Index.build(real);
    const mini = MiniSearchBm25Index.build(real);
    const english = Bitset.fromPredicate(real.length, (i) => real[i]!.language === 'en');
    const peru = (i: number) => real[i]!.jurisdictions.includes('PE');
    const weights = { boost: { head: 0, body: 0.7, questions: 2.5 }, expansionWeight: 0.5 };
    // Every other question: four query forms on two indexes each, and the bank keeps growing.
    for (const [n, q] of questions.filter((_, i) => i % 2 === 0).entries()) {
      const expansion = ['authorised economic operator', 'customs'].slice(0, n % 3);
      const lang = ['en', 'es', 'fr'][n % 3]!;
      expect(all(flat, q, lang, english, expansion), q).toEqual(all(mini, q, lang, english, expansion));
      expect(all(flat, q, lang, peru), q).toEqual(all(mini, q, lang, peru));
      expect(all(flat.withWeights(weights), q, lang), q).toEqual(all(mini.withWeights(weights), q, lang));
      expect(flat.query(q, lang, 3), q).toEqual(mini.query(q, lang, 3));
    }
  });

  it('matches on a synthetic corpus of 3,000 chunks with heavy term overlap and ties', () => {
    const chunks = synthetic(real, 3000);
    const flat = FlatBm25Index.build(chunks);
    const mini = MiniSearchBm25Index.build(chunks);
    const qs = [...questions.slice(0, 150), ...chunks.slice(0, 100).map((c) => c.text.split(' ').slice(0, 6).join(' '))];
    for (const q of qs) {
      expect(all(flat, q), q).toEqual(all(mini, q));
      expect(flat.query(q, 'en', 10), q).toEqual(mini.query(q, 'en', 10));
    }
  });

  it('loads from its artifact form to an index that answers the same', () => {
    const flat = FlatBm25Index.build(real);
    const { json, bin } = flat.serialize();
    // An odd offset inside a larger buffer, as a pooled Buffer may have.
    const padded = Buffer.alloc(bin.length + 1);
    bin.copy(padded, 1);
    const loaded = FlatBm25Index.load(json, padded.subarray(1), DEFAULT_BM25_WEIGHTS);
    for (const q of questions.slice(0, 100)) expect(all(loaded, q)).toEqual(all(flat, q));
    expect(() => FlatBm25Index.load(json, bin.subarray(0, bin.length - 4))).toThrow(/shorter|longer/);
  });

  it('returns nothing for a question with no indexed term', () => {
    const flat = FlatBm25Index.build(real);
    expect(flat.query('zzqx wwvq', 'en', 10)).toEqual([]);
    expect(flat.query('', 'en', 10)).toEqual([]);
  });
});
