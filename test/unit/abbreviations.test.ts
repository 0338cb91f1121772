import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalAbbreviations } from '../../src/i18n/abbreviations.js';
import { loadUnderstandingData } from '../../src/understanding/understand.js';
import { REPO } from '../helpers/paths.js';

const shipped = new LocalAbbreviations(loadUnderstandingData(join(REPO, 'data', 'understanding')).abbreviations);

describe('LocalAbbreviations: letters a language writes for a name that are another country code', () => {
  it('reads RU as the United Kingdom in Spanish and French questions, not in English ones', () => {
    expect(shipped.expand('ARM UE - RU en vigueur depuis ?', 'fr')).toBe('ARM UE - Royaume-Uni en vigueur depuis ?');
    expect(shipped.expand('¿hay ARM entre la UE y el RU?', 'es')).toBe('¿hay ARM entre la UE y el Reino Unido?');
    expect(shipped.expand('RU - EU mra?', 'en')).toBe('RU - EU mra?');
  });

  it('takes whole words as written only', () => {
    const a = new LocalAbbreviations({ _doc: 'ignored', fr: { RU: 'Royaume-Uni', 'R.-U.': 'Royaume-Uni' } });
    expect(a.expand('la ruta du RUM', 'fr')).toBe('la ruta du RUM');
    expect(a.expand('ru ?', 'fr')).toBe('ru ?');
    expect(a.expand('ARM avec le R.-U. ?', 'fr')).toBe('ARM avec le Royaume-Uni ?');
  });
});
