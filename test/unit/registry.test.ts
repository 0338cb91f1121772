import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkRegistry, parseRegistry } from '../../src/knowledge/registry.js';
import { formatPartialDate, isPartialDate } from '../../src/knowledge/dates.js';
import { FIXTURE_KNOWLEDGE } from '../helpers/paths.js';

const text = readFileSync(join(FIXTURE_KNOWLEDGE, 'mra/registry.yaml'), 'utf8');

describe('parseRegistry', () => {
  it('validates the fixture and renders one chunk per arrangement with its own sources', () => {
    const reg = parseRegistry(text, 'mra/registry.yaml');
    expect(reg.arrangements).toHaveLength(2);
    const chunks = chunkRegistry(reg);
    expect(chunks[0]?.text).toContain('European Union and Japan');
    expect(chunks[0]?.text).toContain('signed 24 June 2010');
    expect(chunks[1]?.jurisdictions).toEqual(['CL', 'CO', 'MX', 'PE']);
    expect(chunks[1]?.sources).toEqual(['https://alianzapacifico.net/']);
  });

  it('names the entry with an unknown country code', () => {
    expect(() => parseRegistry(text.replace('[EU, JP]', '[EU, XX]'), 'r.yaml')).toThrow(/entry 1 \(eu-jp\): unknown country code XX/);
  });

  it('names the entry with an impossible date', () => {
    expect(() => parseRegistry(text.replace('"2010-06-24"', '"2010-02-30"'), 'r.yaml')).toThrow(/entry 1 \(eu-jp\).*date_signed/);
  });

  it('rejects a duplicate pair, naming both entries', () => {
    const dup = text.replace('id: pacific-alliance', 'id: eu-jp-again').replace('[CL, CO, MX, PE]', '[JP, EU]').replace('scope: regional', 'scope: bilateral');
    expect(() => parseRegistry(dup, 'r.yaml')).toThrow(/entry 2 \(eu-jp-again\): duplicate of eu-jp/);
  });
});

describe('partial dates', () => {
  it('keeps the precision the source gives', () => {
    expect(formatPartialDate('2014-05-16')).toBe('16 May 2014');
    expect(formatPartialDate('2007-06')).toBe('June 2007');
    expect(formatPartialDate('2022')).toBe('2022');
    expect(formatPartialDate('2022-09-28', 'es')).toBe('28 de septiembre de 2022');
    expect(formatPartialDate('2022-09-28', 'fr')).toBe('28 septembre 2022');
    expect(isPartialDate('2023-13')).toBe(false);
  });
});

describe('registry caveats', () => {
  it('shows a visible caveat for low-confidence rows', () => {
    const low = text.replace('confidence: high', 'confidence: low');
    const [row] = chunkRegistry(parseRegistry(low, 'r.yaml'));
    expect(row?.text).toMatch(/\(unverified/);
  });
});
