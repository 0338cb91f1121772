import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadMarkdown } from '../../src/knowledge/loaders.js';
import { compareTranslation, factTokens, formatMismatch } from '../../src/knowledge/translation-sync.js';
import { checkTranslations, loadEquivalents } from '../../src/knowledge/translations.js';
import { parseRegistry, arrangementNote, arrangementLabel } from '../../src/knowledge/registry.js';

const root = join(import.meta.dirname, '..', '..');
const eq = loadEquivalents(join(root, 'data'));

const en = loadMarkdown(`---
title: Peru OEA
sources: [https://www.sunat.gob.pe/]
jurisdictions: [PE]
agency: [SUNAT]
programme: { name: OEA, agency: SUNAT, launched: "2012-10" }
---
## Legal basis
Peru's OEA rests on Supreme Decree 184-2016-EF, version 4 in force from 1 January 2026.
## Number of AEOs
SUNAT had certified 1,234 AEOs by 2024.
`, 'programmes/pe-oea.md');

const es = (body: string, extra = '') => loadMarkdown(`---
title: OEA del Perú
sources: [https://www.sunat.gob.pe/]
jurisdictions: [PE]
agency: [SUNAT]
language: es
translation_of: programmes/pe-oea.md
programme: { name: OEA, agency: SUNAT, launched: "2012-10" }
${extra}---
${body}`, 'es/programmes/pe-oea.md');

const good = `## Base legal
<!-- questions:
- que norma regula el OEA 2099?
-->
El OEA del Perú se basa en el Decreto Supremo 184-2016-EF; la versión 4 rige desde el 1 de enero de 2026.
## Número de OEA
La SUNAT había certificado 1.234 OEA hasta 2024.
`;

describe('translation sync', () => {
  it('reads digits in any notation and acronyms through their translations', () => {
    expect(factTokens('1,234 AEOs, MRA with the EU')).toEqual(factTokens('1.234 OEA, ARM con la UE', eq.es));
    expect(factTokens('les ARM UE-Japon', eq.fr)).toEqual(factTokens('MRAs EU-Japan', eq.fr));
    expect(factTokens('ARM UE-EE. UU.', eq.es, eq.phrases)).toEqual(factTokens('EU-US MRA', eq.es, eq.phrases));
  });

  it('accepts a faithful translation (questions are not compared)', () => {
    expect(compareTranslation(en, es(good), eq)).toEqual([]);
  });

  it('names the section and the fact when a figure changes or goes missing', () => {
    const out = compareTranslation(en, es(good.replace('1.234', '1.243').replace('de 2026', '')), eq);
    expect(out.map(formatMismatch)).toEqual([
      'knowledge/es/programmes/pe-oea.md (translation of programmes/pe-oea.md) [Legal basis / Base legal]: lacks 2026',
      'knowledge/es/programmes/pe-oea.md (translation of programmes/pe-oea.md) [Number of AEOs / Número de OEA]: lacks 234; adds 243',
    ]);
  });

  it('flags a missing section, a changed agency and an acronym the original lacks', () => {
    expect(compareTranslation(en, es(good.replace(/## Número de OEA[\s\S]*/, '')), eq)[0]).toMatchObject({ where: 'sections' });
    const other = compareTranslation(en, es(good.replace('SUNAT había', 'SUNAT (DIAN) había'), 'kind: faq\n'), eq);
    expect(other.map((m) => m.where)).toEqual(['front matter', 'Number of AEOs / Número de OEA']);
    expect(other[0]?.missing).toEqual(['kind differs']);
    expect(other[1]?.extra).toEqual(['DIAN']);
  });

  it('uses a translated registry note and marks an untranslated one as English', () => {
    const reg = parseRegistry(`title: R
as_of: 2026-11-01
sources: [x]
arrangements:
  - { id: a-b, parties: [US, PE], scope: bilateral, instrument: MRA, status: signed, confidence: high, sources: [x],
      note: "Signed in 2018.", note_es: "Firmado en 2018." }
  - { id: pa, parties: [PE, CL, CO, MX], name: Pacific Alliance MRA, name_es: ARM de la Alianza del Pacífico,
      scope: regional, instrument: MRA, status: signed, confidence: high, sources: [x], note: "Four members." }
`, 'mra/registry.yaml');
    expect(arrangementNote(reg.arrangements[0]!, 'es')).toEqual({ text: 'Firmado en 2018.', english: false });
    expect(arrangementNote(reg.arrangements[1]!, 'es')).toEqual({ text: 'Four members.', english: true });
    expect(arrangementLabel(reg.arrangements[1]!, 'es')).toBe('ARM de la Alianza del Pacífico');
    expect(arrangementLabel(reg.arrangements[1]!, 'fr')).toBe('Pacific Alliance MRA');
  });

  it('every translated page in knowledge/ agrees with its English original', async () => {
    const report = await checkTranslations(join(root, 'knowledge'), eq);
    expect(report.mismatches.map(formatMismatch)).toEqual([]);
    expect([...report.translations.values()].flat().length).toBeGreaterThan(40);
  });
});
