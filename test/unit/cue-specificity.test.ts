import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CueMatcher, cueText } from '../../src/understanding/cues.js';
import { evalSample } from '../helpers/eval-questions.js';
import { REPO } from '../helpers/paths.js';

/** Every list of strings in a data file: each is a cue list some matcher is built from. */
function cueLists(v: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) out.push(v as string[]);
  else if (Array.isArray(v)) for (const x of v) cueLists(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) cueLists(x, out);
  return out;
}

/** The specificity as defined: the best (own words, then length) of the cues that match, each tested alone. */
function reference(cues: string[], singles: CueMatcher[], text: string): number | undefined {
  let best: number | undefined;
  for (const [i, cue] of cues.entries()) {
    if (!singles[i]!.test(text)) continue;
    const literal = cue.split(/\s+/).filter((w) => w !== '…' && w !== '...');
    best = Math.max(best ?? -1, literal.length * 1000 + literal.join(' ').length);
  }
  return best;
}

describe('CueMatcher.specificity', () => {
  it('equals the best of its cues tested one by one, on every cue list of the data and the eval questions', () => {
    const lists = ['facets.json', 'intents.json'].flatMap((f) => cueLists(JSON.parse(readFileSync(join(REPO, 'data', 'understanding', f), 'utf8'))));
    const texts = evalSample(6).map((i) => cueText(i.question));
    let matched = 0;
    for (const cues of lists) {
      const m = new CueMatcher(cues);
      const candidates = texts.filter((t) => m.test(t));
      const singles = cues.map((c) => new CueMatcher([c]));
      for (const t of candidates) {
        expect(m.specificity(t), `${t} / ${cues.slice(0, 3).join(', ')}`).toBe(reference(cues, singles, t));
        matched++;
      }
    }
    expect(lists.length).toBeGreaterThan(20);
    expect(matched).toBeGreaterThan(500);
  }, 120_000);

  it('finds a cue whose words are split by punctuation, a gap or a wildcard ending', () => {
    const m = new CueMatcher(['u.s. customs', 'who … certif*', 'in charge']);
    expect(m.specificity(cueText('Is U.S. customs open?'))).toBe(2 * 1000 + 'u.s. customs'.length);
    expect(m.specificity(cueText('Who in Peru certifies traders?'))).toBe(2 * 1000 + 'who certif*'.length);
    expect(m.specificity(cueText('Who is in charge?'))).toBe(2 * 1000 + 'in charge'.length);
    expect(m.specificity(cueText('Nothing here'))).toBeUndefined();
  });
});
