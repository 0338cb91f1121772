import { describe, expect, it } from 'vitest';
import { countedWord, countsWhat, countsWhatIsStated, sameCount } from '../../src/answering/counted-figures.js';
import { CueMatcher } from '../../src/understanding/cues.js';

const counted = new CueMatcher(['aeos', 'aeo', 'oea', 'companies', 'certified', 'enterprises', 'empresas', 'agents']);

describe('countsWhatIsStated: a figure counting what a "how many" question asks', () => {
  it.each([
    'Korea had 832 AEOs in June 2019 [1].',
    'China had 6,876 AEO enterprises at the end of 2025.',
    'China had 3,236 advanced certified enterprises at the end of May 2020.',
    'The department selected ten companies as volunteers.',
    'Colombia tenía 350 empresas OEA.',
    'Peru had 72 OEA in 2018.',
    'About 370 Japanese companies held AEO status in 2011.',
    'Singapore had about 130 STP companies in December 2014.',
    'Chile certified more than 20 customs agents.',
  ])('counts: %s', (text) => expect(countsWhatIsStated(text, counted)).toBe(true));

  it.each([
    'Article 100-A of the Ley Aduanera allows SAT to register certified companies.',
    'El nivel 2 del programa OEA de Argentina abarca la seguridad.',
    'India has three tiers for importers and exporters, AEO-T1, AEO-T2 and AEO-T3.',
    'The first joint validation was carried out on a company in 2019 [2].',
    "Under IN RFB 2.154/2023, holders of Brazil's former OEA-C1 certification had to requalify.",
    'In 2024 companies could apply online.',
    "Brazil's Programa OEA has two modalities: OEA-Segurança (OEA-S) and OEA-Conformidade (OEA-C).",
  ])('does not count: %s', (text) => expect(countsWhatIsStated(text, counted)).toBe(false));
});

describe('countedWord: what a counting question counts', () => {
  it.each([
    ['cuantos paises participaron en el taller?', 'paises'],
    ['how many AEO programmes per the 2020 compendium', 'programmes'],
    ["combien d'entreprises sont certifiées ?", 'entreprises'],
    ['number of modules in the e-learning course', 'modules'],
    ['how many MRAs had CBP signed by 2022', 'mras'],
    // What the data counts beats a plural participle after it.
    ['cuántos ARM tenía firmados Chile en 2020?', 'arm'],
    ['china - how many MRA economies by mid 2020', 'economies'],
  ])('%s -> %s', (q, word) => expect(countedWord(q)).toBe(word));

  it.each(['how many days did the workshop last?', 'how many ppl attended?', 'what is CTPAT?', 'cuántas veces al año?'])(
    'counts nothing named in "%s"', (q) => expect(countedWord(q)).toBeUndefined());
});

describe('countsWhat: a figure counting the asked word, a few words on', () => {
  const same = sameCount('mras');
  it('accepts the words that count the same thing', () => {
    expect(countsWhat('CBP had signed 16 CTPAT mutual recognition arrangements by 2022.', (w) => same.has(w), 4)).toBe(true);
  });
  it('reads a Spanish or French adjective after the noun when asked to, and only a plain word', () => {
    const aduanas = (w: string) => w.startsWith('aduan');
    const text = 'Los Directores Generales de 13 administraciones aduaneras firmaron una carta.';
    expect(countsWhat(text, aduanas, 4, true)).toBe(true);
    expect(countsWhat(text, aduanas, 4)).toBe(false);
    expect(countsWhat('Brazil has two modalities: OEA-Segurança and OEA-C.', (w) => w.startsWith('oea'), 4, true)).toBe(false);
  });
  it('does not take a count of something else', () => {
    expect(countsWhat('The workshop drew 80 participants from several Members.', (w) => w === 'paises', 4)).toBe(false);
  });
});
