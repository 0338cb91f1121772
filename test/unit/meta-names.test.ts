import { describe, expect, it } from 'vitest';
import { withInflections } from '../../src/understanding/meta-names.js';

describe('withInflections: Spanish and French demonyms in all their forms', () => {
  it.each([
    ['néo-zélandais', ['néo-zélandais', 'néo-zélandaise', 'néo-zélandaises']],
    ['peruano', ['peruano', 'peruana', 'peruanos', 'peruanas']],
    ['japonés', ['japonés', 'japonesa', 'japoneses', 'japonesas']],
    ['canadienne', ['canadienne', 'canadien', 'canadiens', 'canadiennes']],
    ['costarricense', ['costarricense', 'costarricenses']],
  ])('%s', (name, forms) => expect(withInflections(name)).toEqual(forms));

  it('leaves capitalised names, phrases and short words as written', () => {
    expect(withInflections('Peruvian')).toEqual(['Peruvian']);
    expect(withInflections('OEA Perú')).toEqual(['OEA Perú']);
    expect(withInflections('kiwi')).toEqual(['kiwi']);
  });
});
