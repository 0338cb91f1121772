import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureServices } from '../helpers/services.js';

/** A question about one country is answered with that country's rules, not a neighbour's from a shared page. */
let svc: Awaited<ReturnType<typeof fixtureServices>>;

beforeAll(async () => {
  svc = await fixtureServices();
  await writeFile(join(svc.knowledgeDir, 'criteria-compared.md'), [
    '---', 'title: AEO criteria compared', 'sources:', '  - test fixture', 'jurisdictions: [INT]', 'topics: [criteria]', 'language: en', 'updated: 2026-01-01', '---', '',
    '# AEO criteria compared', '', '## Criteria by programme', '',
    "Korea's AEO criteria are compliance, record-keeping, financial solvency and security standards.",
    "Mexico's AEO criteria are tax compliance, a registered address and security management.",
    "The European Union's AEO criteria are compliance, record-keeping, financial solvency, competence and security standards.",
    '',
  ].join('\n'));
  await writeFile(join(svc.knowledgeDir, 'tuvalu-aeo.md'), [
    '---', 'title: Tuvalu - AEO programme', 'sources:', '  - test fixture', 'jurisdictions: [TV]', 'topics: [programme, benefits]', 'language: en', 'updated: 2026-01-01', '---', '',
    '# Tuvalu - AEO programme', '', '## Overview', '',
    "Tuvalu's AEO programme offers many advantages to AEOs in Tuvalu, as many traders in Tuvalu say.",
    'Tuvalu had 57 certified AEOs in 2020.',
    'A TTP applicant submits a company profile and a security profile to Tuvalu Customs.',
    'The TTP membership list of Tuvalu Customs is published every year.',
    'The Tuvalu Trusted Partner (TTP) is the AEO programme of Tuvalu Customs.', '',
    '## Benefits', '',
    "Tuvalu's certified traders get fewer inspections and faster clearance.", '',
    '## Caveats', '',
    "Tuvalu's AEO benefit figures for certified traders come from a 2019 newspaper article and may have changed.", '',
  ].join('\n'));
  await svc.refresh();
});
afterAll(() => svc?.cleanup());

describe('retrieval with a country in focus', () => {
  it('leaves out sentences about other countries from a page shared by several', async () => {
    const a = await svc.engine.answer('What are the AEO criteria in the European Union?');
    expect(a.declined).toBe(false);
    expect(a.answer).toMatch(/European Union's AEO criteria are compliance, record-keeping/);
    expect(a.answer).not.toMatch(/Korea|Mexico/);
  });

  it('answers another country from the same shared page, again without its neighbours', async () => {
    const a = await svc.engine.answer("What are Korea's AEO criteria?");
    expect(a.answer).toMatch(/Korea's AEO criteria are compliance, record-keeping/);
    expect(a.answer).not.toMatch(/Mexico's/);
  });

  it('answers from the facts, not from the page\'s caveats about its sources, unless asked about the sources', async () => {
    const a = await svc.engine.answer('What AEO benefits do certified traders get in Tuvalu?');
    expect(a.answer).toMatch(/^Tuvalu's certified traders get fewer inspections/);
    expect(a.answer).not.toMatch(/newspaper/);
    const b = await svc.engine.answer("What source do Tuvalu's AEO benefit figures come from?");
    expect(b.answer).toMatch(/newspaper article/);
  });

  it('answers "how many" with a passage that gives a figure, not one that says "many"', async () => {
    const a = await svc.engine.answer('How many AEOs are there in Tuvalu?');
    expect(a.answer).toMatch(/57 certified AEOs/);
    expect(a.answer).not.toMatch(/many advantages/);
  });

  it('answers a definition question with the sentence that says what the thing is', async () => {
    const a = await svc.engine.answer('What is TTP?');
    expect(a.answer).toMatch(/^The Tuvalu Trusted Partner \(TTP\) is the AEO programme of Tuvalu Customs/);
  });
});
