import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBank } from '../../src/eval/bank.js';
import { unmarkedEnglish } from '../../src/eval/answer-language.js';
import { REPO } from '../helpers/paths.js';
import { shippedServices } from '../helpers/services.js';

describe('unmarkedEnglish', () => {
  it('finds English sentences in a Spanish answer, but not quoted ones, names or short fragments', () => {
    const answer = 'El programa OEA del Perú lo administra la SUNAT [1]. The programme was launched in 2012 by SUNAT [2].\n\n'
      + '«Peru\'s OEA programme is run by SUNAT.» [3]\n- Japón: ARM, programas Japan AEO [4].';
    expect(unmarkedEnglish(answer, 'es')).toEqual(['The programme was launched in 2012 by SUNAT.']);
    expect(unmarkedEnglish(answer, 'en')).toEqual([]);
  });
});

describe('answers to the whole es/fr question bank', () => {
  let s: Awaited<ReturnType<typeof shippedServices>>;
  beforeAll(async () => {
    s = await shippedServices();
    await s.refresh();
  }, 120_000);
  afterAll(() => s.cleanup());

  it('are in the asker\'s language, with English only as marked quotes', async () => {
    const items = (await loadBank(join(REPO, 'eval', 'bank'))).filter((i) => i.lang === 'es' || i.lang === 'fr');
    expect(items.length).toBeGreaterThanOrEqual(150);
    const leaks: string[] = [];
    for (const item of items) {
      const a = await s.engine.answer(item.question);
      expect(a.language, item.question).toBe(item.lang);
      for (const sentence of unmarkedEnglish(a.answer, a.language)) leaks.push(`${item.question} -> ${sentence}`);
      for (const f of a.followUps ?? []) leaks.push(...unmarkedEnglish(f, a.language).map((x) => `${item.question} (follow-up) -> ${x}`));
    }
    expect(leaks).toEqual([]);
  }, 120_000);
});
