import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/answer.js';
import { YesNo } from '../../src/answering/yes-no.js';
import { Messages } from '../../src/i18n/messages.js';
import type { Facet, Query } from '../../src/understanding/query.js';
import { REPO } from '../helpers/paths.js';

const FILE = join(REPO, 'data', 'understanding', 'polarity.json');
const yesNo = YesNo.load(FILE);
const messages = Messages.load(join(REPO, 'prompts'));

function query(text: string, facet?: Facet, language = 'en'): Query {
  return { text, language, intent: 'facet', answerType: 'yesno', jurisdictions: [], ambiguous: [], named: [], unknownNames: [], mentionsMra: false, ...(facet ? { facet } : {}) };
}

function answer(text: string, extra: Partial<Answer> = {}): Answer {
  return { answer: text, citations: [], confidence: 0.9, declined: false, kind: 'retrieval', followUps: [], language: 'en', ...extra };
}

type Row = [question: string, facet: Facet | undefined, sentence: string, verdict: boolean | undefined];

const ROWS: Row[] = [
  // Compulsory / voluntary.
  ['is AEO compulsory?', 'eligibility', 'AEO status is voluntary for traders. [1]', false],
  ['is AEO mandatory in the EU?', 'eligibility', 'The EU AEO programme is voluntary.', false],
  ['is AEO compulsory?', 'eligibility', 'AEO status is compulsory for customs brokers.', true],
  ['is AEO compulsory?', 'eligibility', 'AEO status is not mandatory.', false],
  ['is AEO voluntary?', 'eligibility', 'AEO status is voluntary for traders.', true],
  ['is AEO voluntary?', 'eligibility', 'AEO status is mandatory for brokers.', false],
  ['is it optional?', 'eligibility', 'Joining is not optional for customs brokers.', false],
  // Free / cost.
  ['is PIP free?', 'cost', 'CBSA charges no membership fee for PIP. [1]', true],
  ['does PIP cost anything?', 'cost', 'CBSA charges no membership fee for PIP. [1]', false],
  ['is PIP free?', 'cost', 'PIP is free of charge.', true],
  ['is there a fee?', 'cost', 'PIP is free of charge.', false],
  ['is CTPAT free?', 'cost', 'Applicants must pay a fee of 500 USD.', false],
  ['does it cost anything?', 'cost', 'Applicants must pay a fee of 500 USD.', true],
  ['is it free?', 'cost', 'There is no cost to apply.', true],
  // Online / paper.
  ['can I apply online?', 'application', 'Applications are filed through the online portal.', true],
  ['can I apply online?', 'application', 'Applications are filed on paper at the customs office.', false],
  ['can I apply on paper?', 'application', 'Applications are filed through the online portal.', false],
  // Kinds of business.
  ['can a forwarder join?', 'eligibility', 'The programme is open to importers, exporters and freight forwarders. [1]', true],
  ['can a customs broker apply?', 'eligibility', 'Customs brokers, carriers and warehouses can apply.', true],
  ['can SMEs join?', 'eligibility', 'SMEs can be certified under simplified criteria.', true],
  ['can a forwarder join?', 'eligibility', 'The programme is open to importers and exporters.', undefined],
  ['can a forwarder join?', 'eligibility', 'The programme is not open to forwarders.', undefined],
  // Both kinds must be named.
  ['can brokers and carriers join?', 'eligibility', 'Customs brokers can apply.', undefined],
  // A business named in a question about another facet settles nothing.
  ['can a forwarder join?', 'benefits', 'Freight forwarders get faster clearance.', undefined],
  // Unsettled: the question asks about a property the sentence does not mention.
  ['is AEO compulsory?', 'eligibility', 'AEO status gives faster clearance.', undefined],
  ['is PIP free?', 'cost', 'PIP members get fewer inspections.', undefined],
  ['does Peru have an MRA with Japan?', undefined, 'Peru signed an MRA with Korea in 2013.', undefined],
  // Spanish.
  ['¿es obligatorio el OEA?', 'eligibility', 'El OEA es voluntario.', false],
  ['¿es obligatorio el OEA?', 'eligibility', 'La certificación OEA es obligatoria para los agentes de aduana.', true],
  ['¿es gratis el OEA en Perú?', 'cost', 'La certificación OEA es gratuita.', true],
  ['¿es gratis el OEA?', 'cost', 'El solicitante debe pagar una tasa de 100 USD.', false],
  ['¿puede un agente de carga ser OEA?', 'eligibility', 'Pueden solicitar los exportadores y los agentes de carga.', true],
  ['¿puedo presentar la solicitud en línea?', 'application', 'La solicitud se presenta en papel.', false],
  // French.
  ['le PIP est-il obligatoire ?', 'eligibility', 'Le PIP est volontaire.', false],
  ['le PIP est-il gratuit ?', 'cost', "L'adhésion au PIP est gratuite.", true],
  ['le PIP est-il gratuit ?', 'cost', "Les frais de dossier sont de 100 CAD.", false],
  ['un transitaire peut-il devenir OEA ?', 'eligibility', 'Les transitaires et les transporteurs peuvent demander le statut.', true],
  ['peut-on faire la demande en ligne ?', 'application', 'La demande se fait sur papier.', false],
  // No pair asked: the first sentence says what was asked, unhedged.
  ['did Jamaica line up its security requirements with CTPAT?', undefined,
    'Jamaica aligned the security requirements of its programme with those of CTPAT [1]. It has 80 members.', true],
  ['does PIP require registration in CARM first?', 'criteria', 'A PIP applicant is required to complete its registration in CARM first [1].', true],
  ['does Peru have an MRA with Korea?', undefined, 'Peru signed an MRA with Korea in 2013.', true],
  // ... not when the asked property is missing, the sentence hedges, or the question has a negation of its own.
  ['was the 2022 AEO workshop in person?', undefined, 'The September 2022 AEO workshop heard presentations [1].', undefined],
  ['does PIP require registration in CARM?', 'criteria', 'Only importers need a registration in CARM for PIP [1].', undefined],
  ['can a firm with no EU branch apply for EU AEO?', 'eligibility', 'A firm applying for EU AEO needs an EU branch [1].', undefined],
];

describe('YesNo.verdict', () => {
  it.each(ROWS)('%s (%s) + %j -> %s', (question, facet, sentence, verdict) => {
    expect(yesNo.verdict(question, sentence, query(question, facet))).toBe(verdict);
  });

  it('reads only the answer, not the notes after a blank line', () => {
    const text = 'AEO status is voluntary for traders. [1]\n\nNote: some programmes are compulsory for brokers.';
    expect(yesNo.verdict('is AEO compulsory?', text, query('is AEO compulsory?', 'eligibility'))).toBe(false);
  });
});

describe('YesNo.apply', () => {
  const ask = (question: string, text: string, facet?: Facet, extra: Partial<Answer> = {}, q: Partial<Query> = {}) =>
    yesNo.apply(answer(text, extra), question, { ...query(question, facet, extra.language ?? 'en'), ...q }, messages);

  it.each([
    ['is AEO compulsory?', 'AEO status is voluntary for traders. [1]', 'eligibility', 'en', 'No. AEO status is voluntary for traders. [1]'],
    ['is PIP free?', 'CBSA charges no membership fee for PIP. [1]', 'cost', 'en', 'Yes. CBSA charges no membership fee for PIP. [1]'],
    ['does PIP cost anything?', 'CBSA charges no membership fee for PIP. [1]', 'cost', 'en', 'No. CBSA charges no membership fee for PIP. [1]'],
    ['can a forwarder join?', 'The programme is open to importers, exporters and freight forwarders. [1]', 'eligibility', 'en', 'Yes. The programme is open to importers, exporters and freight forwarders. [1]'],
    ['¿es gratis el OEA?', 'La certificación OEA es gratuita. [1]', 'cost', 'es', 'Sí. La certificación OEA es gratuita. [1]'],
    ['¿es obligatorio el OEA?', 'El OEA es voluntario. [1]', 'eligibility', 'es', 'No. El OEA es voluntario. [1]'],
    ['le PIP est-il obligatoire ?', 'Le PIP est volontaire. [1]', 'eligibility', 'fr', 'Non. Le PIP est volontaire. [1]'],
    ['le PIP est-il gratuit ?', "L'adhésion au PIP est gratuite. [1]", 'cost', 'fr', "Oui. L'adhésion au PIP est gratuite. [1]"],
  ] as [string, string, Facet, string, string][])('%s -> %j', (question, text, facet, language, out) => {
    expect(ask(question, text, facet, { language }).answer).toBe(out);
  });

  it('leaves an unsettled answer unchanged', () => {
    const a = answer('AEO status gives faster clearance. [1]');
    expect(yesNo.apply(a, 'is AEO compulsory?', query('is AEO compulsory?', 'eligibility'), messages)).toBe(a);
  });

  it('leaves declined answers unchanged', () => {
    const a = answer('My sources don\'t state the application fee or cost for PIP. It is free of charge elsewhere.', { declined: true, kind: 'decline' });
    expect(yesNo.apply(a, 'is PIP free?', query('is PIP free?', 'cost'), messages)).toBe(a);
  });

  it('leaves answers that are not retrieved sentences unchanged (curated, clarify)', () => {
    for (const kind of ['curated', 'clarify'] as const) {
      const a = answer('PIP is free of charge.', { kind });
      expect(yesNo.apply(a, 'is PIP free?', query('is PIP free?', 'cost'), messages)).toBe(a);
    }
  });

  it('leaves answers to questions that are not yes/no unchanged', () => {
    const a = answer('PIP is free of charge. [1]');
    expect(yesNo.apply(a, 'how much does PIP cost?', { ...query('how much does PIP cost?', 'cost'), answerType: 'number' }, messages)).toBe(a);
    expect(yesNo.apply(a, 'is PIP free?', undefined, messages)).toBe(a);
  });
});

describe('YesNo reads its words from the data', () => {
  const data = JSON.parse(readFileSync(FILE, 'utf8')) as { pairs: { a: string[]; b: string[] }[]; negations: string[]; business: string[] };

  it('without the compulsory/voluntary pair, "is AEO compulsory?" is unsettled', () => {
    const pairs = data.pairs.filter((p) => !p.a.includes('compulsory'));
    expect(pairs.length).toBe(data.pairs.length - 1);
    const y = new YesNo({ ...data, pairs });
    expect(y.verdict('is AEO compulsory?', 'AEO status is voluntary.', query('is AEO compulsory?', 'eligibility'))).toBeUndefined();
  });

  it('without "not" as a negation, "not mandatory" reads as mandatory', () => {
    const y = new YesNo({ ...data, negations: data.negations.filter((n) => n !== 'not') });
    expect(y.verdict('is AEO compulsory?', 'AEO status is not mandatory.', query('is AEO compulsory?', 'eligibility'))).toBe(true);
  });

  it('without forwarders among the business types, a forwarder question is unsettled', () => {
    const y = new YesNo({ ...data, business: data.business.filter((b) => !/forwarder/.test(b)) });
    expect(y.verdict('can a forwarder join?', 'Freight forwarders can apply.', query('can a forwarder join?', 'eligibility'))).toBeUndefined();
  });
});
