import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/answering/evidence.js';
import { givesAnswerType, isCaveatChunk, loadChoiceData, SentenceChooser } from '../../src/answering/sentence-choice.js';
import { definedTerm, topicFirstSubject } from '../../src/understanding/defined-term.js';
import type { Chunk } from '../../src/knowledge/types.js';
import type { AnswerType, Facet, Intent, Query } from '../../src/understanding/query.js';
import { REPO } from '../helpers/paths.js';

const DATA = loadChoiceData(join(REPO, 'data', 'answering.json'));
const chooser = new SentenceChooser(DATA);

const NUMBER: [string, boolean][] = [
  ['Canada had 1,850 PIP members in 2024.', true],
  ['China has 5.000 certified AEOs.', true],
  ['The fee is 500 USD.', true],
  ['A decision is taken within 90 days.', true],
  ['CTPAT status is valid for five years.', true],
  ['The programme has three tiers.', true],
  ['El certificado OEA tiene una vigencia de cuatro años.', true],
  ['La decisión se toma en tres meses.', true],
  ['Le statut est valable trois ans.', true],
  ['Le PIP compte douze partenaires.', true],
  // Years are dates, not amounts; "many" is no figure.
  ['The programme was launched in 2015 by customs.', false],
  ['Many companies are certified.', false],
  ['Muchas empresas participan en el programa.', false],
  ['De nombreuses entreprises sont certifiées.', false],
  ['AEO status brings faster clearance.', false],
];

const DATE: [string, boolean][] = [
  ['The programme was launched in 2015.', true],
  ['Peru signed the MRA with Korea in 1999.', true],
  ['The MRA was signed in May.', true],
  ['The arrangement entered into force on 1 December.', true],
  ['El ARM se firmó en marzo.', true],
  ['El programa empezó en septiembre.', true],
  ['Le PIP a été lancé en février.', true],
  ["L'ARM est entré en vigueur en août.", true],
  ['A decision is taken within 90 days.', false],
  ['Certified operators get fewer inspections.', false],
  ['El OEA ofrece beneficios.', false],
];

describe('givesAnswerType', () => {
  it.each(NUMBER)('number: %s -> %s', (text, gives) => expect(givesAnswerType(text, 'number')).toBe(gives));
  it.each(DATE)('date: %s -> %s', (text, gives) => expect(givesAnswerType(text, 'date')).toBe(gives));
  it.each([
    ['The 4th WCO Global AEO Conference took place in Kampala, Uganda, in March 2018.', true],
    ['La 4e Conférence mondiale a eu lieu à Kampala.', true],
    ['According to a report on the 4th WCO Global AEO Conference, there were 77 programmes in 2017.', false],
    ['The conference was held in March 2018 in CTPAT terms.', false],
  ] as [string, boolean][])('place: %s -> %s', (text, gives) => expect(givesAnswerType(text, 'place')).toBe(gives));
  it.each(['yesno', 'list', 'name', 'text'] as AnswerType[])('%s: not asked -> undefined', (type) => {
    expect(givesAnswerType('Canada had 1,850 PIP members in 2024.', type)).toBeUndefined();
  });

  // FIGURE leaves out years with (?![\d.,]) after the four digits, meant for "2015.5" or "2,015": the full stop that
  // ends a sentence defeats it, so "... in 2015." gives a figure to "how many".
  it('number: "The programme was launched in 2015." gives no figure', () => {
    expect(givesAnswerType('The programme was launched in 2015.', 'number')).toBe(false);
  });

  // "may" is a month name and a modal verb: "may apply" carries no date.
  it('date: "Certified operators may apply for renewal." gives no date', () => {
    expect(givesAnswerType('Certified operators may apply for renewal.', 'date')).toBe(false);
  });
});

describe('SentenceChooser.saysNotStated', () => {
  it.each([
    'The sources do not state the application fee.',
    'The source does not name the agency.',
    'The fee is not stated in the sources.',
    'The number of AEOs was not published.',
    'The exact date was not found.',
    'The text of the decree could not be verified.',
    'The news item did not give a date.',
    'La fuente no menciona la tasa.',
    'No se indica el plazo de decisión.',
    'El número de operadores no consta en las fuentes.',
    'La source ne précise pas le délai.',
    "Le texte n'indique pas les frais.",
    'La date exacte ne figure pas... elle ne contient pas de date.',
  ])('%s -> true', (text) => expect(chooser.saysNotStated(text)).toBe(true));

  it.each([
    'The fee is 500 USD.',
    'CBSA charges no membership fee for PIP.',
    'CTPAT status is valid for five years.',
    'The programme is voluntary and open to importers.',
    'Peru signed the MRA with Korea in 2013.',
    'La tasa es de 100 USD.',
    'El programa es voluntario.',
    'El OEA es gratuito para los exportadores.',
    'Le PIP est gratuit.',
    'Les frais de dossier sont de 100 CAD.',
    // A stated negative fact, not a gap in the sources.
    'Ecuador no figura entre los 11 firmantes del ARM regional de mayo de 2022.',
  ])('%s -> false', (text) => expect(chooser.saysNotStated(text)).toBe(false));

  // The French patterns take the singular verb only ("ne précise pas"), not the plural a text about "les sources"
  // uses.
  it('Les sources ne précisent pas le délai. says the sources leave it out', () => {
    expect(chooser.saysNotStated('Les sources ne précisent pas le délai.')).toBe(true);
  });

  // The French pattern "n'(?:indique|est) pas" takes every "n'est pas": an ordinary negative sentence reads as a
  // gap in the sources (the notStated feature weighs against answering with it).
  it("Le statut OEA n'est pas obligatoire. is an ordinary sentence", () => {
    expect(chooser.saysNotStated("Le statut OEA n'est pas obligatoire.")).toBe(false);
  });
});

describe('SentenceChooser.budget', () => {
  const q = (answerType: AnswerType, facet?: Facet) => query('facet', 'x', answerType, facet);
  it('gives list questions and list-like facets the list budget', () => {
    expect(chooser.budget(q('list'))).toEqual(DATA.listQuestion);
    for (const f of ['benefits', 'criteria', 'eligibility', 'application'] as Facet[]) expect(chooser.budget(q('text', f))).toEqual(DATA.listQuestion);
  });
  it('gives other questions the default budget', () => {
    expect(chooser.budget(q('number', 'cost'))).toEqual(DATA.default);
    expect(chooser.budget(undefined)).toEqual(DATA.default);
  });
});

function query(intent: Intent, text: string, answerType: AnswerType = 'text', facet?: Facet): Query {
  return { text, language: 'en', intent, answerType, jurisdictions: [], ambiguous: [], named: [], unknownNames: [], mentionsMra: false, ...(facet ? { facet } : {}) };
}

function chunk(headings: string[]): Chunk {
  return { id: headings.join('>'), file: 'p.md', title: 'P', headings, text: '', lineStart: 1, lineEnd: 2, language: 'en', jurisdictions: ['TV'], topics: ['programme'], kind: 'page', sources: ['s'] };
}

function ev(text: string, score: number, hit = 0): Evidence {
  return { text, hit, position: 0, credits: [], coverage: 0.5, semantic: 0.5, score };
}

const BODY = chunk(['Tuvalu', 'Overview']);
const CAVEATS = chunk(['Tuvalu', 'Caveats']);
const never = () => false;

describe('SentenceChooser.rerank', () => {
  const order = (ranked: Evidence[]) => ranked.map((e) => e.text);

  it.each([
    ['What is TTP?', 'TTP is the AEO programme of Tuvalu Customs.'],
    ['what is the TTP?', 'The TTP programme is run by customs. TTP is the AEO programme of Tuvalu Customs.'],
    ['¿Qué es el TTP?', 'TTP es el programa OEA de las aduanas de Tuvalu.'],
    ["Qu'est-ce que le TTP ?", 'TTP est le programme OEA des douanes de Tuvalu.'],
  ])('for %j puts the sentence saying what it is first', (question, definition) => {
    const ranked = [ev('Traders in the TTP get fewer inspections.', 1.0), ev(definition, 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('definition', question), question, never))[0]).toBe(definition);
  });

  it('does not promote a definition for a question that is no definition', () => {
    const ranked = [ev('Traders in the TTP get fewer inspections.', 1.0), ev('TTP is the AEO programme of Tuvalu Customs.', 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('facet', 'TTP benefits', 'text', 'benefits'), 'TTP benefits', never))[0]).toBe('Traders in the TTP get fewer inspections.');
  });

  it('demotes a caveat unless the question asks about sources', () => {
    const ranked = [ev('The TTP benefit figures come from a 2019 newspaper article.', 1.0, 1), ev('TTP traders get fewer inspections.', 0.8, 0)];
    const chunks = [BODY, CAVEATS];
    const benefits = 'What are the TTP benefits?';
    expect(order(chooser.rerank(ranked, chunks, query('facet', benefits, 'list', 'benefits'), benefits, never))[0]).toBe('TTP traders get fewer inspections.');
    for (const q of ['What source do the TTP benefit figures come from?', 'How reliable are the TTP figures?', '¿De qué fuente salen las cifras del TTP?']) {
      expect(order(chooser.rerank(ranked, chunks, query('facet', q, 'text', 'sources'), q, never))[0]).toBe('The TTP benefit figures come from a 2019 newspaper article.');
    }
  });

  it('puts the sentence with a figure first for "how many"', () => {
    const q = 'How many AEOs are there in Tuvalu?';
    const ranked = [ev("Tuvalu's AEO programme offers many advantages to many traders.", 1.0), ev('Tuvalu had 57 certified AEOs.', 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('facet', q, 'number', 'statistics'), q, never))[0]).toBe('Tuvalu had 57 certified AEOs.');
  });

  it('puts the sentence with a date first for "when"', () => {
    const q = 'When was the TTP launched?';
    const ranked = [ev('The TTP was launched by Tuvalu Customs.', 1.0), ev('The TTP started in 2016.', 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('facet', q, 'date', 'launch'), q, never))[0]).toBe('The TTP started in 2016.');
  });

  it('puts a sentence about the year asked before one naming only other years', () => {
    const q = 'which countries asked for the 2022 Tuvalu workshop?';
    const other = 'The 2019 Tuvalu workshop was asked for by Fiji and Samoa.';
    const asked = 'Fiji, Nauru and Palau asked for the Tuvalu workshop in 2022.';
    const ranked = [ev(other, 1.0), ev(asked, 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('general', q), q, never))[0]).toBe(asked);
    // A question naming no year leaves the order; a sentence naming no year is not demoted.
    const none = 'which countries asked for the Tuvalu workshop?';
    expect(order(chooser.rerank(ranked, [BODY], query('general', none), none, never))[0]).toBe(other);
    const undated = [ev('Fiji asked for the Tuvalu workshop.', 1.0), ev(asked, 0.9)];
    expect(order(chooser.rerank(undated, [BODY], query('general', q), q, never))[0]).toBe('Fiji asked for the Tuvalu workshop.');
  });

  it('prefers general sentences to one country\'s rule when no country is named', () => {
    const q = 'Is AEO status voluntary?';
    const namesTuvalu = (t: string) => /Tuvalu/.test(t);
    const ranked = [ev('In Tuvalu AEO status is voluntary.', 1.0), ev('AEO status is voluntary in most programmes.', 0.9)];
    expect(order(chooser.rerank(ranked, [BODY], query('facet', q, 'yesno', 'eligibility'), q, namesTuvalu))[0]).toBe('AEO status is voluntary in most programmes.');
    // With the country in focus, its own sentence keeps its place.
    expect(order(chooser.rerank(ranked, [BODY], query('facet', q, 'yesno', 'eligibility'), q, namesTuvalu, 'TV'))[0]).toBe('In Tuvalu AEO status is voluntary.');
  });

  it('scales scores by the data factors and keeps others unchanged', () => {
    const q = 'How many AEOs are there in Tuvalu?';
    const ranked = [ev('Tuvalu had 57 certified AEOs.', 1.0), ev('Tuvalu traders get fewer inspections.', 0.5)];
    const out = chooser.rerank(ranked, [BODY], query('facet', q, 'number', 'statistics'), q, never);
    expect(out[0]?.score).toBeCloseTo(DATA.answerType, 10);
    expect(out[1]).toBe(ranked[1]);
  });

  it('reads its factors from the data: with a neutral caveat factor the caveat keeps first place', () => {
    const neutral = new SentenceChooser({ ...DATA, caveat: 1 });
    const ranked = [ev('The TTP benefit figures come from a 2019 newspaper article.', 1.0, 1), ev('TTP traders get fewer inspections.', 0.8, 0)];
    const q = 'What are the TTP benefits?';
    expect(neutral.rerank(ranked, [BODY, CAVEATS], query('facet', q, 'list', 'benefits'), q, never)[0]?.text).toMatch(/newspaper/);
  });
});

describe('isCaveatChunk', () => {
  it.each([
    [['Tuvalu', 'Caveats'], true],
    [['Perú', 'Advertencias'], true],
    [['Canada', 'Mises en garde'], true],
    [['X', 'Notes on the sources'], true],
    [['X', 'Benefits'], false],
    [['Caveats and more'], false],
  ])('%j -> %s', (headings, is) => expect(isCaveatChunk(chunk(headings))).toBe(is));
  it('is false for no chunk', () => expect(isCaveatChunk(undefined)).toBe(false));
});

describe('topicFirstSubject', () => {
  it.each([
    ['aeo - what is it exactly, like in one line', 'aeo'],
    ['MRA: what does it actually mean for us', 'mra'],
    ['OEA – ¿qué es?', 'oea'],
  ])('%s -> %s', (question, subject) => expect(topicFirstSubject(question)).toBe(subject));

  it.each(['What is an AEO?', 'ctpat benefits - list them', 'AEO in Peru'])('%s -> none', (question) => {
    expect(topicFirstSubject(question)).toBeUndefined();
  });
});

describe('definedTerm: what a definition question defines, without how it should be said', () => {
  it.each([
    ['whats an mra in plain english', 'mra'],
    ["what's a joint work plan?", 'joint work plan'],
    ['What is an AEO?', 'aeo'],
    ['What does SAQ stand for?', 'saq'],
    ["c'est quoi un OEA exactement ?", 'oea'],
    ["Qu'est-ce que le Cadre SAFE ?", 'cadre safe'],
    ['¿Qué es un OEA exactamente?', 'oea'],
    ['aeo - what is it exactly, like in one line', 'aeo'],
  ])('%s -> %s', (question, term) => expect(definedTerm(question)).toBe(term));

  it.each(['ctpat benefits?', 'who can apply for PIP?'])('%s -> none', (question) => {
    expect(definedTerm(question)).toBeUndefined();
  });
});

describe('a question asking which countries', () => {
  it.each([
    ['¿Qué países miembros pidieron a la OMA el taller?', true],
    ['which countries asked the WCO for the workshop?', true],
    ['quels pays ont demandé cet atelier ?', true],
    ['who requested the 2022 workshop?', true],
    ['what did the workshop cover?', false],
  ])('%s -> %s', (q, asks) => expect(chooser.asksWhichCountries(q)).toBe(asks));

  it('puts the sentence naming countries first, where otherwise a country-free one wins', () => {
    const unit = (text: string, score: number): Evidence => ({ text, hit: 0, position: 0, credits: [], coverage: score, semantic: 0, score });
    const title = unit('The WCO workshop on AEO best practices took place in September 2022.', 0.8);
    const named = unit('The Bahamas, Belize and Cuba had asked the WCO for the workshop.', 0.7);
    const names = (t: string) => /Bahamas/.test(t);
    const order = (q: string) => chooser.rerank([title, named], [undefined], undefined, q, names).map((u) => u.text);
    expect(order('which countries asked the WCO for the workshop?')[0]).toBe(named.text);
    expect(order('what was the WCO workshop on AEO best practices?')[0]).toBe(title.text);
  });
});
