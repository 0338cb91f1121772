import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CueMatcher, cuePattern, cueText } from '../../src/understanding/cues.js';
import { evalSample } from '../helpers/eval-questions.js';
import { REPO } from '../helpers/paths.js';

/** Every list of strings in a data file: each is a cue list some matcher is built from. */
function cueLists(v: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(v) && v.length && v.every((x) => typeof x === 'string')) out.push(v as string[]);
  else if (Array.isArray(v)) for (const x of v) cueLists(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) cueLists(x, out);
  return out;
}

const words = (cue: string) => cue.split(/\s+/).filter((w) => w !== '…' && w !== '...');

/** evidence() as defined, from each cue's own pattern: non-overlapping matches, most specific first, summed. */
function referenceEvidence(cues: string[], text: string): number | undefined {
  const sorted = [...cues].filter((c) => words(c).length).sort((a, b) => b.length - a.length);
  const found: { start: number; end: number; words: number; chars: number }[] = [];
  for (const cue of sorted) {
    const m = cuePattern(cue).exec(text);
    if (m) found.push({ start: m.index, end: m.index + m[0].length, words: words(cue).length, chars: words(cue).join(' ').length });
  }
  if (!found.length) return undefined;
  found.sort((a, b) => b.words - a.words || b.chars - a.chars);
  const kept: typeof found = [];
  for (const f of found) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.reduce((s, k) => s + k.words, 0) * 1000 + (kept[0]?.chars ?? 0);
}

const ev = (cues: string[], text: string) => new CueMatcher(cues).evidence(cueText(text));

describe('cue matching without patterns (cue-sequence.ts)', () => {
  it('weighs cues as their patterns would, on every cue list of the data, eval questions and knowledge lines', () => {
    const dir = join(REPO, 'data', 'understanding');
    const lists = ['facets.json', 'intents.json', 'polarity.json'].flatMap((f) => cueLists(JSON.parse(readFileSync(join(dir, f), 'utf8'))));
    const pages = readdirSync(join(REPO, 'knowledge'), { recursive: true }).map(String).filter((f) => f.endsWith('.md')).slice(0, 12);
    const lines = pages.flatMap((f) => readFileSync(join(REPO, 'knowledge', f), 'utf8').split('\n')).filter((l) => l.length > 20);
    const texts = [...evalSample(12).map((i) => cueText(i.question)), ...lines.filter((_, i) => i % 8 === 0).map(cueText)];
    let matched = 0;
    for (const cues of lists) {
      const m = new CueMatcher(cues);
      for (const t of texts.filter((x) => m.test(x))) {
        expect(m.evidence(t), `${t} / ${cues.slice(0, 3).join(', ')}`).toBe(referenceEvidence(cues, t));
        matched++;
      }
    }
    expect(matched).toBeGreaterThan(300);
  }, 120_000);

  it.each([
    // a `*` ending takes the rest of the word, and only that
    [['fine*'], 'were we fined twice', 1005],
    [['fine*'], 'refined', undefined],
    [['renew* every'], 'renewals every year', 2012],
    // a word starting with punctuation-joined parts ("c-tpat" begins at the word "c")
    [['c-tpat'], 'is c-tpat free', 1006],
    [['c-tpat'], 'is xc-tpat free', undefined],
    // an elided article before the cue's word, and a cue that starts after it
    [['adoption'], "date d'adoption", 1008],
    [["d'adoption"], "date d'adoption", 1010],
    // letters beyond ASCII bound words too (accents are folded first: "ano" is "año")
    [['aeo'], 'aeoß status', undefined],
    [['ano'], 'en que año', 1003],
    // a gap skips up to five words, as few as will do; a longer cue's words count first
    [['will … sign'], 'will chile and peru sign', 2009],
    [['will … sign'], 'will one two three four five six sign', undefined],
    [['how much', 'cost', 'fee'], 'how much does it cost any fee', 4008],
    [['how much … cost', 'cost'], 'how much does it cost', 3013],
  ] as [string[], string, number | undefined][])('%j in %j -> %j', (cues, text, want) => {
    expect(ev(cues, text)).toBe(want);
    expect(referenceEvidence(cues, cueText(text))).toBe(want);
  });

  it('reads raw text as the patterns do: tabs, repeated spaces, line breaks and characters beyond the BMP', () => {
    for (const [cues, text] of [
      [['how long'], 'how \t long?'], [['how … take'], 'how\nlong does it\u00a0take'], [['tarda*'], '𝒜 tardanza'],
      [['aeo'], '𝒜aeo'], [['aeo'], 'aeo𝒜'], [['will …'], 'will  '], [['will …'], 'will go'],
    ] as [string[], string][]) {
      expect(new CueMatcher(cues).evidence(text), `${cues} / ${JSON.stringify(text)}`).toBe(referenceEvidence(cues, text));
      expect(new CueMatcher(cues).specificity(text) !== undefined).toBe(cuePattern(cues[0]!).test(text));
    }
  });
});
