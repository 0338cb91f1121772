import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadBank } from '../../src/eval/bank.js';
import { unmarkedEnglish } from '../../src/eval/answer-language.js';
import { REPO } from '../helpers/paths.js';
import { shippedServices } from '../helpers/services.js';

let s: Awaited<ReturnType<typeof shippedServices>>;
beforeAll(async () => {
  s = await shippedServices();
  await s.refresh();
}, 120_000);
afterAll(() => s.cleanup());

describe('facets of a country the knowledge only mentions', () => {
  it('says the facet is not stated instead of answering with what the passages say about something else', async () => {
    const es = await s.engine.answer('requisitos del programa OEA de Belice');
    expect(es).toMatchObject({ declined: true, language: 'es' });
    expect(es.answer).toMatch(/mencionan a Belice, pero no indican los requisitos/);
    const en = await s.engine.answer('panama aeo programme benefits?');
    expect(en.declined).toBe(true);
    expect(en.answer).toMatch(/mention Panama but do not state the benefits/);
  });

  it('reads no country into an abbreviation: "NI Business Info" does not make Nicaragua covered', async () => {
    const a = await s.engine.answer('nicaragua tiene programa oea?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/no cubren el programa OEA de Nicaragua/);
  });

  it('still answers the facet of a country with its own programme page', async () => {
    const a = await s.engine.answer('requisitos del programa OEA de Perú');
    expect(a.declined).toBe(false);
    expect(a.citations[0]?.source).toBe('es/programmes/pe-oea.md');
  });
});

describe('a caveat qualifies a fact, never replaces it', () => {
  it('answers with the sentence stating what a caveat is about, the caveat after it', async () => {
    const a = await s.engine.answer('the wco called the workshop a first step toward what?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/^The WCO described the September 2022 workshop as a first step in exploring the challenges/);
    // ... but a sentence about another event that shares a heading's words does not stand in for the missing fact.
    const funded = await s.engine.answer("qui a financé l'atelier en ligne de 2022 ?");
    expect(funded.declined).toBe(true);
    // A word for the speakers is no word for the experts who took part: the gap on speakers is what answers.
    for (const q of ['quienes fueron los ponentes del taller de sept 2022', "qui étaient les intervenants de l'atelier de septembre 2022 ?"]) {
      const speakers = await s.engine.answer(q);
      expect(speakers.declined, q).toBe(true);
      expect(speakers.answer, q).toMatch(/ponentes|intervenants/);
    }
  });

});

describe('a counting question needs a figure counting what it asks', () => {
  it('says no figure counts it, rather than giving a count of something else', async () => {
    const a = await s.engine.answer('cuantos paises participaron en el taller de la OMA de sept 2022?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/^No lo sé: mis fuentes no dan ninguna cifra de paises/);
    const people = await s.engine.answer('how many ppl attended the AMS AEO workshop in sept 2022?');
    expect(people.answer).toMatch(/80 participants/);
    const mras = await s.engine.answer('how many MRAs had CBP signed by sept 2022');
    expect(mras.answer).toMatch(/16 CTPAT mutual recognition arrangements/);
  });
});

describe('an exact date the registry records only by year', () => {
  it('says the exact date is not known, with what the registry records', async () => {
    const pair = await s.engine.answer('what exact date was the eu-moldova mra decision adopted');
    expect(pair.declined).toBe(true);
    expect(pair.answer).toMatch(/^I don't know the exact date: for the European Union–Moldova arrangement my registry .* records only this:/);
    expect(pair.answer).toMatch(/signed in 2022/);
    const named = await s.engine.answer('ARM comunidad andina fecha exacta de firma?');
    expect(named).toMatchObject({ declined: true });
    expect(named.answer).toMatch(/^No sé la fecha exacta: .*firmado en 2019/s);
  });

  it('answers an exact date the registry has, and a plain "when" with the year', async () => {
    expect((await s.engine.answer('exact date of the EU-Japan MRA signing?')).answer).toMatch(/signed 24 June 2010/);
    expect((await s.engine.answer('when was the EU-Moldova MRA signed?')).declined).toBe(false);
  });
});

describe('a definition asked with how to say it', () => {
  it('defines the subject, not "the subject in plain english"', async () => {
    const a = await s.engine.answer('what is an MRA in plain english');
    expect(a.answer).toMatch(/^An AEO Mutual Recognition Arrangement \(MRA\) is/);
  });
});

describe("a facet's own section answers whole", () => {
  it('keeps a benefit that speaks of MRAs in the benefits section', async () => {
    const a = await s.engine.answer('australian trusted trader benefits');
    expect(a.answer).toMatch(/defer duty/);
    expect(a.answer).toMatch(/Trader Identification Number/);
  });
});

describe('how to become one, asked in everyday words', () => {
  it('answers from the application section; the asking words lead to no other sentence', async () => {
    const a = await s.engine.answer('que debo hacer para ser OEA en Perú?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/DESPA-PG\.29/);
    expect(a.answer).not.toMatch(/causales de suspensión/);
  });
});

describe('how many MRAs each of two parties has', () => {
  it("lists each party's arrangements in the order asked, not whether the two have one together", async () => {
    const a = await s.engine.answer('how many MRAs do the US and Canada each have?');
    expect(a.kind).toBe('mra');
    expect(a.answer).toMatch(/^United States has \d+ AEO mutual recognition arrangements/);
    expect(a.answer).toMatch(/\n\nCanada has \d+ AEO mutual recognition arrangements/);
    expect(a.answer).not.toMatch(/^Yes/);
  });

  it('pairs each of the first parties with the last one when asked of each', async () => {
    const a = await s.engine.answer('when did Peru and Chile each sign their MRA with Korea?');
    expect(a.answer).toMatch(/^Korea and Peru:/);
    expect(a.answer).toMatch(/Korea and Chile/);
    expect(a.answer).not.toMatch(/Peru and Chile/);
  });
});

describe('comparing when programmes started', () => {
  it('leads with their launch dates from the front matter, earliest first, cited', async () => {
    const a = await s.engine.answer('which started first, CTPAT or PIP?');
    expect(a.kind).toBe('comparison');
    expect(a.answer).toMatch(/^Launched first: Canada \(1995\) \[1\]; then United States \(November 2001\) \[2\]\./);
    const es = await s.engine.answer('que programa nacio antes, el OEA de Peru o el OEC de Uruguay?');
    expect(es.answer).toMatch(/^Se lanzó primero: Perú \(octubre de 2012\) \[1\]; después, Uruguay \(28 de febrero de 2014\)/);
  });
});

describe('a name two administrations share (SAT: Mexico and Guatemala)', () => {
  it('means the one whose own pages the rest of the question matches clearly best', async () => {
    const a = await s.engine.answer('¿Qué artículo de la Ley Aduanera permite al SAT registrar empresas certificadas como OEA?');
    expect(a.kind).not.toBe('clarify');
    expect(a.citations[0]?.source).toMatch(/mx-oea\.md$/);
  });

  it('still asks which one when the rest of the question is what every programme page says', async () => {
    const a = await s.engine.answer('SAT OEA beneficios?');
    expect(a.kind).toBe('clarify');
    expect(a.answer).toMatch(/Guatemala/);
  });
});

describe('a question about the workshop', () => {
  it('is answered from the workshop page, not from a programme deadline that shares its words', async () => {
    const a = await s.engine.answer("l'atelier a duré combien de jours, et c'était quel mois ?");
    expect(a.answer).toMatch(/28 au 30 septembre 2022/);
    expect(a.citations.map((c) => c.source).join(' ')).not.toMatch(/programmes\//);
  });
});

describe('the question\'s main word', () => {
  it('is looked for beyond the best ranked sections: the one saying the speakers are not named answers', async () => {
    const a = await s.engine.answer('speakers at the wco americas and caribbean aeo workshop in sept 2022?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/does not name the speakers/);
  });
});

describe('programme facets', () => {
  it('are not answered by the page\'s sentences about its MRAs when the question names none', async () => {
    const a = await s.engine.answer('australian trusted trader benefits');
    expect(a.answer.split(/\[\d+\]/)[0]).not.toMatch(/MRA/);
    expect(a.answer).toMatch(/Trusted Trader/);
  });

  it('answer who may apply with the criteria when the page has no such section', async () => {
    const a = await s.engine.answer('tengo 2 años de operaciones de comercio exterior en colombia, puedo aplicar al OEA?');
    expect(a.declined).toBe(false);
    expect(a.citations[0]?.source).toMatch(/co-oea\.md$/);
  });

  it('read a launch from "opened to exporters in March 2006", not an MRA\'s implementation date', async () => {
    const a = await s.engine.answer('japan aeo: which operator type came first and when?');
    expect(a.answer).toMatch(/exporters in March 2006/);
  });
});

describe('a programme facet asked of no programme', () => {
  it('is read in the general pages on that topic first', async () => {
    const a = await s.engine.answer('general steps to become an AEO?');
    expect(a.citations[0]?.source).toBe('guidance/application-path.md');
    expect(a.answer).toMatch(/self-assessment/);
  });
});

describe('a message asking two things', () => {
  it('answers each question from its own section, about the administration the first one names', async () => {
    const a = await s.engine.answer('SENAE: el OEA es gratis? quienes pueden aplicar?');
    expect(a.answer).toMatch(/gratuit[ao]/);
    expect(a.answer).toMatch(/exportadores/);
    expect(a.answer.split('\n\n').length).toBeGreaterThanOrEqual(3); // two answers and the notes
  });

  it('says which later question the sources leave open instead of dropping it', async () => {
    const a = await s.engine.answer('¿Quién puede ser OEA en Perú? ¿y es gratis?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/agentes de carga/);
    expect(a.answer).toMatch(/Mis fuentes no indican la tasa o el costo/);
  });

  it('declines the whole message when its first question must be declined', async () => {
    const a = await s.engine.answer("Haïti a-t-il un programme OEA ? quels critères pour s'inscrire ?");
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/Haïti/);
  });
});

describe('first and latest arrangements', () => {
  it('count concluded arrangements, and work plans only when asked about', async () => {
    expect((await s.engine.answer("What was Brazil's first MRA?")).answer).toMatch(/\n- Uruguay: MRA, signed 13 December 2016/);
    expect((await s.engine.answer("What was Brazil's first joint work plan?")).answer).toMatch(/\n- Argentina: joint work plan/);
  });

  it('answer for each party when the first of each is compared, and for the pair otherwise', async () => {
    const each = (await s.engine.answer("Peru's first MRA vs Brazil's first MRA?")).answer;
    expect(each).toMatch(/first arrangement of Peru[^]*\n- Korea[^]*first arrangement of Brazil[^]*\n- Uruguay: MRA, signed 13 December 2016/i);
    const one = (await s.engine.answer("What was Brazil's first MRA?")).answer;
    expect(one).not.toMatch(/Peru/);
  });
});

describe('registry questions naming an agency', () => {
  it('read a capitalised phrase holding the agency as that administration, not an unknown country', async () => {
    const a = await s.engine.answer("Avec quels pays l'ASFC a-t-elle signé des ARM ?");
    expect(a.declined).toBe(false);
    expect(a.answer).not.toMatch(/Je ne connais pas/);
    expect(a.answer).toMatch(/Corée/);
  });
});

describe('a country the knowledge never mentions', () => {
  it('is declined as not covered, not answered with passages about other programmes', async () => {
    const a = await s.engine.answer('Does Haiti have an AEO programme?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/don't cover .*Haiti/);
  });
});

describe('comparison tables in Spanish', () => {
  it('quote the lists of a programme whose page is only in English, and translate the rest', async () => {
    const a = await s.engine.answer('compara el OEA de India y Perú');
    expect(a).toMatchObject({ kind: 'comparison', language: 'es' });
    expect(a.answer).toMatch(/India: «importers, exporters/);
    expect(a.answer).toMatch(/Perú: exportadores, importadores/);
    expect(a.answer).toMatch(/fuentes en inglés/);
    expect(unmarkedEnglish(a.answer, 'es')).toEqual([]);
  });
});

describe('the eligibility self-check in Spanish', () => {
  it('starts on a natural request and ends on the Spanish programme page', async () => {
    let a = await s.engine.answer('quiero saber si mi empresa puede ser OEA', { conversationId: 'elig-es' });
    expect(a).toMatchObject({ kind: 'eligibility', language: 'es' });
    for (const reply of ['importador', 'Perú', 'sí', 'no', 'no sé', 'sí', 'sí']) a = await s.engine.answer(reply, { conversationId: 'elig-es' });
    expect(a.answer).toMatch(/Resultado de su autoevaluación OEA \(Importador, Perú\)/);
    expect(a.answer).toMatch(/vea Perú - Operador Económico Autorizado/);
    expect(a.citations.some((c) => c.source === 'es/programmes/pe-oea.md')).toBe(true);
  });
});

describe('answers to the whole es/fr question bank', () => {
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

describe('a definition is matched by the term it defines, however it is worded', () => {
  it('answers from the curated definition, in the question language, whatever the wording around the term', async () => {
    const fr = await s.engine.answer("c'est quoi un OEA exactement ?");
    expect(fr).toMatchObject({ kind: 'curated', declined: false, language: 'fr' });
    expect(fr.answer).toMatch(/^Un opérateur économique agréé \(OEA\) est/);
    const en = await s.engine.answer('whats an mra in plain english');
    expect(en).toMatchObject({ kind: 'curated', declined: false });
    expect(en.answer).toMatch(/Mutual Recognition Arrangement \(MRA\) is a commitment/);
  });
});

describe('counts and members in the sentence of the question language', () => {
  it('reads what a figure counts from the adjective after its noun, and a named arrangement counts its members', async () => {
    const es = await s.engine.answer('cuantas aduanas firmaron la carta de intencion en bruselas 2018');
    expect(es.declined).toBe(false);
    expect(es.answer).toMatch(/13 administraciones aduaneras/);
    const members = await s.engine.answer('how many countries signed the americas regional mra in may 2022');
    expect(members.answer).toMatch(/11 members/);
  });
});

describe('a facet asked of no programme', () => {
  it('is read in every page when the pages on that facet do not answer it', async () => {
    const a = await s.engine.answer('que se necesita para implementar oea y arm segun la nota de la omd');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/voluntad política/);
  });
});
