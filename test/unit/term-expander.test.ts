import { describe, expect, it } from 'vitest';
import { TermExpander } from '../../src/search/term-expander.js';
import type { Chunk } from '../../src/knowledge/types.js';
import { Lexicon } from '../../src/i18n/lexicon.js';
import { REPO } from '../helpers/paths.js';

const chunk = (heading: string): Chunk => ({ id: heading, file: 'glossary.md', title: 'Glossary', headings: [heading], text: 'x', lineStart: 1, lineEnd: 1, language: 'en', jurisdictions: [], topics: [], kind: 'glossary', sources: ['s'] });

describe('TermExpander', () => {
  const ex = new TermExpander([
    chunk('Authorized Economic Operator (AEO) / Operador Económico Autorizado (OEA) / Opérateur économique agréé (OEA)'),
    chunk('Mutual Recognition Arrangement (MRA) / Acuerdo de Reconocimiento Mutuo (ARM) / Arrangement de reconnaissance mutuelle (ARM)'),
  ]);

  it('adds the English form of a named acronym to a Spanish question', () => {
    const extra = ex.expand('¿Qué beneficios tiene un OEA?', 'es');
    expect(extra).toContain('aeo');
    expect(extra).toContain('authorized');
    expect(extra).not.toContain('oea');
    expect(extra).not.toContain('opérateur');
  });

  it('recognises a full multi-word form', () => {
    expect(ex.expand('acuerdo de reconocimiento mutuo con Peru', 'es')).toContain('mra');
  });

  it('gives English questions only the lexicon\'s domain paraphrases, never other-language forms', () => {
    const withLexicon = new TermExpander([chunk('Authorized Economic Operator (AEO) / Operador Económico Autorizado (OEA) / Opérateur économique agréé (OEA)')], Lexicon.load(`${REPO}/prompts/lexicon.json`));
    const extra = withLexicon.expand('What happens if an AEO breaks the rules?', 'en');
    expect(extra).toEqual(expect.arrayContaining(['revocation', 'suspension']));
    expect(extra).not.toContain('oea');
    expect(withLexicon.expand('Which MRAs has Peru signed?', 'en')).toEqual([]);
  });

  it('adds nothing to English questions or when no glossary term is named', () => {
    expect(ex.expand('What are the benefits of an AEO?', 'en')).toEqual([]);
    expect(ex.expand('¿Qué tiempo hace mañana?', 'es')).toEqual([]);
  });
});

describe('Lexicon-backed expansion', () => {
  it('adds English words for Spanish and French domain words, not for English questions', async () => {
    const { Lexicon } = await import('../../src/i18n/lexicon.js');
    const { join } = await import('node:path');
    const { REPO } = await import('../helpers/paths.js');
    const lex = Lexicon.load(join(REPO, 'prompts/lexicon.json'));
    const ex = new TermExpander([], lex);
    expect(ex.expand('¿Cuántos participantes asistieron al taller?', 'es')).toEqual(expect.arrayContaining(['workshop', 'attended']));
    expect(ex.expand("Combien de participants à l'atelier ?", 'fr')).toContain('workshop');
    expect(ex.expand('taller', 'en')).toEqual([]);
  });
});
