import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMarkdown } from '../../src/knowledge/loaders.js';
import { CountryResolver } from '../../src/mra/country-resolver.js';
import { NameTable } from '../../src/understanding/name-table.js';
import { REPO } from '../helpers/paths.js';

const resolver = new CountryResolver();
const dir = join(REPO, 'knowledge', 'programmes');
const metas = readdirSync(dir).filter((f) => f.endsWith('.md'))
  .map((f) => loadMarkdown(readFileSync(join(dir, f), 'utf8'), `programmes/${f}`).meta);
const isWord = (w: string) => w === 'begin';

describe('NameTable built in slices before a swap', () => {
  it('is the same table as one built in one go, and pauses between its slices', async () => {
    let pauses = 0;
    const sliced = await NameTable.buildInSlices(metas, resolver, isWord, async () => {
      pauses++;
    }, 0);
    expect(sliced).toEqual(NameTable.build(metas, resolver, isWord));
    // At least one pause per page's names and per name entry (a slice of 0 ms pauses after every step).
    expect(pauses).toBeGreaterThan(metas.length);
    expect(sliced.get('ctpat')?.codes).toEqual(['US']);
  });
});
