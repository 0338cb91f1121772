import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrontMatter, splitFrontMatter } from '../../src/knowledge/front-matter.js';
import { parseRegistry } from '../../src/knowledge/registry.js';
import { scanKnowledge } from '../../src/knowledge/scan.js';
import { isRegistryFile } from '../../src/knowledge/registry.js';
import { isKnownPartyCode } from '../../src/knowledge/countries.js';
import { REPO } from '../helpers/paths.js';

const KNOWLEDGE = join(REPO, 'knowledge');
const files = await scanKnowledge(KNOWLEDGE);
const markdown = files.filter((f) => f.rel.endsWith('.md'));

describe('the shipped knowledge base', () => {
  it('has Markdown pages and the MRA registry', () => {
    expect(markdown.length).toBeGreaterThan(3);
    expect(files.some((f) => isRegistryFile(f.rel))).toBe(true);
  });

  it.each(markdown.map((f) => [f.rel, f.abs]))('%s has valid front matter with sources and known jurisdictions', (_rel, abs) => {
    const split = splitFrontMatter(readFileSync(abs, 'utf8'));
    expect(split.yaml, 'front matter block').toBeDefined();
    const fm = parseFrontMatter(split.yaml ?? '');
    expect(fm.sources.length).toBeGreaterThan(0);
    expect(fm.updated, 'updated date').toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const j of fm.jurisdictions) expect(j === 'INT' || isKnownPartyCode(j), `jurisdiction ${j}`).toBe(true);
    expect(split.body.trim().length).toBeGreaterThan(50);
  });

  it.each(markdown.map((f) => [f.rel, f.abs]))('%s has programme list items that YAML did not split at a comma', (_rel, abs) => {
    const fm = parseFrontMatter(splitFrontMatter(readFileSync(abs, 'utf8')).yaml ?? '');
    for (const v of Object.values(fm.programme ?? {})) {
      // "lower costs (up to 40%, estimate)" unquoted in a [flow list] becomes two items with unbalanced brackets.
      for (const item of Array.isArray(v) ? v.map(String) : []) {
        expect((item.match(/\(/g) ?? []).length, item).toBe((item.match(/\)/g) ?? []).length);
      }
    }
  });

  it('has a registry that validates, with every regional arrangement listing its members', () => {
    const reg = files.find((f) => isRegistryFile(f.rel))!;
    const parsed = parseRegistry(readFileSync(reg.abs, 'utf8'), reg.rel);
    expect(parsed.arrangements.length).toBe(94);
    for (const a of parsed.arrangements.filter((x) => x.scope === 'regional')) {
      expect(a.name).toBeTruthy();
      expect(a.parties.length).toBeGreaterThan(2);
    }
  });
});

describe('programme pages', () => {
  // The 31 programmes of the sourced facts (shared/domain/aeo-mra-facts.md, section b).
  const EXPECTED = ['EU', 'US', 'CA', 'MX', 'JP', 'CN', 'KR', 'SG', 'NZ', 'AU', 'IN', 'HK', 'TW', 'GB', 'BR', 'CO', 'PE', 'CR', 'GT', 'DO', 'UY', 'CL', 'AR', 'JM', 'EC', 'SV', 'CU', 'BS', 'BO', 'PY', 'JO'];

  it('has one page with a programme block for every programme in the facts', () => {
    const covered = new Set<string>();
    for (const f of markdown.filter((m) => m.rel.startsWith('programmes/'))) {
      const fm = parseFrontMatter(splitFrontMatter(readFileSync(f.abs, 'utf8')).yaml ?? '');
      if (!fm.programme) continue;
      expect(typeof fm.programme.name, `${f.rel} programme.name`).toBe('string');
      expect(fm.topics, f.rel).toContain('programme');
      for (const j of fm.jurisdictions) covered.add(j);
    }
    expect(EXPECTED.filter((c) => !covered.has(c))).toEqual([]);
  });
});
