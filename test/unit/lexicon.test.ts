import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lexicon } from '../../src/i18n/lexicon.js';
import { REPO } from '../helpers/paths.js';

const lexicon = Lexicon.load(join(REPO, 'prompts', 'lexicon.json'));

describe('Lexicon', () => {
  it('finds same-language synonyms through their shared English translation', () => {
    expect(lexicon.synonyms('pidieron', 'es')).toContain('solicitaron');
    expect(lexicon.synonyms('Solicitaron', 'es')).toContain('pidieron');
    expect(lexicon.synonyms('zzzz', 'es')).toEqual([]);
  });

  it('leaves out generic groups that would match too much', () => {
    // Nineteen Spanish words translate first to "free"/"fee"/"cost"-like words: no synonym fan-out for those.
    const big = ['gratis', 'multa'].map((w) => lexicon.synonyms(w, 'es').length);
    for (const n of big) expect(n).toBeLessThanOrEqual(6);
  });

  it('gives its own words of a language for detection, without English keys or two-letter codes', () => {
    const es = lexicon.words('es');
    expect(es).toContain('requisitos');
    expect(es.every((w) => w.length > 2)).toBe(true);
  });
});
