import { describe, expect, it } from 'vitest';
import { scoreEvidence, selectEvidence, type Evidence } from '../../src/answering/evidence.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { analyze } from '../../src/search/analyzer.js';
import type { QueryTerm } from '../../src/answering/term-weights.js';

const terms = [{ raw: 'members', stems: ['member'], weight: 1 }, { raw: 'asked', stems: ['ask'], weight: 1 }] as QueryTerm[];
const unit = (text: string, position: number, score: number, credits: number[], hit = 0): Evidence =>
  ({ text, hit, position, credits, coverage: score, semantic: 0, score });

describe('selectEvidence: sentences that point back', () => {
  const who = unit('Several Members, including the Bahamas and Belize, had asked the WCO for best practices.', 0, 0.5, [1, 0]);
  const these = unit('These Members also asked for support on expanding AEO benefits.', 1, 0.9, [1, 1]);
  const other = unit('The workshop took place online.', 0, 0.2, [0, 0], 1);

  it('brings the sentence a "These ..." sentence refers to, in reading order', () => {
    const sel = selectEvidence([these, who, other], terms, 1, 750);
    expect(sel.units.map((u) => u.text)).toEqual([who.text, these.text]);
  });

  it('adds nothing to a sentence that stands on its own', () => {
    const alone = unit('Belize asked the WCO for support.', 1, 0.9, [1, 1]);
    expect(selectEvidence([alone, who, other], terms, 1, 750).units.map((u) => u.text)).toEqual([alone.text]);
  });
});

describe('scoreEvidence: a chunk answers what its alternate question asks', () => {
  const embedder = { embed: () => new Float32Array(4), wordRow: () => undefined, wordSimilarity: () => 0 };
  const chunk = (id: string, text: string, questions?: string[]): Chunk => ({
    id, file: `${id}.md`, title: 'SAFE Framework', headings: ['Versions'], text, lineStart: 1, lineEnd: 2,
    language: 'en', jurisdictions: ['INT'], topics: ['concept'], kind: 'page', sources: [], ...(questions ? { questions } : {}),
  });
  const asked = ['2012', 'safe', 'update', 'add'].map((w) => ({ raw: w, stems: analyze(w, 'en'), weight: 1, unknown: false }));
  const overview = chunk('a', 'The SAFE Framework was updated in 2007, 2012 and 2015.');
  const best = (questions?: string[]) => {
    const target = chunk('b', 'The 2012 version of SAFE adds Coordinated Border Management.', questions);
    return scoreEvidence([{ chunk: overview, score: 1 }, { chunk: target, score: 1 }], asked, new Float32Array(4), embedder)[0]?.text;
  };

  it('credits the words its closest alternate question shares with the question', () => {
    expect(best(['what did the 2012 SAFE update add?'])).toMatch(/^The 2012 version/);
  });

  it('gives nothing for an alternate question about something else (the test fails without the credit)', () => {
    expect(best(['who signs the SAFE letter of intent?'])).toMatch(/^The SAFE Framework was updated/);
  });
});
