import { describe, expect, it } from 'vitest';
import { unmarkedEnglish } from '../../src/eval/answer-language.js';

describe('unmarkedEnglish', () => {
  it('finds English sentences in a Spanish answer, but not quoted ones, names or short fragments', () => {
    const answer = 'El programa OEA del Perú lo administra la SUNAT [1]. The programme was launched in 2012 by SUNAT [2].\n\n'
      + '«Peru\'s OEA programme is run by SUNAT.» [3]\n- Japón: ARM, programas Japan AEO [4].';
    expect(unmarkedEnglish(answer, 'es')).toEqual(['The programme was launched in 2012 by SUNAT.']);
    expect(unmarkedEnglish(answer, 'en')).toEqual([]);
  });
});
