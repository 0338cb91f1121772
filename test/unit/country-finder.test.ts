import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/answering/text.js';
import { ingestFile } from '../../src/knowledge/ingest.js';
import { scanKnowledge } from '../../src/knowledge/scan.js';
import { CountryResolver } from '../../src/mra/country-resolver.js';
import { evalSample } from '../helpers/eval-questions.js';
import { REPO } from '../helpers/paths.js';

const resolver = new CountryResolver();
let texts: string[];

/** Phrases built from the resolver's own names, articles, codes and punctuation: the finder's edge cases. */
function tricky(): string[] {
  const names = resolver.entries().map((e) => e.name);
  const pieces = ['the', 'The', 'l’', "l'", 'la', 'Les', 'el', 'US', 'U.S.', 'EU', 'UE', 'CAN', 'PER', 'MEX', 'IN', 'de', "Canada's",
    'C-TPAT', 'Hong Kong, China', 'Korea, Republic of', 'AEO', 'MRA', '¿', '?', ',', '½', 'ﬁ', 'Côte d’Ivoire', 'São Tomé'];
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < 4000; i++) {
    const parts = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => (rand() < 0.5 ? pick(names) : pick(pieces)));
    const s = parts.join(rand() < 0.8 ? ' ' : ', ');
    out.push(rand() < 0.3 ? s.toUpperCase() : rand() < 0.5 ? s.replace(/\b\w/g, (c) => c.toUpperCase()) : s);
  }
  return out;
}

beforeAll(async () => {
  const files = await scanKnowledge(join(REPO, 'knowledge'));
  const chunks = (await Promise.all(files.map(async (f) => (await ingestFile(f)).chunks))).flat();
  texts = [...evalSample(1).map((q) => q.question), ...chunks.flatMap((c) => [c.title, ...c.headings, ...splitSentences(c.text)]), ...tricky()];
}, 60_000);

describe('CountryResolver.find (linear) against findByPhrases (the previous find)', () => {
  it('finds the same mentions in questions, every knowledge sentence and generated edge cases', () => {
    expect(texts.length).toBeGreaterThan(10_000);
    let found = 0;
    for (const t of texts) {
      const want = resolver.findByPhrases(t);
      found += want.length;
      expect(resolver.find(t), t).toEqual(want);
    }
    expect(found).toBeGreaterThan(2000);
  });

  it('still reads articles, possessives, dotted codes and programme names', () => {
    const codes = (t: string) => resolver.find(t).map((m) => `${m.code}:${m.text}`);
    expect(codes("Does the EU's MRA with l'Union européenne cover the U.S.?")).toEqual(['EU:the EU', 'EU:l\'Union européenne', 'US:the U.S.']);
    expect(codes('How do I join C-TPAT in the United States of America?')).toEqual(['US:C-TPAT', 'US:the United States of America']);
  });
});
