import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/i18n/messages.js';
import { languageByFunctionWords } from '../../src/i18n/function-words.js';

describe('language detection', () => {
  it.each([
    ['hello', 'en'],
    ['thanks!', 'en'],
    ['pip cost?', 'en'],
    ['Can a small company become AEO?', 'en'],
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

  it('leaves undecided text to the statistical detector', () => {
    expect(languageByFunctionWords('Japón Perú')).toBe('es');
    expect(languageByFunctionWords('Xq zzv')).toBeUndefined();
  });
});
