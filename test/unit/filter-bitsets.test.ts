import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/knowledge/types.js';
import { FilterBitsets } from '../../src/search/filter-bitsets.js';
import { matchesFilters } from '../../src/search/types.js';

const chunk = (i: number): Chunk => ({
  id: `c${i}`, file: `f${i % 7}.md`, title: 't', headings: [], text: 'x', lineStart: 1, lineEnd: 1,
  language: ['en', 'es', 'fr'][i % 3]!, jurisdictions: [['EU'], ['PE'], ['PE', 'CO'], [], ['INT']][i % 5]!,
  topics: [['mra'], ['criteria', 'benefits'], []][i % 3]!, kind: 'page', sources: [],
});

describe('FilterBitsets', () => {
  const chunks = Array.from({ length: 101 }, (_, i) => chunk(i));
  const sets = new FilterBitsets(chunks);
  const filters = [
    undefined, {}, { languages: [] }, { languages: ['en'] }, { languages: ['es', 'en'] }, { jurisdictions: ['PE'] },
    { jurisdictions: ['CO', 'EU'], topics: ['benefits'] }, { topics: ['mra'], languages: ['fr'] }, { jurisdictions: ['XX'] },
  ];

  it('accepts exactly the chunks matchesFilters accepts', () => {
    for (const f of filters) {
      const bits = sets.forFilters(f);
      for (const [i, c] of chunks.entries()) expect(bits ? bits.has(i) : true, JSON.stringify(f)).toBe(matchesFilters(c, f));
    }
  });

  it("selects one country's own pages within the filters", () => {
    const within = sets.forFilters({ languages: ['es'] });
    const own = sets.soleJurisdiction('PE', within);
    for (const [i, c] of chunks.entries()) expect(own.has(i)).toBe(c.jurisdictions.length === 1 && c.jurisdictions[0] === 'PE' && c.language === 'es');
    expect(sets.soleJurisdiction('JP').has(0)).toBe(false);
  });
});
