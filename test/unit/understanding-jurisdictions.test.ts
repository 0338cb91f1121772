import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMarkdown } from '../../src/knowledge/loaders.js';
import type { DocMeta } from '../../src/knowledge/types.js';
import { CountryResolver } from '../../src/mra/country-resolver.js';
import { JurisdictionFinder } from '../../src/understanding/jurisdictions.js';
import { loadUnderstandingData, Understander } from '../../src/understanding/understand.js';
import { REPO } from '../helpers/paths.js';

const resolver = new CountryResolver();

function meta(codes: string[], fields: Partial<DocMeta> = {}): DocMeta {
  return { title: codes.join('/'), sources: ['fixture'], jurisdictions: codes, topics: ['programme'], language: 'en', kind: 'page', ...fields };
}

/** Front matter as the knowledge pages state it, agency and alias fields included. */
const METAS: DocMeta[] = [
  meta(['US'], {
    agency: ['U.S. Customs and Border Protection', 'CBP'], aliases: ['CTPAT', 'C-TPAT'],
    programme: { name: 'Customs-Trade Partnership Against Terrorism (CTPAT)', agency: 'U.S. Customs and Border Protection (CBP)' },
  }),
  meta(['CA'], { agency: ['Canada Border Services Agency', 'CBSA', 'ASFC'], aliases: ['Partners in Protection', 'PIP', 'Partenaires en protection'] }),
  meta(['PE'], { agency: ['Superintendencia Nacional de Aduanas y de Administración Tributaria', 'SUNAT'], aliases: ['OEA Perú'] }),
  meta(['CO'], { programme: { name: 'Operador Económico Autorizado (OEA)', agency: 'Dirección de Impuestos y Aduanas Nacionales (DIAN), with the National Police, ICA and INVIMA' } }),
  meta(['EC'], { agency: ['Servicio Nacional de Aduana del Ecuador', 'SENAE'] }),
  meta(['AR'], { programme: { name: 'Operador Económico Autorizado (OEA)', agency: 'AFIP (Dirección General de Aduanas)' } }),
  meta(['CN'], { agency: ['General Administration of Customs of China', 'GACC'] }),
  meta(['KR'], { agency: ['Korea Customs Service', 'KCS'] }),
  meta(['GB'], { agency: ['HM Revenue and Customs', 'HMRC'] }),
  meta(['AU'], { agency: ['Australian Border Force', 'ABF'], aliases: ['Australian Trusted Trader', 'ATT'] }),
  meta(['MX'], {
    agency: ['Servicio de Administración Tributaria', 'SAT'], aliases: ['NEEC'],
    programme: { name: 'Operador Económico Autorizado (OEA) / Nuevo Esquema de Empresas Certificadas (NEEC)', agency: 'Servicio de Administración Tributaria (SAT), certificates issued by its Administración General de Auditoría de Comercio Exterior (AGACE)' },
  }),
  meta(['GT'], { programme: { name: 'Operador Económico Autorizado (OEA)', agency: 'Superintendencia de Administración Tributaria (SAT)' } }),
  meta(['JO'], { programme: { name: 'Golden List', agency: 'Jordan Customs (Risk Management Directorate)' } }),
  meta(['SG'], { programme: { name: 'Secure Trade Partnership (STP, STP-Plus)', agency: 'Singapore Customs' } }),
  meta(['NZ'], { aliases: ['Secure Exports Scheme', 'SES', 'néo-zélandais'], agency: ['New Zealand Customs Service'] }),
  meta(['IN'], { programme: { name: 'Authorised Economic Operator (AEO) programme', agency: 'Central Board of Indirect Taxes and Customs (CBIC; formerly CBEC)' } }),
  meta(['JP'], { programme: { name: 'Authorized Economic Operator (AEO) programme' } }),
  meta(['TW'], { programme: { name: 'Authorized Economic Operator (AEO) programme', agency: 'Customs Administration, Ministry of Finance' } }),
  meta(['DO'], { programme: { name: 'Operador Económico Autorizado (OEA)', agency: 'Dirección General de Aduanas (DGA)' } }),
  meta(['SV'], { programme: { name: 'OEA-SV / Operador Confiable', agency: 'Dirección General de Aduanas (DGA)' } }),
  meta(['EU'], { agency: ['European Commission', 'DG TAXUD'], aliases: ['EU AEO', 'AEOC', 'AEOS', 'AEO-C', 'AEO-S'] }),
  // A page about several jurisdictions cannot say whose each name is: it gives none.
  meta(['PA', 'BZ', 'GY'], { aliases: ['Isthmus Scheme'], agency: ['Customs of the Isthmus'] }),
  // WCO-wide pages name no jurisdiction.
  meta(['INT'], { aliases: ['WCO', 'SAFE Framework'], agency: ['World Customs Organization'] }),
];

const finder = JurisdictionFinder.fromMetas(METAS, resolver);

type Row = [question: string, codes: string[], extra?: { ambiguous?: string[][]; unknown?: string[]; pair?: boolean }];

const ROWS: Row[] = [
  // A code that is also a function word gives way to a name, unless written as a pair.
  ['which IN governs the brazilian OEA programme now?', ['BR']],
  ['NO - EU MRA?', ['NO', 'EU']],
  // Agencies: acronyms and full names, from front matter.
  ['do we get fined if CBSA finds a gap?', ['CA']],
  ['what does CBP check during validation', ['US']],
  ['cbp validation visit', ['US']],
  ['¿cuánto tarda SUNAT en certificar?', ['PE']],
  ['sunat oea requisitos', ['PE']],
  ['DIAN OEA beneficios', ['CO']],
  ['¿Qué pide la DIAN?', ['CO']],
  ['SENAE certificación OEA', ['EC']],
  ['AFIP operador económico autorizado', ['AR']],
  ['GACC advanced certification', ['CN']],
  ['KCS AEO tiers AAA', ['KR']],
  ['HMRC AEO application time', ['GB']],
  ['Does the ABF charge a fee?', ['AU']],
  ['Canada Border Services Agency trusted trader', ['CA']],
  ["l'ASFC exige-t-elle un audit ?", ['CA']],
  ['U.S. Customs and Border Protection tier III', ['US']],
  ['Superintendencia Nacional de Aduanas y de Administración Tributaria OEA', ['PE']],
  ['Korea Customs Service MRA list', ['KR']],
  ['HM Revenue and Customs guidance', ['GB']],
  ['CBIC AEO T2 benefits', ['IN']],
  ['CBEC AEO', ['IN']],
  // Shared acronyms: asked about, or settled by the country the question names.
  ['SAT', [], { ambiguous: [['GT', 'MX']] }],
  ['what does the SAT require?', [], { ambiguous: [['GT', 'MX']] }],
  ['SAT Mexico requirements', ['MX']],
  ['SAT de Guatemala beneficios', ['GT']],
  ['¿el SAT de México cobra?', ['MX']],
  ['DGA certificación', [], { ambiguous: [['DO', 'SV']] }],
  ['DGA El Salvador', ['SV']],
  ['we sat down with customs', []],
  ['Sat with the broker yesterday', []],
  // Programme names and aliases.
  ['How do I join CTPAT?', ['US']],
  ['C-TPAT tier 2', ['US']],
  ['c tpat requirements', ['US']],
  ['ctpat', ['US']],
  ['Is PIP free?', ['CA']],
  ['Partners in Protection benefits', ['CA']],
  ['partenaires en protection avantages', ['CA']],
  ['NEEC rubro AA', ['MX']],
  ['Golden List Jordan', ['JO']],
  ['what is the golden list', ['JO']],
  ['STP-Plus benefits', ['SG']],
  ['STP members', ['SG']],
  ['SES exporters', ['NZ']],
  ['Secure Exports Scheme', ['NZ']],
  ['Australian Trusted Trader', ['AU']],
  ['OEA Perú beneficios', ['PE']],
  ['OEA-SV requisitos', ['SV']],
  ['Does CTPAT recognise PIP?', ['US', 'CA']],
  ['ses amis', []],
  ['pip install', []],
  ['ctpat vs pip - how many members each', ['US', 'CA']],
  ['pip and ctpat fees', ['CA', 'US']],
  ['ses avantages et la douane', []],
  ["we're a small importer, could we get AEO?", []],
  ["I'd like to know if we'll need CTPAT", ['US']],
  // ISO codes.
  ['mx oea requirements', ['MX']],
  ['KOR AEO', ['KR']],
  ['JPN', ['JP']],
  ['kor aeo tiers', ['KR']],
  ['jp - eu mra?', ['JP', 'EU'], { pair: true }],
  ['KR-TW', ['KR', 'TW'], { pair: true }],
  ['US/MX', ['US', 'MX'], { pair: true }],
  // The choice a comparison offers is a pair too.
  ['which came first, CTPAT or PIP?', ['US', 'CA'], { pair: true }],
  ['OEA Perú o Chile: ¿cuál es más antiguo?', ['PE', 'CL'], { pair: true }],
  ['China vs Singapore', ['CN', 'SG'], { pair: true }],
  ['kr and jp', ['KR', 'JP'], { pair: true }],
  ['pe - co mra', ['PE', 'CO'], { pair: true }],
  ['us and ca mra', ['US', 'CA'], { pair: true }],
  ['mra between pe and co', ['PE', 'CO'], { pair: true }],
  ['pe - co', []],
  ['is it in force and do we have an AEO to apply?', []],
  ['AEO in IT', []],
  ['IT security requirements', []],
  ['IT - JP MRA', ['IT', 'JP'], { pair: true }],
  ['IN AEO', ['IN']],
  ['ES OEA', ['ES']],
  ['tell us about the programme', []],
  ['what do I need to do', []],
  ['can a small company join', []],
  ['IS IT IN FORCE?', []],
  ['10 KG parcels', []],
  ['la versión 4 del DESPA-PG.29 desde cuándo rige?', []],
  ['procedure DESPA-PG.24 in Peru', ['PE']],
  ['are we ready to go for OEA?', []],
  ['c tpat benefits', ['US']],
  ['AI tools for AEO', []],
  ['per year, how many audits', []],
  ['PER oea', ['PE']],
  ['aeo in fr', []],
  ['EU-China MRA', ['EU', 'CN'], { pair: true }],
  // Names, Spanish and French function words around them.
  ['¿la Alianza del Pacífico tiene su ARM?', []],
  ['Isthmus Scheme', []],
  ['Customs of the Isthmus', []],
  ['How many AEOs does China have?', ['CN']],
  ['AEO-S holders', ['EU']],
  // An elided French word is no letter of a name: "AEO s'est" is not "AEO-S".
  ["la conférence mondiale AEO s'est tenue où ?", []],
  ["l'AEO-S s'applique-t-il ?", ['EU']],
  // A demonym the page lists in the masculine also in its feminine form.
  ['liste des ARM de la douane néo-zélandaise svp', ['NZ']],
  // The EU's authorisation types in capitals name the EU; the plural "aeos" names nobody.
  ["c'est quoi AEOF ? un 3e type à côté de AEOC et AEOS ?", ['EU']],
  ['how many aeos are there worldwide', []],
  ['DG TAXUD guidance', ['EU']],
  ['¿Tiene México un ARM con Corea?', ['MX', 'KR']],
  ['Our company is in Texas, can we join CTPAT?', ['US']],
  ['MRA with ASEAN', [], { unknown: ['ASEAN'] }],
  ['qué países firmaron con Perú', ['PE']],
  ['le Canada a-t-il un ARM avec le Japon ?', ['CA', 'JP']],
  ['La Colombie a-t-elle un ARM avec le Pérou ?', ['CO', 'PE']],
  ['entre Perú y Colombia', ['PE', 'CO'], { pair: true }],
  ['ARM entre el Perú y la Argentina', ['PE', 'AR'], { pair: true }],
  ['le Canada et le Japon', ['CA', 'JP'], { pair: true }],
  ['Canada and Mexico', ['CA', 'MX'], { pair: true }],
  ["Canada's AEO programme", ['CA']],
  ['MRA with Wakanda', [], { unknown: ['Wakanda'] }],
  ['MRA with the EU', ['EU']],
  ['¿Tiene Perú un ARM con Wakanda?', ['PE'], { unknown: ['Wakanda'] }],
  ['un ARM avec la Bordurie ?', [], { unknown: ['Bordurie'] }],
  ['MRA between Japan and Wakanda', ['JP'], { unknown: ['Wakanda'] }],
  ['Is there an AEO programme in Wakanda?', [], { unknown: ['Wakanda'] }],
  ['MRA with the Republic of Wakanda', [], { unknown: ['Republic of Wakanda'] }],
  ['Can I apply in English?', []],
  ['signed in May', []],
  ['MRA with Peruu', ['PE']],
  ['United States MRA with Japan', ['US', 'JP']],
  ['Estados Unidos', ['US']],
  ['EE.UU. y México', ['US', 'MX'], { pair: true }],
  ['Hong Kong AEO', ['HK']],
  // Demonyms.
  ['Korean AEO tiers', ['KR']],
  ['OEA peruano', ['PE']],
  ['AEO japonais', ['JP']],
  ['Chinese AEOs', ['CN']],
  ['operador mexicano', ['MX']],
  // Domain words: no jurisdiction.
  ['What is an AEO?', []],
  ['OEA', []],
  ['ARM', []],
  ['SAFE', []],
  ['WCO', []],
  ['OMA', []],
  ['What does the WCO SAFE Framework say?', []],
  ['Authorized Economic Operator programme', []],
  ['Dirección General de Aduanas', []],
  ['customs administration requirements', []],
  ['CAN member states', []],
];

describe('JurisdictionFinder over fixture front matter', () => {
  it.each(ROWS)('%s -> %j', (question, codes, extra = {}) => {
    const r = finder.find(question);
    expect(r.codes).toEqual(codes);
    expect(r.ambiguous.map((a) => a.codes)).toEqual(extra.ambiguous ?? []);
    expect(r.unknownNames).toEqual(extra.unknown ?? []);
    if (extra.pair !== undefined) expect(r.pair).toBe(extra.pair);
  });

  it('gives where and how each jurisdiction was named', () => {
    const q = 'Does CBSA recognise Korean AEOs under the KR-MX MRA or NEEC?';
    expect(finder.find(q).mentions).toEqual([
      { code: 'CA', text: 'CBSA', start: 5, end: 9, via: 'agency' },
      { code: 'KR', text: 'Korean', start: 20, end: 26, via: 'demonym' },
      { code: 'KR', text: 'KR', start: 42, end: 44, via: 'code' },
      { code: 'MX', text: 'MX', start: 45, end: 47, via: 'code' },
      { code: 'MX', text: 'NEEC', start: 55, end: 59, via: 'programme' },
    ]);
    expect(finder.find('Peru').mentions[0]).toMatchObject({ code: 'PE', via: 'name' });
    expect(finder.find('Partners in Protection').mentions[0]).toMatchObject({ code: 'CA', via: 'programme', text: 'Partners in Protection' });
  });

  it('names the shared acronym it could not settle', () => {
    expect(finder.find('Is SAT strict?').ambiguous).toEqual([{ text: 'SAT', codes: ['GT', 'MX'] }]);
  });

  it('is not a pair when one jurisdiction is named twice or two are named apart', () => {
    expect(finder.find('Peru and Perú').pair).toBe(false);
    expect(finder.find('Does Japan have an MRA with the EU?').pair).toBe(false);
  });

  it('takes programme and agency names only from the pages it is given', () => {
    const bare = JurisdictionFinder.fromMetas([], resolver);
    expect(bare.find('How do I join CTPAT?').codes).toEqual([]);
    expect(bare.find('CBSA').codes).toEqual([]);
    expect(bare.find('Canada').codes).toEqual(['CA']);
  });

  it('drops a name four or more administrations share: it is generic, not a pointer', () => {
    const shared = ['BR', 'CL', 'UY', 'PY'].map((c) => meta([c], { agency: ['Receita Aduanera', 'RA'] }));
    const f = JurisdictionFinder.fromMetas(shared, resolver);
    expect(f.find('Receita Aduanera').codes).toEqual([]);
    expect(f.find('Receita Aduanera').ambiguous).toEqual([]);
  });

  it('reads many questions over 100 pages with one precompiled table (correctness only, no timing)', () => {
    const many = Array.from({ length: 100 }, (_, k) => METAS[k % METAS.length] as DocMeta);
    const f = JurisdictionFinder.fromMetas(many, resolver);
    for (let k = 0; k < 200; k++) {
      for (const [question, codes] of ROWS.slice(0, 20)) expect(f.find(question).codes).toEqual(codes);
    }
  });
});

describe('names typed with a slip', () => {
  const words = new Set(['begin', 'indie']);
  const typing = JurisdictionFinder.fromMetas(METAS, resolver, (w) => words.has(w));

  it.each([
    ["which MRA was mexcio's first", ['MX']],
    ['oea en guatamala requisitos?', ['GT']],
    ['jamiaca aeo benefits', ['JM']],
    ['uruguy and paragauy mra', ['UY', 'PY']],
    ['cptat benefits?', ['US']],
  ])('%s', (q, codes) => {
    expect(typing.find(q).codes).toEqual(codes);
  });

  it('leaves ordinary words, short words and far-off words alone', () => {
    expect(typing.find('can we begin the application').codes).toEqual([]);
    expect(typing.find('indie exports').codes).toEqual([]);
    expect(typing.find('peur oea').codes).toEqual([]);
    expect(typing.find('mxcio oea').codes).toEqual([]);
  });

  it('corrects nothing when no word test is given for a word the finder cannot tell from a slip', () => {
    expect(typing.find('what does xenophon say').codes).toEqual([]);
  });
});

/** The real programme pages: asserts only what their front matter already states (the lead tightens it later). */
describe('JurisdictionFinder over knowledge/programmes', () => {
  const dir = join(process.cwd(), 'knowledge', 'programmes');
  const metas = readdirSync(dir).filter((f) => f.endsWith('.md'))
    .map((f) => loadMarkdown(readFileSync(join(dir, f), 'utf8'), `programmes/${f}`).meta);
  const real = JurisdictionFinder.fromMetas(metas, resolver);
  const names = (m: DocMeta) => [...(m.agency ?? []), ...(m.aliases ?? []), String(m.programme?.agency ?? ''), String(m.programme?.name ?? '')].join(' | ');
  const states = (code: string, name: string) => metas.some((m) => m.jurisdictions.length === 1 && m.jurisdictions[0] === code && names(m).includes(name));

  const CASES: [string, string][] = [
    ['CBP', 'US'], ['CBSA', 'CA'], ['SUNAT', 'PE'], ['DIAN', 'CO'], ['SENAE', 'EC'], ['AFIP', 'AR'], ['KCS', 'KR'],
    ['HMRC', 'GB'], ['CTPAT', 'US'], ['Partners in Protection', 'CA'], ['NEEC', 'MX'], ['Golden List', 'JO'],
    ['GACC', 'CN'], ['ABF', 'AU'],
  ];

  it('reads each agency or programme name that a page states as that page\'s jurisdiction', () => {
    const stated = CASES.filter(([name, code]) => states(code, name));
    expect(stated.length).toBeGreaterThan(0);
    expect(stated.map(([name]) => [name, real.find(`What does ${name} require?`).codes])).toEqual(stated.map(([name, code]) => [name, [code]]));
  });

  it('reads SAT as Mexico or Guatemala when both pages name it', () => {
    if (!states('MX', 'SAT') || !states('GT', 'SAT')) return;
    expect(real.find('SAT').ambiguous).toEqual([{ text: 'SAT', codes: ['GT', 'MX'] }]);
  });

  it('finds no jurisdiction in generic programme names', () => {
    expect(real.find('Authorized Economic Operator (AEO) programme').codes).toEqual([]);
    expect(real.find('Operador Económico Autorizado (OEA)').codes).toEqual([]);
  });
});

describe('members a programme page lists (the EU Member States)', () => {
  const withMembers = JurisdictionFinder.fromMetas([
    meta(['EU'], { aliases: ['EU AEO'], members: ['DE', 'FR', 'ES'] }),
    // France has a page of its own here: its questions stay French.
    meta(['FR'], { aliases: ['OEA France'] }),
  ], resolver);

  it('reads a member without a page of its own as the programme covering it, remembering which was named', () => {
    const found = withMembers.find('if germany grants us aeo is it good in spain too?');
    expect(found.codes).toEqual(['EU']);
    expect(found.mentions.map((m) => m.member)).toEqual(['DE', 'ES']);
  });

  it('keeps a member that has its own page, and leaves countries no page lists alone', () => {
    expect(withMembers.find('AEO in France').codes).toEqual(['FR']);
    expect(withMembers.find('AEO in Japan').codes).toEqual(['JP']);
  });
});

describe('the programme a question asks about, among the places it names', () => {
  const finder = JurisdictionFinder.fromMetas([...METAS, meta(['DO'], { aliases: ['OEA República Dominicana'] })], resolver);
  const understander = Understander.create(loadUnderstandingData(join(REPO, 'data', 'understanding')), {
    find: (text) => finder.find(text),
    hasProgrammePage: (code) => finder.hasProgrammePage(code),
  });
  const codes = (q: string) => understander.understand(q, { language: 'en' }).jurisdictions;

  it('comes first when named by its programme or agency and the other places have no programme page', () => {
    expect(codes('our HQ is in Turkey - can we apply for CTPAT ourselves?')).toEqual(['US', 'TR']);
    expect(codes("when was Thailand added to NZ's SES list")).toEqual(['NZ', 'TH']);
  });

  it('leaves the order when another place has a page of its own, or the question compares', () => {
    expect(codes('did the dominican republic line up its security requirements with CTPAT?')).toEqual(['DO', 'US']);
    expect(finder.hasProgrammePage('DO')).toBe(true);
    expect(finder.hasProgrammePage('TR')).toBe(false);
    expect(codes('Turkey vs CTPAT benefits')[0]).toBe('TR');
  });
});
