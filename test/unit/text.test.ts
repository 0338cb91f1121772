import { describe, expect, it } from 'vitest';
import { contentTokens, splitSentences, tokenize } from '../../src/answering/text.js';
import { splitUnits } from '../../src/answering/units.js';
import { analyzeQuery } from '../../src/search/analyzer.js';

describe('tokenize', () => {
  it('folds case and accents and joins hyphenated acronyms', () => {
    expect(tokenize('Certificación C-TPAT')).toEqual(['certificacion', 'ctpat', 'c', 'tpat']);
  });
  it('keeps numbers with dots as one token', () => {
    expect(tokenize('Decree 2.154 of 2026')).toContain('2154');
  });
  it('drops stopwords in three languages', () => {
    expect(contentTokens('What is the AEO programme of Peru?')).toEqual(['aeo', 'programme', 'peru']);
    expect(contentTokens('¿Qué es un OEA en el Perú?')).toEqual(['oea', 'peru']);
    expect(contentTokens("Qu'est-ce qu'un OEA ?")).toContain('oea');
  });
  it('drops English contractions, which would otherwise count as unknown subject words', () => {
    expect(contentTokens("I'm a small importer in Chile; we're not sure, don't we qualify?")).toEqual(['small', 'importer', 'chile', 'sure', 'qualify']);
  });
});

describe('splitSentences', () => {
  it('does not cut at the Spanish abbreviation EE. UU.', () => {
    expect(splitSentences('Las aduanas de EE. UU. y Costa Rica celebraron un taller. Hubo dos días.')).toEqual([
      'Las aduanas de EE. UU. y Costa Rica celebraron un taller.', 'Hubo dos días.',
    ]);
  });

  it('splits on sentence ends but not on abbreviations', () => {
    expect(splitSentences('Art. 39 of the UCC sets criteria. Applicants must comply. Records, e.g. ledgers, count.')).toEqual([
      'Art. 39 of the UCC sets criteria.',
      'Applicants must comply.',
      'Records, e.g. ledgers, count.',
    ]);
  });
});

describe('splitUnits', () => {
  it('keeps a list together with the line that introduces it', () => {
    const units = splitUnits('Japan admits these operators:\n- importers\n- exporters\n- warehouse operators\n\nAnother sentence here.');
    expect(units).toEqual(['Japan admits these operators: importers; exporters; warehouse operators.', 'Another sentence here.']);
  });
  it('turns table rows into units and skips the separator row', () => {
    const units = splitUnits('| Grade | Score |\n|---|---|\n| AAA | 95 |');
    expect(units).toEqual(['Grade - Score', 'AAA - 95']);
  });
});

describe('analyzeQuery', () => {
  it('stems for the question language and for English', () => {
    const terms = analyzeQuery('beneficios de los operadores', 'es');
    expect(terms).toContain('benefici');
    expect(terms.length).toBeGreaterThan(1);
  });
});

describe('French elision', () => {
  it('drops the elided article', () => {
    expect(tokenize("l'atelier d'OEA qu'un")).toEqual(['atelier', 'oea', 'un']);
  });
});
