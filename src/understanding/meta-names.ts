import { isKnownPartyCode } from '../knowledge/countries.js';
import type { DocMeta } from '../knowledge/types.js';

/** A name users type for a jurisdiction, as a knowledge page states it. */
export interface MetaName {
  name: string;
  codes: string[];
  via: 'programme' | 'agency';
}

/**
 * Names from one page's front matter: `agency` and `aliases` lists, and `programme.name` / `programme.agency`, which
 * are free text ("Canada Border Services Agency (CBSA)", "... (DIAN), with the National Police, ICA and INVIMA").
 * A page about several jurisdictions (PA, BZ, GY) cannot say whose name each is, so it gives none; the country
 * names in its aliases ("Panama AEO") are found as country names anyway.
 */
export function metaNames(meta: DocMeta): MetaName[] {
  const codes = [...new Set((meta.jurisdictions ?? []).map((c) => c.toUpperCase()).filter(isKnownPartyCode))];
  if (codes.length !== 1) return [];
  const out: MetaName[] = [];
  const add = (names: string[], via: MetaName['via']) => {
    for (const name of names) out.push({ name, codes, via });
  };
  add((meta.aliases ?? []).flatMap((s) => splitName(s)).flatMap(withInflections), 'programme');
  add((meta.agency ?? []).flatMap((s) => splitName(s)), 'agency');
  const programme = meta.programme ?? {};
  if (typeof programme.name === 'string') add(splitName(dropCommentary(programme.name)), 'programme');
  if (typeof programme.agency === 'string') add(splitName(dropCommentary(programme.agency)), 'agency');
  return out;
}

/** Free text keeps its first clause: what follows ", " or " with " outside parentheses is commentary. */
function dropCommentary(s: string): string {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (s.startsWith(', ', i) || /^ (?:with|con|avec) /i.test(s.slice(i, i + 6)))) return s.slice(0, i);
  }
  return s;
}

/**
 * "Partners in Protection (PIP)" -> the name and its acronym; "A / B" -> both; "(CBIC; formerly CBEC)" -> both
 * acronyms. Parenthesised text is a second name, not part of the first.
 */
export function splitName(s: string): string[] {
  const out: string[] = [];
  for (const alternative of s.split(/\s+\/\s+/)) {
    const inner = [...alternative.matchAll(/\(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(/[,;]/));
    const outer = alternative.replace(/\([^)]*\)/g, ' ');
    for (const n of [outer, ...inner]) {
      const t = n.replace(/^\s*(?:formerly|antes|anciennement|ex)\s+/i, '').replace(/\s+/g, ' ').trim();
      if (t) out.push(t);
    }
  }
  return out;
}

/**
 * Spanish and French demonyms, which pages list in lower case as their languages write them, also in their
 * feminine and plural forms: "néo-zélandais" -> "néo-zélandaise(s)", "peruano" -> "peruana(s)", "japonés" ->
 * "japonesa(s)". Capitalised names and phrases of several words other than hyphenated ones are left as written.
 */
export function withInflections(name: string): string[] {
  if (!/^[\p{Ll}-]+$/u.test(name) || name.length < 5) return [name];
  for (const [ending, forms] of DEMONYM_FORMS) {
    if (name.endsWith(ending)) return [name, ...forms.map((f) => name.slice(0, -ending.length) + f)];
  }
  return [name];
}

/** Ending of a masculine singular demonym -> its other forms. */
const DEMONYM_FORMS: [string, string[]][] = [
  ['ienne', ['ien', 'iens', 'iennes']],
  ['éen', ['éenne', 'éens', 'éennes']],
  ['ique', ['iques']],
  ['eo', ['ea', 'eos', 'eas']],
  ['ien', ['ienne', 'iens', 'iennes']],
  ['ais', ['aise', 'aises']],
  ['ois', ['oise', 'oises']],
  ['ain', ['aine', 'ains', 'aines']],
  ['és', ['esa', 'eses', 'esas']],
  ['ense', ['enses']],
  ['eño', ['eña', 'eños', 'eñas']],
  ['ano', ['ana', 'anos', 'anas']],
  ['ino', ['ina', 'inos', 'inas']],
  ['eno', ['ena', 'enos', 'enas']],
  ['ico', ['ica', 'icos', 'icas']],
  ['ero', ['era', 'eros', 'eras']],
  ['eco', ['eca', 'ecos', 'ecas']],
  ['ayo', ['aya', 'ayos', 'ayas']],
];
