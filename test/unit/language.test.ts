import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/i18n/messages.js';
import { languageByFunctionWords } from '../../src/i18n/function-words.js';
import { LanguageDetector } from '../../src/i18n/language-detector.js';

describe('language detection', () => {
  it.each([
    ['hello', 'en'],
    ['thanks!', 'en'],
    ['pip cost?', 'en'],
    ['Can a small company become AEO?', 'en'],
    ['SUNAT me va a aprobar la solicitud OEA?', 'es'],
    // Chat's politeness marks tell Spanish and French apart when their shared grammar words do not.
    ['receta de ceviche porfa', 'es'],
    ['recette de ceviche svp', 'fr'],
    ['a forwarder in Peru?', 'en'],
    ['SENAE OEA base legal?', 'es'],
    ['Receita Federal OEA modalities?', 'en'],
    ['Guatemala OEA : validité de la certification ?', 'fr'],
    ['What does AEOS require for premises security?', 'en'],
    ['AEO Peru', 'en'],
    ['MRA Japan EU', 'en'],
    ['C-TPAT requirements', 'en'],
    ['List every MRA Mexico has signed', 'en'],
    ['¿Puede un agente de aduanas ser OEA en Colombia?', 'es'],
    ['Beneficios OEA Colombia', 'es'],
    ['OEA en Perú', 'es'],
    ['Quels sont les avantages d\'un OEA ?', 'fr'],
    ["Qu'est-ce qu'un ARM ?", 'fr'],
    ['Avantages OEA Maroc', 'fr'],
  ])('%s -> %s', async (q, lang) => {
    expect(await detectLanguage(q)).toBe(lang);
  });

  it('reads mixed questions by their grammar, short ones by their vocabulary, bare ones by the conversation', async () => {
    const d = new LanguageDetector({ es: ['plazo', 'requisitos'], fr: ['delai'] });
    expect(await d.detect('AEO benefits en Colombia')).toMatchObject({ language: 'es', settled: true });
    expect(await d.detect('OEA Peru requisitos?')).toMatchObject({ language: 'es', settled: true });
    expect(await d.detect('plazo PIP canada')).toMatchObject({ language: 'es', settled: true });
    expect(await d.detect('delai PIP canada')).toMatchObject({ language: 'fr', settled: true });
    expect(await d.detect('delai PIP canada', 'es')).toEqual({ language: 'es', settled: false });
    expect(await d.detect('quel est le délai du PIP ?', 'es')).toMatchObject({ language: 'fr', settled: true });
    expect(await d.detect('ctpat?', 'es')).toEqual({ language: 'es', settled: false });
    expect(await d.detect('ctpat?')).toEqual({ language: 'en', settled: false });
    expect(await d.detect('and Chile?', 'es')).toMatchObject({ language: 'en', settled: true });
    expect(await d.detect('What does it cost?', 'fr')).toMatchObject({ language: 'en', settled: true });
  });

  it('reads a question of everyday English words only as English, not as a statistical guess', async () => {
    const common = new Set(['safe', 'core', 'elements', 'guarantee', 'rules']);
    const plain = new LanguageDetector();
    const withWords = new LanguageDetector({}, (w) => common.has(w));
    expect((await plain.detect('safe core elements?')).language).toBe('fr');
    expect(await withWords.detect('safe core elements?')).toEqual({ language: 'en', settled: false });
    // Spanish or French evidence still decides; so does a conversation.
    expect((await withWords.detect('elements del marco SAFE?')).language).toBe('es');
    expect(await withWords.detect('safe core elements?', 'fr')).toEqual({ language: 'fr', settled: false });
  });

  it('breaks a tie of shared grammar words by vocabulary, and a tie of acronyms by French spacing', async () => {
    const d = new LanguageDetector({ es: ['fecha', 'paises'] });
    expect((await d.detect('arm mercosur fecha y paises')).language).toBe('es');
    expect((await d.detect('ARM UE - USA date ?')).language).toBe('fr');
  });

  it('leaves undecided text to the statistical detector', () => {
    expect(languageByFunctionWords('Japón Perú')).toBe('es');
    expect(languageByFunctionWords('Xq zzv')).toBeUndefined();
  });
});
