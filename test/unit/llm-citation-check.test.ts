import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/knowledge/types.js';
import { checkGrounded, citedNumbers, CitationStream, renumber } from '../../src/llm/citation-check.js';

const chunk = (file: string, heading: string, updated?: string): Chunk => ({
  id: `${file}#${heading}`, file, title: file.replace(/\.md$/, ''), headings: [heading], text: `${heading} text.`, lineStart: 1, lineEnd: 2,
  language: 'en', jurisdictions: [], topics: [], kind: 'page', sources: [`https://example.org/${file}`], ...(updated ? { updated } : {}),
});
const passages = [chunk('a.md', 'One', '2025-03-01'), chunk('b.md', 'Two', '2024-01-01'), chunk('c.md', 'Three'), chunk('a.md', 'One')];

describe('checkGrounded', () => {
  it('accepts an answer whose every paragraph cites given passages', () => {
    expect(checkGrounded('Forwarders can apply [2]. Decisions take 120 days [1][3].', 3)).toBeUndefined();
    expect(checkGrounded('The criteria are:\n- compliance record [1]\n- solvency [2, 3]', 3)).toBeUndefined();
  });

  it.each([
    ['', 'empty'],
    ['   \n ', 'empty'],
    ["I don't know.", 'model_declined'],
    ['No lo sé.', 'model_declined'],
    ['Je ne sais pas.', 'model_declined'],
    ['Forwarders can apply to the programme in Peru.', 'no_citation'],
    ['Forwarders can apply [2]. Decisions take 120 days [7].', 'unknown_citation'],
    ['Forwarders can apply [0].', 'unknown_citation'],
    ['Forwarders can apply [1-9].', 'unknown_citation'],
    ['Forwarders can apply [2].\n\nAlso, the programme gives free lunches to every certified operator.', 'uncited_claim'],
    ['The criteria are:\n- compliance record [1]\n- solvency and a proper financial standing of the company', 'uncited_claim'],
  ])('refuses %j: %s', (text, reason) => {
    expect(checkGrounded(text, 3)).toBe(reason);
  });

  it('reads grouped and ranged markers', () => {
    expect(citedNumbers('a [1] b [2, 3] c [1; 4] d [2-4]')).toEqual([1, 2, 3, 1, 4, 2, 3, 4]);
  });
});

describe('renumber', () => {
  it('numbers citations in order of first use, one number per section, with the oldest date as of', () => {
    const r = renumber('B first [2]. Then A [1][4]. And B again [2, 3].', passages);
    expect(r.text).toBe('B first [1]. Then A [2]. And B again [1][3].');
    expect(r.citations.list().map((c) => [c.n, c.source, c.section])).toEqual([[1, 'b.md', 'Two'], [2, 'a.md', 'One'], [3, 'c.md', 'Three']]);
    expect(r.cited.map((c) => c.file)).toEqual(['b.md', 'a.md', 'a.md', 'c.md']);
    expect(r.citations.asOf()).toBe('2024-01-01');
  });

  it('leaves numbers of no given passage as they are', () => {
    expect(renumber('x [9] y [3]', passages).text).toBe('x [9] y [1]');
  });
});

describe('CitationStream', () => {
  it('streams the renumbered text, holding a marker back until it closes', () => {
    const out: string[] = [];
    const s = new CitationStream(passages, (d) => out.push(d));
    for (const piece of ['B first [', '2', ']. Then A [1', ', 3', ']. Done.']) s.push(piece);
    s.flush();
    expect(out).toEqual(['B first ', '[1]. Then A ', '[2][3]. ', 'Done.']);
    expect(out.join('')).toBe(renumber('B first [2]. Then A [1, 3]. Done.', passages).text);
  });

  it('releases a bracket that is not a marker', () => {
    const out: string[] = [];
    const s = new CitationStream(passages, (d) => out.push(d));
    s.push('see [the annex');
    s.push(' of the regulation for details');
    s.flush();
    expect(out.join('')).toBe('see [the annex of the regulation for details');
  });

  it('holds the last word back, and stops for good at a link, address or claim the final check refuses', () => {
    const chunk = { ...passages[0]!, text: 'Write to oea@sunat.gob.pe or see https://www.sunat.gob.pe/oea.', sources: [] };
    const run = (pieces: string[]) => {
      const out: string[] = [];
      const s = new CitationStream([chunk], (d) => out.push(d));
      for (const p of pieces) s.push(p);
      return out.join('');
    };
    expect(run(['Write to oea@sun', 'at.gob.pe [1]', ' or see https://www.sunat.gob.pe/oea', ' [1].'])).toBe(
      'Write to oea@sunat.gob.pe [1] or see https://www.sunat.gob.pe/oea ');
    expect(run(['Pay the fee at https://pay.ev', 'il.example', ' now [1]. More text follows here.'])).toBe('Pay the fee at ');
    expect(run(['Apply on [the ', 'portal](https://www.sunat.gob.pe/oea) [1]. And more.'])).toBe('Apply on ');
    expect(run(['Good news: your company is now certified as an AEO [1]. And more.'])).toBe('');
    expect(run(['Write to ', 'help@evil.example ', 'or to oea@sunat.gob.pe [1].'])).toBe('Write to ');
  });
});
