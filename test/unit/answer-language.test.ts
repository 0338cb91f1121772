import { describe, expect, it } from 'vitest';
import { unmarkedEnglish } from '../../src/eval/answer-language.js';

describe('unmarkedEnglish', () => {
  it('finds English sentences in a Spanish answer, but not quoted ones, names or short fragments', () => {
    const answer = 'El programa OEA del Perú lo administra la SUNAT [1]. The programme was launched in 2012 by SUNAT [2].\n\n'
      + '«Peru\'s OEA programme is run by SUNAT.» [3]\n- Japón: ARM, programas Japan AEO [4].';
    expect(unmarkedEnglish(answer, 'es')).toEqual(['The programme was launched in 2012 by SUNAT.']);
    expect(unmarkedEnglish(answer, 'en')).toEqual([]);
  });

  it('reads programme names in title case as names, but still finds English sentences that hold one', () => {
    expect(unmarkedEnglish('- Nouvelle-Zélande: ARM, signé en juin 2019, programmes Partners in Protection (PIP), Secure Exports Scheme (SES) [1].', 'fr')).toEqual([]);
    expect(unmarkedEnglish('The Secure Exports Scheme is open to exporters of New Zealand [1].', 'fr')).toHaveLength(1);
  });
});
