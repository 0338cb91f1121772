import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountryResolver, withoutBareCodes } from '../../src/mra/country-resolver.js';
import { namedArrangementsIn } from '../../src/mra/mra-query.js';
import type { MraData } from '../../src/mra/mra-responder.js';
import { fixtureServices } from '../helpers/services.js';

const resolver = new CountryResolver();

// One service over the fixture corpus for every look-up below; these questions carry no conversation state.
let s: Awaited<ReturnType<typeof fixtureServices>>;
beforeAll(async () => {
  s = await fixtureServices();
  await s.refresh();
});
afterAll(() => s.cleanup());

describe('CountryResolver', () => {
  it.each([
    ['USA', 'US'], ['United States', 'US'], ['EE.UU.', 'US'], ['Etats-Unis', 'US'], ['Estados Unidos', 'US'],
    ['EU', 'EU'], ['UE', 'EU'], ['European Union', 'EU'], ['Unión Europea', 'EU'], ['Union européenne', 'EU'],
    ['Korea', 'KR'], ['Republic of Korea', 'KR'], ['Corée du Sud', 'KR'], ['Pérou', 'PE'], ['PER', 'PE'], ['Chinese Taipei', 'TW'],
  ])('resolves %s to %s', (name, code) => {
    expect(resolver.resolve(name)).toBe(code);
  });

  it('finds mentions in questions, hyphenated pairs and demonyms included', () => {
    expect(resolver.find('When was the EU-China MRA signed?').map((m) => m.code)).toEqual(['EU', 'CN']);
    expect(resolver.find('From when did EU and Chinese AEOs get benefits?').map((m) => m.code)).toEqual(['EU', 'CN']);
    expect(resolver.find('La Colombie a-t-elle un ARM avec le Pérou ?').map((m) => m.code)).toEqual(['CO', 'PE']);
  });

  it('reads programme names that belong to one administration as that administration', () => {
    expect(resolver.find('How do I join C-TPAT?').map((m) => m.code)).toEqual(['US']);
    expect(resolver.find('Does Partners in Protection recognise the NEEC?').map((m) => m.code)).toEqual(['CA', 'MX']);
    expect(resolver.find('What are the AEO criteria?')).toEqual([]);
  });

  it('reads a page for the countries it discusses by their names, not by bare capitalised codes', () => {
    const page = 'according to NI Business Info guidance, Nicaragua is not covered; the EU and Peru are.';
    expect(resolver.find(withoutBareCodes(page)).map((m) => m.code)).toEqual(['NI', 'PE']);
    expect(resolver.find(withoutBareCodes('according to NI Business Info guidance')).map((m) => m.code)).toEqual([]);
  });

  it('does not read ordinary words as country codes', () => {
    expect(resolver.find('is it in force and do we have an AEO to apply?')).toEqual([]);
  });

  it('suggests close names for typos', () => {
    expect(resolver.suggest('Peruu')[0]).toBe('Peru');
    expect(resolver.suggest('Columbia')[0]).toBe('Colombia');
  });
});

describe('MRA look-ups through answer()', () => {

  it('answers yes with instrument, status and dates, cited to the registry row, with table data', async () => {
    const a = await s.engine.answer('Does Japan have an MRA with the EU?');
    expect(a.kind).toBe('mra');
    expect(a.answer).toMatch(/^Yes\./);
    expect(a.answer).toContain('signed 24 June 2010');
    expect(a.answer).toContain('in force from May 2011');
    expect(a.citations).toEqual([expect.objectContaining({ n: 1, source: 'mra/registry.yaml', url: 'https://taxation-customs.ec.europa.eu/' })]);
    const data = a.data as MraData;
    expect(data.rows).toEqual([expect.objectContaining({ id: 'eu-jp', partner: 'European Union', signed: '24 June 2010', n: 1 })]);
  });

  it('reads an agency named in the question as its administration, not as an unknown country', async () => {
    const a = await s.engine.answer('Does SUNAT have an MRA with Chile?');
    expect(a.answer).toMatch(/^Yes\. Peru and Chile/);
  });

  it('counts a regional arrangement for each member', async () => {
    const a = await s.engine.answer('Does Peru have an AEO MRA with Chile?');
    expect(a.answer).toMatch(/^Yes\./);
    expect(a.answer).toContain('Pacific Alliance AEO MRA');
    expect(a.answer).toMatch(/Pacific Alliance AEO MRA \(4 members: /);
  });

  it('says no for a pair without an MRA, with the registry date', async () => {
    const a = await s.engine.answer('Does Peru have an MRA with Japan?');
    expect(a.kind).toBe('mra');
    expect(a.answer).toMatch(/^No\. The MRA registry \(as of 1 November 2026\)/);
    expect(a.citations).toEqual([expect.objectContaining({ n: 1, source: 'mra/registry.yaml', title: expect.stringContaining('Registry') })]);
    expect(a.answer).toMatch(/may be missing\. \[1\]$/);
  });

  it('says it does not know for a party the sources do not cover at all (no page, no registry row)', async () => {
    const pair = await s.engine.answer('Does Peru have an MRA with Honduras?');
    expect(pair).toMatchObject({ kind: 'mra', declined: true });
    expect(pair.answer).toMatch(/^I don't know: my sources don't cover the AEO programme of Honduras/);
    const list = await s.engine.answer('Which MRAs has Guyana signed?');
    expect(list.declined).toBe(true);
    expect(list.answer).toMatch(/don't cover the AEO programme of Guyana/);
    // A party the registry knows keeps its "no": Japan has no page in this corpus but an MRA with the EU.
    const known = await s.engine.answer('Does Peru have an MRA with Japan?');
    expect(known.declined).toBe(false);
  });

  it('lists the MRAs of one party', async () => {
    const a = await s.engine.answer('Which MRAs has Mexico signed?');
    expect(a.answer).toMatch(/Mexico has 1 AEO mutual recognition/);
    expect((a.data as MraData).rows.map((r) => r.id)).toEqual(['pacific-alliance']);
  });

  it('finds partners shared by two parties', async () => {
    const a = await s.engine.answer('Who has MRAs with both Peru and Mexico?');
    expect(a.answer).toMatch(/2 partners/);
    expect(a.answer).toContain('- Chile [1]');
    expect(a.answer).toContain('- Colombia [1]');
  });

  it('looks up an arrangement by name, in Spanish names too', async () => {
    const a = await s.engine.answer('¿Cuándo se firmó el ARM de la Alianza del Pacífico?');
    expect(a.language).toBe('es');
    expect(a.answer).toContain('21 de julio de 2018');
    expect(a.answer).toContain('Puerto Vallarta');
    expect(a.answer).toMatch(/: ARM, firmado el 21 de julio de 2018/);
    expect(a.answer).not.toMatch(/: MRA,/);
  });

  it('lists by status and says so when none has it', async () => {
    expect((await s.engine.answer('List MRAs in force')).answer).toContain('European Union - Japan');
    const none = await s.engine.answer('List MRAs under negotiation');
    expect(none.answer).toMatch(/no arrangement with the status "under negotiation"/);
  });

  it('answers in French with French country names', async () => {
    const a = await s.engine.answer('La Colombie a-t-elle un ARM avec le Pérou ?');
    expect(a.answer).toMatch(/^Oui\. Colombie et Pérou/);
  });

  it('never guesses an unknown country, and offers close matches', async () => {
    const a = await s.engine.answer('Does Wakanda have an MRA with Peru?');
    expect(a.answer).toMatch(/I don't know a country or customs territory called "Wakanda"/);
    expect(a.citations).toEqual([]);
    const typo = await s.engine.answer('Does Columbia have an MRA with Peru?');
    expect(typo.answer).toContain('Colombia');
  });

  it('leaves process questions about MRAs to retrieval', async () => {
    const a = await s.engine.answer('What is an MRA?');
    expect(a.kind).toBe('curated');
  });

  it('answers what an arrangement gives from the prose, but when it started giving it from the registry', async () => {
    for (const q of ['What are the benefits of the Japan-EU MRA?', '¿Cuáles son los beneficios del ARM entre Japón y la UE?']) {
      expect((await s.engine.answer(q)).kind).not.toBe('mra');
    }
    expect((await s.engine.answer('From when did Japanese and EU AEOs get MRA benefits?')).kind).toBe('mra');
  });
});

describe('programme comparison', () => {

  it('puts two programmes side by side from front matter and the registry, cited', async () => {
    const a = await s.engine.answer('Compare the AEO programmes of Peru and Colombia');
    expect(a.kind).toBe('comparison');
    const data = a.data as { columns: { code: string }[]; rows: { field: string; values: string[] }[] };
    expect(data.columns.map((c) => c.code)).toEqual(['PE', 'CO']);
    const row = (f: string) => data.rows.find((r) => r.field === f)?.values;
    expect(row('agency')).toEqual(['SUNAT', 'DIAN']);
    expect(row('launched')).toEqual(['2012', 'not stated in my sources']);
    expect(row('mras')?.[0]).toContain('Pacific Alliance AEO MRA');
    expect(a.answer).toMatch(/- Agency: Peru: SUNAT \[1\]; Colombia: DIAN \[2\]/);
    expect(a.citations.map((c) => c.source)).toEqual(['programmes/pe-oea.md', 'programmes/co-oea.md', 'mra/registry.yaml']);
  });

  it('says when a country has no programme page instead of inventing one', async () => {
    const a = await s.engine.answer('Compara los programas OEA de Perú y Japón');
    expect(a.language).toBe('es');
    const data = a.data as { rows: { field: string; values: string[] }[] };
    expect(data.rows.find((r) => r.field === 'agency')?.values[1]).toBe('sin página de programa en mis fuentes');
  });
});

describe('when-questions', () => {

  it('lead with the dates instead of a yes', async () => {
    const a = await s.engine.answer('When was the EU-Japan MRA signed?');
    expect(a.answer).toMatch(/^European Union and Japan:\n- Japan: .*signed 24 June 2010/);
  });

  it('say the registry lacks the date asked for, with what it records, instead of another date', async () => {
    const a = await s.engine.answer('When did the Peru-Chile MRA enter into force?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/^I don't know: my registry .* does not say when the Peru–Chile arrangement took effect/);
    expect(a.answer).toContain('signed 21 July 2018');
    const signed = await s.engine.answer('When did the EU-Japan MRA enter into force?');
    expect(signed.declined).toBe(false);
    expect(signed.answer).toContain('in force from May 2011');
  });

  it('decline a date question about an arrangement the registry does not have', async () => {
    const a = await s.engine.answer('When did Japan and Peru sign their MRA?');
    expect(a.declined).toBe(true);
    expect(a.answer).toMatch(/lists no AEO mutual recognition arrangement between Japan and Peru/);
  });

  it('are read from any date wording, not only a question opening with when', async () => {
    const a = await s.engine.answer('eu japan mra signing date?');
    expect(a.answer).toMatch(/^European Union and Japan:\n- Japan: .*signed 24 June 2010/);
    const b = await s.engine.answer('peru chile mra entry into force date?');
    expect(b.declined).toBe(true);
    expect(b.answer).toMatch(/does not say when the Peru–Chile arrangement took effect/);
  });

  it('read RU in a French question as the United Kingdom, not as Russia', async () => {
    const a = await s.engine.answer('ARM UE - RU : existe-t-il ?');
    expect(a.language).toBe('fr');
    expect(a.answer).toContain('Royaume-Uni');
    expect(a.answer).not.toContain('Russie');
  });

  it('still start with yes when asked as a yes/no question too', async () => {
    const a = await s.engine.answer('Did the EU and Japan sign an MRA? when?');
    expect(a.answer).toMatch(/^Yes\. European Union and Japan have .*\n- Japan: .*signed 24 June 2010/);
  });
});

describe('regional arrangements by acronym', () => {
  const arrangements = [
    { id: 'can', name: 'Andean Community AEO MRA', parties: ['BO', 'CO', 'EC', 'PE'] },
    { id: 'pa', name: 'Pacific Alliance AEO MRA', parties: ['CL', 'CO', 'MX', 'PE'] },
  ] as unknown as Parameters<typeof namedArrangementsIn>[1];

  it('reads CAN in capitals as the Andean Community, and "can" as a verb', () => {
    expect(namedArrangementsIn('CAN mra members?', arrangements).map((a) => a.id)).toEqual(['can']);
    expect(namedArrangementsIn('can peru use the mra?', arrangements)).toEqual([]);
    expect(namedArrangementsIn('CAN WE USE THE MRA?', arrangements)).toEqual([]);
  });
});
