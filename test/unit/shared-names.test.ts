import { describe, expect, it } from 'vitest';
import { settleSharedName, type JurisdictionHit } from '../../src/understanding/shared-names.js';

const DATA = { margin: 1.5, depth: 60 };
/** Hits as the index would give them, recording the text it was asked with. */
const index = (hits: JurisdictionHit[]) => {
  const asked: string[] = [];
  return { asked, hits: (text: string) => { asked.push(text); return hits; } };
};

describe('settleSharedName', () => {
  it('takes the candidate whose pages match the rest of the question clearly best, without the shared name', () => {
    const i = index([{ jurisdiction: 'MX', score: 9 }, { jurisdiction: 'GT', score: 4 }, { jurisdiction: 'PE', score: 3 }]);
    expect(settleSharedName('SAT Ley Aduanera artículo', 'SAT', ['GT', 'MX'], i.hits, DATA)).toBe('MX');
    expect(i.asked).toEqual(['Ley Aduanera artículo']);
  });

  it('settles nothing when another jurisdiction matches about as well, or a non-candidate matches best', () => {
    const close = index([{ jurisdiction: 'MX', score: 5 }, { jurisdiction: 'PE', score: 4.5 }]);
    expect(settleSharedName('SAT OEA beneficios', 'SAT', ['GT', 'MX'], close.hits, DATA)).toBeUndefined();
    const other = index([{ jurisdiction: 'PE', score: 9 }, { jurisdiction: 'MX', score: 2 }]);
    expect(settleSharedName('SAT OEA Perú', 'SAT', ['GT', 'MX'], other.hits, DATA)).toBeUndefined();
  });

  it('settles nothing when the question is only the shared name', () => {
    expect(settleSharedName('SAT', 'SAT', ['GT', 'MX'], index([{ jurisdiction: 'MX', score: 1 }]).hits, DATA)).toBeUndefined();
  });
});
