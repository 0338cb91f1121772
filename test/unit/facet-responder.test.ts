import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureServices } from '../helpers/services.js';

/**
 * Programme facets answered from the programme's own page (src/responders/facet-responder.ts), through the whole
 * engine over the fixture corpus plus one page written here with the standard section headings.
 */
let svc: Awaited<ReturnType<typeof fixtureServices>>;

const BENEFITS = [
  'Fewer physical inspections of cargo at the border.',
  'Priority processing of declarations at every port.',
  'Faster release of goods from the wharf.',
  'A dedicated FRCS account manager for each trader.',
  'Reduced guarantee amounts on bonded goods.',
];

const PAGE = [
  '---',
  'title: Fiji - Fiji Trusted Trader Programme',
  'sources:',
  '  - test fixture',
  'jurisdictions: [FJ]',
  'topics: [programme, benefits, eligibility, statistics]',
  'language: en',
  'updated: 2026-01-01',
  'programme:',
  '  name: Fiji Trusted Trader Programme (FTTP)',
  '  agency: Fiji Revenue and Customs Service (FRCS)',
  '  launched: "2015"',
  'agency: [Fiji Revenue and Customs Service, FRCS]',
  'aliases: [Fiji Trusted Trader, FTTP]',
  '---',
  '',
  '# Fiji - Fiji Trusted Trader Programme',
  '',
  '## Overview',
  '<!-- questions:',
  '- what is the fiji trusted trader programme?',
  '- tell me about FTTP',
  '-->',
  'The Fiji Trusted Trader Programme (FTTP) is the AEO programme of the Fiji Revenue and Customs Service.',
  'The FTTP opened to exporters and importers in 2015.',
  'Joining the FTTP is voluntary for every trader.',
  '',
  '## Cost and fees',
  '<!-- questions:',
  '- does FTTP cost anything?',
  '- how much is the fee for the fiji trusted trader?',
  '- ¿cuánto cuesta el FTTP?',
  '-->',
  'The Fiji Revenue and Customs Service charges no membership fee for the FTTP.',
  '',
  '## Validity and renewal',
  '<!-- questions:',
  '- how long is FTTP valid?',
  '- when does fiji trusted trader status expire?',
  '-->',
  'FTTP status is valid for three years and is renewed after a revalidation visit.',
  '',
  '## Number of AEOs',
  '<!-- questions:',
  '- how many trusted traders are there in fiji?',
  '- number of FTTP members',
  '-->',
  'The FTTP has many advantages that many traders in Fiji value.',
  'Fiji had 42 certified trusted traders at the end of 2024.',
  '',
  '## Benefits',
  '<!-- questions:',
  '- what do we get from FTTP?',
  '- perks of the fiji trusted trader programme',
  '- ¿qué beneficios tiene el FTTP?',
  '-->',
  ...BENEFITS.map((b) => `- ${b}`),
  '',
  '## Who can apply',
  '<!-- questions:',
  '- who can join FTTP?',
  '-->',
  'The FTTP is open to importers and exporters registered in Fiji.',
  'An FTTP applicant must hold a Fiji taxpayer identification number (TIN).',
  '',
  '## How to apply',
  '<!-- questions:',
  '- how do we apply for FTTP?',
  '-->',
  'An FTTP applicant fills in the online application form of the FRCS.',
  'The FRCS then checks the form and asks for any missing company documents within ten working days.',
  'An FRCS officer next reviews the security self-assessment that the applicant attached to the form.',
  'The FRCS afterwards visits the main site of the applicant to validate what the self-assessment says.',
  'The FRCS validation team writes a report on the site visit for the FTTP board within a month.',
  'The FTTP board decides on the file at its next monthly meeting and informs the applicant in writing.',
  'A rejected FTTP applicant may ask the FRCS board to review the decision within thirty days.',
  '',
  '## Tiers or certification types',
  '<!-- questions:',
  '- what levels does FTTP have?',
  '-->',
  'The FTTP has a Bronze tier and a Gold tier.',
  'Only the Gold tier of the FTTP is recognised under the mutual recognition arrangements of Fiji.',
  '',
  '## Mutual recognition arrangements',
  '<!-- questions:',
  '- which MRAs does fiji have?',
  '-->',
  'Fiji signed an AEO MRA with Samoa in 2023.',
  'FTTP members get faster clearance in Samoa under the MRA of 2023.',
  '',
  '## Caveats',
  '<!-- questions:',
  '- where do the FTTP figures come from?',
  '-->',
  'The FTTP trader count comes from a 2024 press release and may have changed.',
  '',
].join('\n');

/** A second free programme, for yes/no comparisons. */
const SAMOA = [
  '---', 'title: Samoa - Samoa Trusted Operator', 'sources:', '  - test fixture', 'jurisdictions: [WS]',
  'topics: [programme]', 'language: en', 'updated: 2026-01-01', 'programme:', '  name: Samoa Trusted Operator (STO)',
  'aliases: [Samoa Trusted Operator, STO]', '---', '', '# Samoa - Samoa Trusted Operator', '', '## Cost and fees',
  '<!-- questions:', '- does the STO cost anything?', '-->', 'Samoa Customs charges no fee for the STO.', '',
  '## Number of AEOs', '<!-- questions:', '- how many STO operators are there?', '-->',
  'Samoa had 12 trusted operators, according to a figure whose date is not stated.', '',
  '## Validity and renewal', '<!-- questions:', '- does samoa check STO operators later?', '-->',
  'Samoa Customs visits STO operators after their certification.', '',
].join('\n');

/** A programme whose own name holds a word that states a facet ("Priority"), and a count that is no count of AEOs. */
const TONGA = [
  '---', 'title: Tonga - Tonga Priority Trader Scheme', 'sources:', '  - test fixture', 'jurisdictions: [TO]',
  'topics: [programme]', 'language: en', 'updated: 2026-01-01', 'programme:', '  name: Tonga Priority Trader Scheme (TPTS)',
  'aliases: [Tonga Priority Trader Scheme, TPTS]', '---', '', '# Tonga - Tonga Priority Trader Scheme', '', '## Overview',
  '<!-- questions:', '- what is the TPTS?', '-->',
  'The Tonga Priority Trader Scheme (TPTS) is run by Tonga Customs under Regulation 2.154/2023.',
  'The TPTS has two modalities: TPTS-Security and TPTS-Compliance for certified traders.', '',
].join('\n');

beforeAll(async () => {
  svc = await fixtureServices();
  await writeFile(join(svc.knowledgeDir, 'programmes', 'to-tpts.md'), TONGA);
  await writeFile(join(svc.knowledgeDir, 'programmes', 'fj-fttp.md'), PAGE);
  await writeFile(join(svc.knowledgeDir, 'programmes', 'ws-sto.md'), SAMOA);
  await svc.refresh();
});
afterAll(() => svc?.cleanup());

const ask = (question: string) => svc.engine.answer(question);

describe('FacetResponder: a facet answered from its section', () => {
  it.each([
    ['How long is FTTP status valid?', /FTTP status is valid for three years/],
    ['When does Fiji Trusted Trader status expire?', /valid for three years and is renewed/],
    ['How much does the FTTP cost?', /charges no membership fee for the FTTP/],
    ['What are the FTTP benefits?', /Fewer physical inspections of cargo/],
  ])('%s', async (question, expected) => {
    const a = await ask(question);
    expect(a.declined).toBe(false);
    expect(a.kind).toBe('retrieval');
    expect(a.answer).toMatch(expected);
    expect(a.citations.length).toBeGreaterThan(0);
    expect(a.citations[0]?.source).toMatch(/fj-fttp\.md$/);
  });

  it('cites the section it answered from', async () => {
    const a = await ask('How long is FTTP status valid?');
    expect(a.citations[0]?.section).toMatch(/Validity and renewal/);
    expect(a.answer).not.toMatch(/membership fee|42 certified/);
  });

  it('answers whether joining is mandatory from the sentence saying so, wherever it sits', async () => {
    const a = await ask('Is the FTTP mandatory for exporters?');
    expect(a.answer).toMatch(/^No\. /);
    expect(a.answer).toMatch(/Joining the FTTP is voluntary/);
  });

  it('opens a yes/no answer with Yes or No when the section settles it', async () => {
    expect((await ask('Is the FTTP free?')).answer).toMatch(/^Yes\. The Fiji Revenue and Customs Service charges no membership fee/);
    expect((await ask('Does the FTTP cost anything?')).answer).toMatch(/^No\. The Fiji Revenue and Customs Service charges no membership fee/);
  });
});

describe('FacetResponder: a facet the page lacks', () => {
  it.each([
    ['Can FTTP status be suspended?', /My sources don't state the penalties, suspension or revocation rules for Fiji Trusted Trader Programme \(FTTP\)/],
    ['What is the legal basis of the FTTP?', /My sources don't state the legal basis for Fiji Trusted Trader Programme \(FTTP\)/],
  ])('%s -> declined, naming what is not stated', async (question, expected) => {
    const a = await ask(question);
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(expected);
    expect(a.answer).not.toMatch(/^(Yes|No)\./);
  });

  it("does not read the programme's own name as a statement of the facet", async () => {
    const a = await ask('TPTS benefits?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/My sources don't state the benefits for Tonga Priority Trader Scheme/);
  });

  it('does not answer "how many" with a figure counting something else or a reference number', async () => {
    const a = await ask('how many certified traders does the TPTS have?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/My sources don't state the number of certified operators for Tonga Priority Trader Scheme/);
  });

  it('does not answer "how long is it valid" with a validity section that gives no period', async () => {
    const a = await ask('How long is STO status valid?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/My sources don't state how long the status is valid .*Samoa Trusted Operator/);
    const visits = await ask('Does Samoa Customs check STO operators after certification?');
    expect(visits.answer).toMatch(/visits STO operators after their certification/);
  });

  it('suggests facets the page does state', async () => {
    const a = await ask('Can FTTP status be suspended?');
    expect(a.followUps.length).toBeGreaterThan(0);
    expect(a.followUps.join(' ')).toMatch(/Fiji Trusted Trader Programme/);
    expect(a.followUps.join(' ')).not.toMatch(/penalties/);
  });
});

describe('FacetResponder: choosing sentences', () => {
  it('keeps a list section whole', async () => {
    const a = await ask('What are the FTTP benefits?');
    for (const b of BENEFITS) expect(a.answer).toContain(b.replace(/\.$/, ''));
    // ...in the page's order.
    const at = BENEFITS.map((b) => a.answer.indexOf(b.replace(/\.$/, '')));
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });

  it('answers "how many" with the sentence that gives the figure, not the one that says "many"', async () => {
    const a = await ask('How many trusted traders are there in Fiji?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/42 certified trusted traders/);
    expect(a.answer).not.toMatch(/many advantages/);
  });

  it('answers an MRA question on a facet from the sentences that speak of mutual recognition', async () => {
    const tier = await ask('Which FTTP tier is recognised in MRAs?');
    expect(tier.answer).toMatch(/Only the Gold tier of the FTTP is recognised/);
    expect(tier.answer).not.toMatch(/Bronze tier and a Gold tier/);
    const benefits = await ask('What benefits do FTTP members get under the MRAs?');
    expect(benefits.answer).toMatch(/faster clearance in Samoa/);
    expect(benefits.answer).not.toMatch(/Fewer physical inspections/);
  });

  it('answers the same when a page is asked again, after other facets and MRA questions of it', async () => {
    // The page's MRA sentences and the sentences stating each facet are kept per page: asked in any order, each
    // question reads its own facet's sentences.
    const questions = ['Which FTTP tier is recognised in MRAs?', 'How many trusted traders are there in Fiji?', 'Is the FTTP mandatory for exporters?'];
    const first = [];
    for (const q of questions) first.push((await ask(q)).answer);
    const again = [];
    for (const q of [...questions].reverse()) again.push((await ask(q)).answer);
    expect(again.reverse()).toEqual(first);
    expect(new Set(first).size).toBe(questions.length);
  });

  it('leads with the page sentence holding a distinctive question word that the facet section lacks', async () => {
    const a = await ask('Do we need a TIN before applying for the FTTP?');
    expect(a.answer).toMatch(/^(Yes\. )?An FTTP applicant must hold a Fiji taxpayer identification number/);
    const plain = await ask('How do we apply for the FTTP?');
    expect(plain.answer).toMatch(/online application form/);
    expect(plain.answer).not.toMatch(/taxpayer identification/);
  });

  it('tells a procedure from its first step, in order, when the steps are asked for', async () => {
    const a = await ask('FTTP: what are the steps to join?');
    expect(a.answer).toMatch(/^An FTTP applicant fills in the online application form/);
    const at = ['online application form', 'checks the form', 'reviews the security'].map((x) => a.answer.indexOf(x));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
  });

  it('does not answer from the caveats unless the sources are asked about', async () => {
    expect((await ask('How many trusted traders are there in Fiji?')).answer).not.toMatch(/press release/);
    expect((await ask('Where do the FTTP figures come from?')).answer).toMatch(/press release/);
  });
});

describe('FacetResponder: agency and name', () => {
  it('answers who runs it with the page sentence naming the agency', async () => {
    const a = await ask('Who runs the FTTP?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/Fiji Revenue and Customs Service/);
    expect(a.citations[0]?.source).toMatch(/fj-fttp\.md$/);
  });

  it("answers what the programme is called from the front matter", async () => {
    const a = await ask("What is Fiji's AEO programme called?");
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/^The AEO programme of Fiji is Fiji Trusted Trader Programme \(FTTP\), run by Fiji Revenue and Customs Service \(FRCS\) \[1\]\./);
    expect(a.citations[0]?.source).toMatch(/fj-fttp\.md$/);
  });
});

describe('FacetResponder: names from front matter find the page', () => {
  it.each([
    ['How long is FTTP valid?', /valid for three years/],
    ['How long is Fiji Trusted Trader status valid?', /valid for three years/],
    ['Does FRCS charge a fee for trusted traders?', /charges no membership fee/],
    ['How long is trusted trader status valid in Fiji?', /valid for three years/],
  ])('%s', async (question, expected) => {
    const a = await ask(question);
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(expected);
    expect(a.citations[0]?.source).toMatch(/fj-fttp\.md$/);
  });

  it('the engine understands the alias and the agency acronym as Fiji', () => {
    expect(svc.engine.explain('How long is FTTP valid?')?.jurisdictions).toEqual(['FJ']);
    expect(svc.engine.explain('Does FRCS charge a fee?')?.jurisdictions).toEqual(['FJ']);
  });
});

describe('FacetResponder: Spanish and French questions about an English page', () => {
  it('answers from the English section', async () => {
    expect((await svc.engine.answer('¿Cuánto tiempo es válido el FTTP?', { language: 'es' })).answer).toMatch(/valid for three years/);
    expect((await svc.engine.answer('Quels sont les avantages du FTTP ?', { language: 'fr' })).answer).toMatch(/Fewer physical inspections/);
  });

  it('says what is not stated in the question\'s language', async () => {
    const es = await svc.engine.answer('¿Qué sanciones hay en el FTTP?', { language: 'es' });
    expect(es.declined).toBe(true);
    expect(es.answer).toMatch(/^Mis fuentes no indican las sanciones, la suspensión o la revocación en el programa OEA de Fiji/);
    const fr = await svc.engine.answer('Quelle est la base juridique du FTTP ?', { language: 'fr' });
    expect(fr.declined).toBe(true);
    expect(fr.answer).toMatch(/^Mes sources n'indiquent pas/);
  });

  it('names the programme in Spanish', async () => {
    const a = await svc.engine.answer('¿Cómo se llama el programa OEA de Fiji?', { language: 'es' });
    expect(a.answer).toMatch(/^El programa OEA de .+ es Fiji Trusted Trader Programme \(FTTP\), a cargo de Fiji Revenue and Customs Service \(FRCS\)/);
  });

  it('says a country is not covered in Spanish', async () => {
    const a = await svc.engine.answer('¿Cuánto cuesta el OEA en Mongolia?', { language: 'es' });
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/^Mis fuentes no cubren el programa OEA de Mongolia/);
  });
});

describe('FacetResponder: a country with no page', () => {
  it.each([
    'How much does AEO cost in Mongolia?',
    'How long is AEO status valid in Mongolia?',
  ])('%s -> "don\'t cover", declined', async (question) => {
    const a = await ask(question);
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/My sources don't cover the AEO programme of Mongolia/);
  });

  it('does not say "don\'t cover" for a country that has a page', async () => {
    const a = await ask('Can FTTP status be suspended?');
    expect(a.answer).not.toMatch(/don't cover/);
  });
});

describe('a caveat on a stated figure', () => {
  it('qualifies the figure instead of turning it into "not stated"', async () => {
    const a = await ask('roughly how many trusted operators does Samoa have?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/Samoa had 12 trusted operators/);
  });
});

describe('FacetComparisonResponder: the asked attribute for each programme', () => {
  it('answers the facet per programme, saying which page does not state it', async () => {
    const a = await svc.engine.answer('Compare the fees of FTTP and the Peru OEA');
    expect(a.kind).toBe('comparison');
    expect(a.answer).toMatch(/\*\*Fiji\*\*: The Fiji Revenue and Customs Service charges no membership fee for the FTTP \[1\]/);
    expect(a.answer).toMatch(/\*\*Peru\*\*: My sources don't state the application fee or cost/);
    expect(a.citations.map((c) => c.source)).toEqual(['programmes/fj-fttp.md']);
  });

  it('compares validity side by side with citations numbered across programmes', async () => {
    const a = await svc.engine.answer('FTTP vs Peru OEA: which is valid longer?');
    expect(a.answer).toMatch(/valid for three years and is renewed after a revalidation visit \[1\]/);
    expect(a.answer.indexOf('**Fiji**')).toBeLessThan(a.answer.indexOf('**Peru**'));
  });

  it('starts with yes or no when every programme settles a yes/no question the same way', async () => {
    expect((await ask('Do the FTTP and the STO charge a fee?')).answer).toMatch(/^No\.\n\n\*\*Fiji\*\*/);
    expect((await ask('Are the FTTP and the STO both free?')).answer).toMatch(/^Yes\.\n\n\*\*Fiji\*\*/);
    // Peru's page does not say, so there is no overall yes or no.
    expect((await ask('Do FTTP and the Peru OEA charge a fee?')).answer).toMatch(/^\*\*Fiji\*\*/);
  });
});
