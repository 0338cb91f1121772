import { describe, expect, it } from 'vitest';
import { selectEvidence, type Evidence } from '../../src/answering/evidence.js';
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
