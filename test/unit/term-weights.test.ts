import { describe, expect, it } from 'vitest';
import { TermWeights } from '../../src/answering/term-weights.js';

const df = new Map([['aeo', 3], ['benefit', 2], ['peru', 1]]);

describe('TermWeights.queryTerms', () => {
  it('weighs rare corpus words more and marks words the corpus lacks', () => {
    const w = new TermWeights(df, 10);
    const terms = w.queryTerms('AEO benefits in Peru and Wakanda', 'en');
    const weight = (raw: string) => terms.find((t) => t.raw === raw)?.weight ?? 0;
    expect(weight('peru')).toBeGreaterThan(weight('aeo'));
    expect(terms.find((t) => t.raw === 'wakanda')?.unknown).toBe(true);
  });

  it('gives every stage asking about the same question the same terms, which none of them can change', () => {
    const w = new TermWeights(df, 10);
    const first = w.queryTerms('AEO benefits in Peru', 'en');
    expect(w.queryTerms('AEO benefits in Peru', 'en')).toBe(first);
    expect(w.queryTerms('AEO benefits in Peru', 'es')).not.toBe(first);
    expect(() => (first as unknown[]).push({})).toThrow();
  });

  it('says which share of the words (figures aside) the corpus uses', () => {
    const w = new TermWeights(df, 10);
    expect(w.knownShare('AEO benefits 2022 Wakanda', 'en')).toBeCloseTo(2 / 3);
    expect(w.knownShare('2022', 'en')).toBeUndefined();
  });
});
